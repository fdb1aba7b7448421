#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace pgapply::ddl {

// Lines of a text by byte offset, found by binary search (a statement can be
// large and hold many declarations).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // 1-based line of the byte at `offset` (past the end: the last line).
  std::size_t line_of(std::size_t offset) const;

 private:
  std::vector<std::size_t> newlines_;  // offsets of '\n'
};

}  // namespace pgapply::ddl
