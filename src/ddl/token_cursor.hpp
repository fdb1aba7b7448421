#pragma once

// A read position in a statement's tokens, with the small steps the DDL
// parsers share: accepting keywords, reading names, skipping parenthesised
// groups, and cutting the statement's text between two tokens. Nothing here
// throws: reading past the end yields nothing.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ddl/qualified_name.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

// Half-open range of token indexes.
struct TokenRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return begin >= end; }
};

class TokenCursor {
 public:
  // `text` is what the tokens were made from; the tokens must outlive the cursor.
  TokenCursor(std::string_view text, const std::vector<lexer::Token>& tokens);
  // A cursor limited to `range` of the same tokens.
  TokenCursor(std::string_view text, const std::vector<lexer::Token>& tokens, TokenRange range);

  bool done() const { return pos_ >= end_; }
  std::size_t pos() const { return pos_; }
  std::size_t end() const { return end_; }
  void seek(std::size_t pos) { pos_ = pos < end_ ? pos : end_; }
  void advance(std::size_t count = 1) { seek(pos_ + count); }
  TokenCursor sub(TokenRange range) const { return TokenCursor(text_, tokens_, range); }

  // The token `ahead` places on, or nullptr past the end.
  const lexer::Token* peek(std::size_t ahead = 0) const;
  const lexer::Token& token(std::size_t index) const { return tokens_[index]; }

  bool at_word(std::string_view lower, std::size_t ahead = 0) const;
  bool at_any_word(std::initializer_list<std::string_view> words, std::size_t ahead = 0) const;
  bool at_punct(std::string_view punct, std::size_t ahead = 0) const;
  bool at_op(std::string_view op, std::size_t ahead = 0) const;
  bool at_name(std::size_t ahead = 0) const;

  // Consume the word(s) if next, all or nothing.
  bool accept_word(std::string_view lower);
  bool accept_words(std::initializer_list<std::string_view> words);
  bool accept_punct(std::string_view punct);
  bool accept_op(std::string_view op);
  // Consumes IF NOT EXISTS / IF EXISTS.
  bool accept_if_not_exists() { return accept_words({"if", "not", "exists"}); }
  bool accept_if_exists() { return accept_words({"if", "exists"}); }

  // A name (unquoted word or quoted identifier), folded.
  std::optional<std::string> accept_name();
  // name, schema.name, or database.schema.name (the database is dropped).
  std::optional<QualifiedName> accept_qualified_name();

  // If at '(' or '[': the index just past the matching close (or the end).
  std::size_t group_end(std::size_t open) const;
  // Skips a parenthesised group if at one; returns whether it did.
  bool skip_group();
  // Skips one token, or a whole group if at an opening bracket.
  void skip_element();
  // If at '(': the range inside it, the cursor moved past the ')'. An
  // unclosed group's inside runs to the end.
  std::optional<TokenRange> accept_parenthesised();
  // Whether the bracket at `close` closes the one at `open`.
  bool closes(std::size_t open, std::size_t close) const;

  // Index of the first token from the cursor at bracket depth 0 for which
  // `stop(token)` holds, or end().
  template <typename Stop>
  std::size_t find_at_depth0(Stop stop) const {
    lexer::BracketDepth brackets;
    for (std::size_t i = pos_; i < end_; ++i) {
      const lexer::Token& t = tokens_[i];
      if (brackets.at_top() && stop(t)) return i;
      brackets.step(t);
    }
    return end_;
  }

  // The ranges between depth-0 commas of `range` (empty pieces kept).
  std::vector<TokenRange> split_commas(TokenRange range) const;
  // The ranges between depth-0 commas from the cursor to the end.
  std::vector<TokenRange> split_commas() const { return split_commas({pos_, end_}); }

  // The statement text from the first to the last token of `range`, as
  // written (comments inside included); "" for an empty range.
  std::string text(TokenRange range) const;
  // The same with runs of whitespace collapsed to one space.
  std::string collapsed_text(TokenRange range) const;
  std::size_t offset_of(std::size_t index) const;

  std::string_view source() const { return text_; }
  const std::vector<lexer::Token>& tokens() const { return tokens_; }

 private:
  std::string_view text_;
  const std::vector<lexer::Token>& tokens_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
};

// Upper-cases ASCII letters.
std::string to_upper(std::string_view text);

}  // namespace pgapply::ddl
