#include "lexer/setting_statement.hpp"

namespace pgapply::lexer {

std::optional<SettingStatement> setting_statement(const std::vector<Token>& tokens, std::string_view name,
                                                  std::string_view alias) {
  const auto names_it = [&](const Token& token) {
    return token.is_word(name) || (!alias.empty() && token.is_word(alias));
  };
  if (tokens.size() >= 2 && tokens[0].is_word("reset")) {
    if (tokens[1].is_word("all") || names_it(tokens[1])) return SettingStatement{false, true, 0};
    return std::nullopt;
  }
  if (tokens.empty() || !tokens[0].is_word("set")) return std::nullopt;
  SettingStatement found;
  std::size_t i = 1;
  if (i < tokens.size() && (tokens[i].is_word("session") || tokens[i].is_word("local"))) {
    found.local = tokens[i].is_word("local");
    ++i;
  }
  if (i >= tokens.size() || !names_it(tokens[i])) return std::nullopt;
  ++i;
  if (i < tokens.size() && (tokens[i].is_word("to") || (tokens[i].kind == TokenKind::op && tokens[i].text == "="))) {
    ++i;
  }
  if (i >= tokens.size()) return std::nullopt;
  found.to_default = tokens[i].is_word("default");
  found.value = i;
  return found;
}

}  // namespace pgapply::lexer
