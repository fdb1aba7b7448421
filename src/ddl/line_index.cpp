#include "ddl/line_index.hpp"

#include <algorithm>

namespace pgapply::ddl {

LineIndex::LineIndex(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') newlines_.push_back(i);
  }
}

std::size_t LineIndex::line_of(std::size_t offset) const {
  // newlines strictly before the offset
  return 1 + static_cast<std::size_t>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) - newlines_.begin());
}

}  // namespace pgapply::ddl
