#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace pgapply::split {

// Input the splitter cannot split. The position is where the offending thing
// starts: for an unterminated quote, comment or COPY block, where it OPENED.
class SplitError : public std::runtime_error {
 public:
  SplitError(std::string message, std::size_t at_offset, std::size_t at_line, std::size_t at_column,
             bool ran_out)
      : std::runtime_error(std::move(message)),
        offset(at_offset), line(at_line), column(at_column), unterminated(ran_out) {}

  std::size_t offset;
  std::size_t line;
  std::size_t column;
  // Ran out of input inside something: with more input it might have split.
  bool unterminated;
};

}  // namespace pgapply::split
