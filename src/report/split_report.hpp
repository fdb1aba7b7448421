#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "report/json_document.hpp"
#include "split/item.hpp"

namespace pgapply::report {

enum class SplitFormat { text, count };

// What `pgapply split` prints for one file:
//   text   each item as "-- FILE:LINE:COL KIND [START,END)" and its bytes;
//   count  "N FILE", N being the number of sql items.
std::string render_split(std::string_view file, std::string_view text,
                         const std::vector<split::Item>& items, SplitFormat format);

// One file of `pgapply split --format json` (the command makes one document
// of them, "files": [...]): {"file", "statements": n, "items": [{index
// (1-based), kind, line, column, start, end, text (invalid UTF-8 replaced
// by U+FFFD)}]}.
Json split_file_json(std::string_view file, std::string_view text, const std::vector<split::Item>& items);

}  // namespace pgapply::report
