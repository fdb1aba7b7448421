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

namespace {

// The setting named from tokens[i] on (see set_setting).
std::optional<SetSetting> set_setting_of(const std::vector<Token>& tokens, std::size_t i, bool local) {
  SetSetting found;
  found.local = local;
  const Token& first = tokens[i];
  if (!first.is_name()) return std::nullopt;
  if (first.kind == TokenKind::word) {
    if (first.value == "transaction" || first.value == "constraints" || first.value == "names" ||
        first.value == "characteristics") {
      return std::nullopt;
    }
    if (first.value == "schema") return SetSetting{"search_path", local};
    if (first.value == "seed") return std::nullopt;  // (setseed(): no value to keep and give back)
    if (first.value == "xml" && i + 1 < tokens.size() && tokens[i + 1].is_word("option")) {
      return SetSetting{"xmloption", local};
    }
    if (first.value == "time" && i + 1 < tokens.size() && tokens[i + 1].is_word("zone")) {
      return SetSetting{"timezone", local};
    }
    if (first.value == "session" && i + 1 < tokens.size() && tokens[i + 1].is_word("authorization")) {
      return SetSetting{"session_authorization", local};
    }
  }
  found.name = first.value;
  // A custom setting's name.with.dots
  for (i = i + 1; i + 1 < tokens.size() && tokens[i].is_punct(".") && tokens[i + 1].is_name(); i += 2) {
    found.name += "." + tokens[i + 1].value;
  }
  return found;
}

}  // namespace

std::optional<SetSetting> set_setting(const std::vector<Token>& tokens) {
  if (tokens.size() >= 2 && tokens[0].is_word("reset") && tokens[1].is_name() && !tokens[1].is_word("all")) {
    return set_setting_of(tokens, 1, false);
  }
  if (tokens.size() < 2 || !tokens[0].is_word("set")) return std::nullopt;
  std::size_t i = 1;
  bool local = false;
  // (SESSION AUTHORIZATION is a name, not SESSION then AUTHORIZATION)
  const bool authorization = tokens.size() > 2 && tokens[2].is_word("authorization");
  if (tokens[i].is_word("local") || (tokens[i].is_word("session") && !authorization)) {
    local = tokens[i].is_word("local");
    if (++i >= tokens.size()) return std::nullopt;
  }
  return set_setting_of(tokens, i, local);
}

namespace {

// The words of `tokens`, a string's or dollar-quoted body's own words in its
// place (to `depth` levels), and ';' where a statement ends.
void flat_words(const std::vector<Token>& tokens, int depth, std::vector<std::string>& out) {
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::word) {
      out.push_back(token.value);
    } else if (token.is_punct(";")) {
      out.emplace_back(";");
    } else if ((token.kind == TokenKind::string || token.kind == TokenKind::dollar_string) && depth > 0 &&
               (contains_ignoring_case(token.value, "alter") || contains_ignoring_case(token.value, "set"))) {
      flat_words(tokenize(token.value), depth - 1, out);
    }
  }
}

}  // namespace

bool may_change_stored_settings(std::string_view statement) {
  if (!contains_ignoring_case(statement, "alter") ||
      !(contains_ignoring_case(statement, "database") || contains_ignoring_case(statement, "role") ||
        contains_ignoring_case(statement, "user"))) {
    return false;
  }
  std::vector<std::string> words;
  flat_words(tokenize(statement), 2, words);
  for (std::size_t i = 0; i + 2 < words.size(); ++i) {
    if (words[i] != "alter" || !(words[i + 1] == "database" || words[i + 1] == "role" || words[i + 1] == "user") ||
        words[i + 2] == "mapping") {
      continue;
    }
    for (std::size_t k = i + 2; k < words.size() && words[k] != ";"; ++k) {
      if (words[k] == "set" || words[k] == "reset") return true;
    }
  }
  return false;
}

}  // namespace pgapply::lexer
