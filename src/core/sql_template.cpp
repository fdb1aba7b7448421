#include "core/sql_template.hpp"

#include <algorithm>
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

std::vector<std::optional<std::string>> SqlCall::values() const {
  std::vector<std::optional<std::string>> out;
  out.reserve(params.size());
  for (const auto& param : params) {
    if (!param.psql_variable.empty()) throw std::logic_error("a psql variable in a statement sent to the server: " + sql);
    out.push_back(param.value);
  }
  return out;
}

namespace {

// pgapply's own SQL without its comment lines.
std::string without_comment_lines(std::string_view sql) {
  std::string out;
  std::size_t start = 0;
  while (start < sql.size()) {
    const auto end = std::min(sql.find('\n', start), sql.size());
    const std::string_view line = sql.substr(start, end - start);
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.compare(first, 2, "--") != 0) {
      out.append(line);
      out += '\n';
    }
    start = end + 1;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

std::string bind_literals(const SqlCall& call) {
  std::string out;
  const std::string sql = without_comment_lines(call.sql);
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
    const auto& param = call.params[number - 1];
    if (!param.psql_variable.empty()) {
      out += ":'" + param.psql_variable + "'";
    } else {
      out += param.value ? quote_literal_ascii(*param.value) : "NULL";
    }
    i = end - 1;
  }
  return out;
}

}  // namespace pgapply
