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
  for (const auto& item : items) {
    const std::string_view bytes = text.substr(item.start, item.end - item.start);
    out += "-- " + std::string(file) + ':' + std::to_string(item.line) + ':' + std::to_string(item.column) + ' ' +
           std::string(to_string(item.kind)) + " [" + std::to_string(item.start) + ',' + std::to_string(item.end) +
           ")\n";
    out += bytes;
    if (bytes.empty() || bytes.back() != '\n') out += '\n';
  }
  return out;
}

Json split_file_json(std::string_view file, std::string_view text, const std::vector<split::Item>& items) {
  Json list = Json::array();
  std::size_t index = 0, statements = 0;
  for (const auto& item : items) {
    ++index;
    if (item.kind == split::ItemKind::sql) ++statements;
    list.push_back({{"index", index},
                    {"kind", to_string(item.kind)},
                    {"line", item.line},
                    {"column", item.column},
                    {"start", item.start},
                    {"end", item.end},
                    {"text", text.substr(item.start, item.end - item.start)}});
  }
  return {{"file", file}, {"statements", statements}, {"items", list}};
}

}  // namespace pgapply::report
