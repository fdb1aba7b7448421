#include "core/sql_template.hpp"

#include <stdexcept>

namespace pgapply {

std::string render_sql(std::string_view sql_template, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(sql_template.size());
  std::size_t from = 0;
  while (true) {
    const auto open = sql_template.find("{{", from);
    if (open == std::string_view::npos) break;
    const auto close = sql_template.find("}}", open);
    if (close == std::string_view::npos) break;
    const std::string name(sql_template.substr(open + 2, close - open - 2));
    const auto value = values.find(name);
    if (value == values.end()) throw std::logic_error("no value for {{" + name + "}} in embedded SQL");
    out.append(sql_template.substr(from, open - from));
    out += value->second;
    from = close + 2;
  }
  out.append(sql_template.substr(from));
  return out;
}

}  // namespace pgapply
