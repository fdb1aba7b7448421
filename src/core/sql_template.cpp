#include "core/sql_template.hpp"

#include <stdexcept>

#include "core/sql_quote.hpp"

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

std::string bind_literals(const SqlCall& call) {
  std::string out;
  const std::string& sql = call.sql;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '$' || i + 1 >= sql.size() || sql[i + 1] < '0' || sql[i + 1] > '9') {
      out += sql[i];
      continue;
    }
    std::size_t end = i + 1;
    while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
    const std::size_t number = std::stoul(sql.substr(i + 1, end - i - 1));
    if (number == 0 || number > call.params.size()) {
      throw std::logic_error("no value for $" + std::to_string(number) + " in " + sql);
    }
    const auto& value = call.params[number - 1];
    out += value ? quote_literal(*value) : "NULL";
    i = end - 1;
  }
  return out;
}

}  // namespace pgapply
