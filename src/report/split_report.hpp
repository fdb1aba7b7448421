#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "split/item.hpp"

namespace pgapply::report {

enum class SplitFormat { text, json, count };

// What `pgapply split` prints for one file:
//   text   each item as "-- FILE:LINE:COL KIND [START,END)" and its bytes;
//   json   one object per line: file, index (1-based), kind, line, column,
//          start, end, text (invalid UTF-8 replaced by U+FFFD);
//   count  "N FILE", N being the number of sql items.
std::string render_split(std::string_view file, std::string_view text,
                         const std::vector<split::Item>& items, SplitFormat format);

}  // namespace pgapply::report
