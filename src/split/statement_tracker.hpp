#pragma once

#include <cstdint>
#include <string_view>

namespace pgapply::split {

// Follows the words and parentheses of the statement being split, to decide
// whether a semicolon ends it. A semicolon does not end a statement inside
// parentheses (CREATE RULE ... DO ALSO (a; b)) or inside the BEGIN ATOMIC ...
// END body of CREATE [OR REPLACE] FUNCTION|PROCEDURE. Also notes whether the
// statement is a COPY ... FROM STDIN, whose data follows it.
//
// psql's lexer counts every BEGIN, CASE and END in such a statement; this one
// counts BEGIN only when ATOMIC follows it, and CASE/END only where they can be
// keywords: not after '.' (t.end) and not after AS (SELECT 1 AS end).
class StatementTracker {
 public:
  // `word` lies in [text_begin, text_end), which is searched around it for
  // the word before and after.
  void on_word(const char* word_begin, const char* word_end, const char* text_begin,
               const char* text_end);
  void on_open_paren() { ++paren_depth_; }
  void on_close_paren() {
    if (paren_depth_ > 0) --paren_depth_;  // a stray ')' never goes below zero
  }

  bool semicolon_ends_statement() const { return paren_depth_ == 0 && atomic_depth_ == 0; }
  // A BEGIN was the last word of the text, so whether ATOMIC follows is unknown:
  // the statement must be split again with more of the input.
  bool needs_more_input() const { return needs_more_input_; }
  bool copy_from_stdin() const { return copy_from_stdin_; }

  void reset() { *this = StatementTracker{}; }

 private:
  enum class Kind : std::uint8_t {
    first_word,         // nothing seen yet
    create,             // CREATE
    create_or,          // CREATE OR
    create_or_replace,  // CREATE OR REPLACE
    routine,            // CREATE [OR REPLACE] FUNCTION|PROCEDURE
    copy,               // COPY
    other,              // nothing more to follow
  };

  void on_routine_word(std::string_view word, const char* word_begin, const char* word_end,
                       const char* text_begin, const char* text_end);

  Kind kind_ = Kind::first_word;
  std::uint32_t paren_depth_ = 0;
  std::uint32_t atomic_depth_ = 0;  // BEGIN ATOMIC and CASE ... END nesting
  bool copy_after_from_ = false;    // COPY: the previous word was FROM
  bool copy_from_stdin_ = false;
  bool needs_more_input_ = false;
};

// ASCII case-insensitive comparison with a lower-case keyword.
bool equals_keyword(std::string_view word, std::string_view lower_keyword);

}  // namespace pgapply::split
