#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::sql {

enum class TokenKind {
  word,               // keyword or unquoted identifier
  quoted_identifier,  // "..." (value: unquoted)
  string,             // '...', E'...', and B/X/N/U& prefixed ones (value: see Token)
  dollar_string,      // $tag$...$tag$ (value: the body)
  number,             // 42, 3.5, 1e6
  parameter,          // $1
  variable,           // psql :name, :'name', :"name"
  punctuation,        // ( ) , ; [ ] . and ::
  op,                 // an operator: = <> + - ...
  other,              // anything else (a lone backslash...)
};

struct Token {
  TokenKind kind = TokenKind::other;
  std::string_view text;  // as written
  std::size_t offset = 0;  // of text within the statement
  // word: lower-cased as PostgreSQL folds unquoted names (ASCII letters only);
  // quoted_identifier: the name with "" undoubled; both cut to 63 bytes as
  // PostgreSQL cuts names; string: the value of a
  // standard string ('' undoubled; other kinds: the text between the quotes);
  // dollar_string: the body; others: the text.
  std::string value;

  bool is_word(std::string_view lower) const { return kind == TokenKind::word && value == lower; }
  bool is_punct(std::string_view p) const { return kind == TokenKind::punctuation && text == p; }
  // A name: an unquoted word or a quoted identifier.
  bool is_name() const { return kind == TokenKind::word || kind == TokenKind::quoted_identifier; }
};

// The tokens of SQL text (usually one statement), comments and whitespace
// dropped; at most `limit` of them (a statement's head is enough to classify
// it). Text the splitter accepted always tokenizes; anything unterminated
// ends the token list (tokenizing never throws).
std::vector<Token> tokenize(std::string_view text, std::size_t limit = static_cast<std::size_t>(-1));

}  // namespace pgapply::sql
