#include "core/sql_quote.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "core/utf8.hpp"

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

std::string quote_literal_ascii(std::string_view value) {
  const bool ascii = std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return quote_literal(value);
  check_no_nul(value, "literal");
  std::string out = "E'";
  out.reserve(value.size() * 2 + 3);
  for (std::size_t at = 0; at < value.size();) {
    const auto byte = static_cast<unsigned char>(value[at]);
    if (byte < 0x80) {
      if (value[at] == '\'' || value[at] == '\\') out += value[at];
      out += value[at++];
      continue;
    }
    const std::optional<char32_t> code = next_code_point(value, at);
    if (!code) ++at;  // not UTF-8: one replacement character per byte
    char escape[16];
    const auto point = static_cast<unsigned long>(code.value_or(0xFFFD));
    std::snprintf(escape, sizeof escape, point > 0xFFFF ? "\\U%08lX" : "\\u%04lX", point);
    out += escape;
  }
  out += '\'';
  return out;
}

std::string quote_qualified_name(std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote_identifier(name);
  return quote_identifier(schema) + "." + quote_identifier(name);
}

}  // namespace pgapply
