#include "report/split_report.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace pgapply::report {

std::string render_split(std::string_view file, std::string_view text,
                         const std::vector<split::Item>& items, SplitFormat format) {
  std::string out;
  if (format == SplitFormat::count) {
    const auto statements = std::count_if(items.begin(), items.end(), [](const split::Item& item) {
      return item.kind == split::ItemKind::sql;
    });
    out += std::to_string(statements) + ' ' + std::string(file) + '\n';
    return out;
  }
  std::size_t index = 0;
  for (const auto& item : items) {
    ++index;
    const std::string_view bytes = text.substr(item.start, item.end - item.start);
    if (format == SplitFormat::json) {
      nlohmann::ordered_json object = {
          {"file", file},           {"index", index},
          {"kind", to_string(item.kind)}, {"line", item.line},
          {"column", item.column},  {"start", item.start},
          {"end", item.end},        {"text", bytes},
      };
      out += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      out += '\n';
    } else {
      out += "-- " + std::string(file) + ':' + std::to_string(item.line) + ':' +
             std::to_string(item.column) + ' ' + std::string(to_string(item.kind)) + " [" +
             std::to_string(item.start) + ',' + std::to_string(item.end) + ")\n";
      out += bytes;
      if (bytes.empty() || bytes.back() != '\n') out += '\n';
    }
  }
  return out;
}

}  // namespace pgapply::report
