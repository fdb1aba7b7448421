#include "ddl/token_cursor.hpp"

#include <algorithm>

namespace pgapply::ddl {

TokenCursor::TokenCursor(std::string_view text, const std::vector<lexer::Token>& tokens)
    : text_(text), tokens_(tokens), pos_(0), end_(tokens.size()) {}

TokenCursor::TokenCursor(std::string_view text, const std::vector<lexer::Token>& tokens, TokenRange range)
    : text_(text),
      tokens_(tokens),
      pos_(std::min(range.begin, tokens.size())),
      end_(std::min(range.end, tokens.size())) {
  if (pos_ > end_) pos_ = end_;
}

const lexer::Token* TokenCursor::peek(std::size_t ahead) const {
  return pos_ + ahead < end_ ? &tokens_[pos_ + ahead] : nullptr;
}

bool TokenCursor::at_word(std::string_view lower, std::size_t ahead) const {
  const auto* t = peek(ahead);
  return t != nullptr && t->is_word(lower);
}

bool TokenCursor::at_any_word(std::initializer_list<std::string_view> words, std::size_t ahead) const {
  const auto* t = peek(ahead);
  if (t == nullptr || t->kind != lexer::TokenKind::word) return false;
  return std::find(words.begin(), words.end(), t->value) != words.end();
}

bool TokenCursor::at_punct(std::string_view punct, std::size_t ahead) const {
  const auto* t = peek(ahead);
  return t != nullptr && t->is_punct(punct);
}

bool TokenCursor::at_op(std::string_view op, std::size_t ahead) const {
  const auto* t = peek(ahead);
  return t != nullptr && t->kind == lexer::TokenKind::op && t->text == op;
}

bool TokenCursor::at_name(std::size_t ahead) const {
  const auto* t = peek(ahead);
  return t != nullptr && t->is_name();
}

bool TokenCursor::accept_word(std::string_view lower) {
  if (!at_word(lower)) return false;
  advance();
  return true;
}

bool TokenCursor::accept_words(std::initializer_list<std::string_view> words) {
  std::size_t i = 0;
  for (auto word : words) {
    if (!at_word(word, i)) return false;
    ++i;
  }
  advance(i);
  return true;
}

bool TokenCursor::accept_punct(std::string_view punct) {
  if (!at_punct(punct)) return false;
  advance();
  return true;
}

bool TokenCursor::accept_op(std::string_view op) {
  if (!at_op(op)) return false;
  advance();
  return true;
}

std::optional<std::string> TokenCursor::accept_name() {
  if (!at_name()) return std::nullopt;
  std::string out = peek()->value;
  advance();
  return out;
}

std::optional<QualifiedName> TokenCursor::accept_qualified_name() {
  std::vector<std::string> parts;
  if (!at_name()) return std::nullopt;
  parts.push_back(peek()->value);
  advance();
  while (at_punct(".") && at_name(1)) {
    parts.push_back(peek(1)->value);
    advance(2);
  }
  QualifiedName out;
  out.name = parts.back();
  if (parts.size() >= 2) out.schema = parts[parts.size() - 2];
  return out;
}

std::size_t TokenCursor::group_end(std::size_t open) const {
  std::size_t depth = 0;
  for (std::size_t i = open; i < end_; ++i) {
    const lexer::Token& t = tokens_[i];
    if (t.opens_bracket()) {
      ++depth;
    } else if (t.closes_bracket()) {
      if (depth > 0) --depth;
      if (depth == 0) return i + 1;
    }
  }
  return end_;
}

bool TokenCursor::skip_group() {
  if (!at_punct("(") && !at_punct("[")) return false;
  seek(group_end(pos_));
  return true;
}

void TokenCursor::skip_element() {
  if (!skip_group()) advance();
}

std::optional<TokenRange> TokenCursor::accept_parenthesised() {
  if (!at_punct("(")) return std::nullopt;
  const std::size_t after = group_end(pos_);
  // group_end() stops at the end when the group is not closed: then the
  // inside runs to the end.
  const bool closed = after > pos_ + 1 && after <= end_ && tokens_[after - 1].is_punct(")") && closes(pos_, after - 1);
  TokenRange inside{pos_ + 1, closed ? after - 1 : end_};
  seek(after);
  return inside;
}

bool TokenCursor::closes(std::size_t open, std::size_t close) const {
  std::size_t depth = 0;
  for (std::size_t i = open; i <= close && i < end_; ++i) {
    const lexer::Token& t = tokens_[i];
    if (t.opens_bracket()) {
      ++depth;
    } else if (t.closes_bracket()) {
      if (depth == 0) return false;
      if (--depth == 0) return i == close;
    }
  }
  return false;
}

std::vector<TokenRange> TokenCursor::split_commas(TokenRange range) const {
  std::vector<TokenRange> out;
  range.end = std::min(range.end, end_);
  if (range.begin >= range.end) return out;
  lexer::BracketDepth brackets;
  std::size_t start = range.begin;
  for (std::size_t i = range.begin; i < range.end; ++i) {
    const lexer::Token& t = tokens_[i];
    if (!brackets.step(t) && brackets.at_top() && t.is_punct(",")) {
      out.push_back({start, i});
      start = i + 1;
    }
  }
  out.push_back({start, range.end});
  return out;
}

std::string TokenCursor::text(TokenRange range) const {
  range.end = std::min(range.end, tokens_.size());
  if (range.begin >= range.end) return "";
  const lexer::Token& first = tokens_[range.begin];
  const lexer::Token& last = tokens_[range.end - 1];
  const std::size_t from = first.offset;
  const std::size_t to = last.offset + last.text.size();
  if (from > text_.size() || to > text_.size() || to < from) return "";
  return std::string(text_.substr(from, to - from));
}

std::string TokenCursor::collapsed_text(TokenRange range) const {
  range.end = std::min(range.end, tokens_.size());
  std::string out;
  for (std::size_t i = range.begin; i < range.end; ++i) {
    const lexer::Token& t = tokens_[i];
    if (i > range.begin) {
      const lexer::Token& prev = tokens_[i - 1];
      if (t.offset > prev.offset + prev.text.size()) out += ' ';
    }
    out += t.text;
  }
  return out;
}

std::size_t TokenCursor::offset_of(std::size_t index) const {
  if (index < tokens_.size()) return tokens_[index].offset;
  return text_.size();
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace pgapply::ddl
