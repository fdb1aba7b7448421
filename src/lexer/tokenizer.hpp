#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::lexer {

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
  bool opens_bracket() const { return is_punct("(") || is_punct("["); }
  bool closes_bracket() const { return is_punct(")") || is_punct("]"); }
  // A name: an unquoted word or a quoted identifier.
  bool is_name() const { return kind == TokenKind::word || kind == TokenKind::quoted_identifier; }
};

// The ( and [ nesting over a run of tokens, for loops that look for
// something at depth 0. A closing bracket with none open is not counted
// (unbalanced text never goes below 0).
struct BracketDepth {
  std::size_t depth = 0;
  // Takes the next token; true if it was a bracket it counted.
  bool step(const Token& token) {
    if (token.opens_bracket()) {
      ++depth;
      return true;
    }
    if (token.closes_bracket() && depth > 0) {
      --depth;
      return true;
    }
    return false;
  }
  bool at_top() const { return depth == 0; }
};

// NAMEDATALEN - 1: PostgreSQL cuts longer names to this many bytes.
inline constexpr std::size_t max_name_bytes = 63;

// At most `bytes` bytes of `name`, not cutting a UTF-8 character (the
// server's pg_mbcliplen, as truncate_identifier uses it).
std::string clip_name(std::string_view name, std::size_t bytes = max_name_bytes);

// Whether `text` holds `lower` (lower case), in any ASCII letter case: a
// cheap look before tokenizing.
bool contains_ignoring_case(std::string_view text, std::string_view lower);

// The tokens of SQL text (usually one statement), comments and whitespace
// dropped; at most `limit` of them (a statement's head is enough to classify
// it). Text the splitter accepted always tokenizes; anything unterminated
// ends the token list (tokenizing never throws).
std::vector<Token> tokenize(std::string_view text, std::size_t limit = static_cast<std::size_t>(-1));

}  // namespace pgapply::lexer
