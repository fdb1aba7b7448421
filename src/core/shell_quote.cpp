#include "core/shell_quote.hpp"

namespace pgapply {

std::string shell_word(std::string_view word) {
  const auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '/' || c == ':' || c == '=' || c == '@' || c == ',' || c == '+';
  };
  bool quote = word.empty();
  for (const char c : word) quote = quote || !plain(c);
  if (!quote) return std::string(word);
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string hint_word(std::string_view word) {
  if (word != hint_placeholder) return shell_word(word);
  std::string out(1, '\'');
  out.append(word);
  out += '\'';
  return out;
}

std::string pgapply_words(const std::vector<std::string>& words) {
  std::string command = "pgapply";
  for (const auto& word : words) {
    command += ' ';
    command.append(hint_word(word));
  }
  return command;
}

}  // namespace pgapply
