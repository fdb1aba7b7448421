#include "lexer/batch_boundaries.hpp"

#include <algorithm>

#include "lexer/statement_kind.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::lexer {
namespace {

// (Inline ASCII tests: these run over every byte of every statement.)
bool is_identifier_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c >= 0x80;
}

// A quick look that clears most statements without tokenizing them.
bool might_need_separate_parse(std::string_view text) {
  if (text.find('\\') != std::string_view::npos || text.find("&'") != std::string_view::npos) return true;
  std::size_t run = 0;
  std::size_t quote_start = std::string_view::npos;  // of an open "..." (or a '...' taken for one)
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    run = is_identifier_byte(c) ? run + 1 : 0;
    if (run > max_name_bytes) return true;
    if (c == '"') {
      if (quote_start == std::string_view::npos) {
        quote_start = i;
      } else {
        if (i - quote_start - 1 > max_name_bytes) return true;
        quote_start = std::string_view::npos;
      }
    }
  }
  return false;
}

bool string_depends_on_settings(std::string_view statement, const Token& token) {
  const std::string_view text = token.text;
  // U&'...': the tokenizer gives U, & and the string apart.
  const std::size_t at = token.offset;
  if (at >= 2 && statement[at - 1] == '&' && (statement[at - 2] == 'u' || statement[at - 2] == 'U')) return true;
  if (text[0] == 'e' || text[0] == 'E') return text.find("\\'") != std::string_view::npos;
  return text.find('\\') != std::string_view::npos;
}

}  // namespace

bool needs_separate_parse(std::string_view statement) {
  if (!might_need_separate_parse(statement)) return false;
  for (const Token& token : tokenize(statement)) {
    switch (token.kind) {
      case TokenKind::word:
        if (token.text.size() > max_name_bytes) return true;
        break;
      case TokenKind::quoted_identifier:
        // (The value is cut already.) Doubled quotes and U&"..." escapes make
        // the text longer than the name: erring long is harmless.
        if (token.text.size() - 2 > max_name_bytes) return true;
        break;
      case TokenKind::string:
        if (string_depends_on_settings(statement, token)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

bool may_change_parse_settings(std::string_view statement) {
  // SET, RESET and set_config hold "set"; most statements do not: one scan.
  if (!contains_ignoring_case(statement, "set")) return false;
  return contains_ignoring_case(statement, "set_config") || is_session_setting(tokenize(statement, 2));
}

bool may_hold_password(std::string_view statement) {
  if (!contains_ignoring_case(statement, "password") && !contains_ignoring_case(statement, "mapping")) return false;
  const auto tokens = tokenize(statement, 4);
  if (tokens.empty()) return false;
  // (a DO block's guarded CREATE ROLE ... PASSWORD; a subscription's CONNECTION string)
  if (tokens[0].is_word("do") || (tokens.size() > 1 && tokens[1].is_word("subscription"))) {
    return contains_ignoring_case(statement, "password");
  }
  if (tokens.size() < 2 || !(tokens[0].is_word("create") || tokens[0].is_word("alter"))) return false;
  if (tokens[1].is_word("user") && tokens.size() > 2 && tokens[2].is_word("mapping")) return true;
  return (tokens[1].is_word("role") || tokens[1].is_word("user") || tokens[1].is_word("group")) &&
         contains_ignoring_case(statement, "password");
}

}  // namespace pgapply::lexer
