#include "core/sql_quote.hpp"

#include <stdexcept>

namespace pgapply {
namespace {

void check_no_nul(std::string_view text, const char* what) {
  if (text.find('\0') != std::string_view::npos) {
    throw std::invalid_argument(std::string(what) + " contains a NUL byte");
  }
}

}  // namespace

std::string quote_identifier(std::string_view name) {
  check_no_nul(name, "identifier");
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string quote_literal(std::string_view value) {
  check_no_nul(value, "literal");
  const bool has_backslash = value.find('\\') != std::string_view::npos;
  std::string out;
  out.reserve(value.size() + 3);
  if (has_backslash) out += 'E';
  out += '\'';
  for (char c : value) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  out += '\'';
  return out;
}

std::string quote_qualified_name(std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote_identifier(name);
  return quote_identifier(schema) + "." + quote_identifier(name);
}

}  // namespace pgapply
