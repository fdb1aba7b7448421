#include "ddl/literals.hpp"

#include <cctype>

namespace pgapply::ddl {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> canonical_decimal(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::string digits;
  long exponent = 0;
  bool any_digit = false;
  while (i < text.size() && is_digit(text[i])) {
    digits += text[i++];
    any_digit = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) {
      digits += text[i++];
      --exponent;
      any_digit = true;
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
    long value = 0;
    while (i < text.size() && is_digit(text[i])) {
      if (value < 100000000) value = value * 10 + (text[i] - '0');
      ++i;
    }
    exponent += exp_negative ? -value : value;
  }
  while (i < text.size() && text[i] == ' ') ++i;
  if (i != text.size()) return std::nullopt;
  // value = digits * 10^exponent; drop leading and trailing zeros.
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return std::string("0");
  digits.erase(0, first);
  while (digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  return std::string(negative ? "-" : "") + digits + "e" + std::to_string(exponent);
}

std::optional<bool> parse_bool(std::string_view text) {
  const std::string value = lower_trimmed(text);
  if (value.empty()) return std::nullopt;
  auto prefix_of = [&value](std::string_view word, std::size_t min_length) {
    return value.size() >= min_length && value.size() <= word.size() && word.starts_with(value);
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || value == "1") return true;
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || value == "0") return false;
  return std::nullopt;
}

std::optional<std::string> decode_escape_string(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
      out += '\'';
      ++i;
      continue;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) return std::nullopt;
    switch (body[i]) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      default:
        if (is_digit(body[i]) || body[i] == 'x' || body[i] == 'u' || body[i] == 'U') return std::nullopt;
        out += body[i];  // any other escaped character stands for itself
    }
  }
  return out;
}

}  // namespace pgapply::ddl
