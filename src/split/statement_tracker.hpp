#pragma once

#include <cstdint>
#include <string_view>

namespace pgapply::split {

// Follows the tokens of the statement being split, to decide whether a
// semicolon ends it. A semicolon does not end a statement inside parentheses
// (CREATE RULE ... DO ALSO (a; b)) or inside the BEGIN ATOMIC ... END body of
// CREATE [OR REPLACE] FUNCTION|PROCEDURE. Also notes whether the statement is
// a COPY ... FROM STDIN (or FROM STDOUT), whose data follows it.
//
// Where a BEGIN ATOMIC body ends follows the server's grammar (gram.y):
//
//   opt_routine_body: ... | BEGIN_P ATOMIC routine_body_stmt_list END_P
//   routine_body_stmt_list: routine_body_stmt_list routine_body_stmt ';' | EMPTY
//
// Every statement of a body ends with ';', and END_P cannot start one (the
// transaction statement END is only a top-level statement since PostgreSQL
// 14), so the END that closes a body is exactly an END right after ATOMIC or
// after a ';' of the body (comments and whitespace between). Any other END
// closes a CASE, or is a column label (`AS end`, `t.end`, or the bare label in
// `SELECT 1 end`), and none of them matters here. psql's lexer instead counts
// every BEGIN, CASE and END in such a statement, which a bare `end` label or
// a function named begin() fools.
//
// Every token of a statement must be reported, in order: words to on_word(),
// parentheses and semicolons that do not end the statement to their own
// functions, and any other token to on_token().
class StatementTracker {
 public:
  void on_word(std::string_view word) {
    if (kind_ == Kind::other && atomic_depth_ == 0) {
      previous_ = Previous::other;  // the common case: nothing to follow
      return;
    }
    on_tracked_word(word);
  }
  void on_token() { previous_ = Previous::other; }
  void on_open_paren() {
    ++paren_depth_;
    previous_ = Previous::other;
  }
  void on_close_paren() {
    if (paren_depth_ > 0) --paren_depth_;  // a stray ')' never goes below zero
    previous_ = Previous::other;
  }
  // A ';' for which semicolon_ends_statement() was false.
  void on_inner_semicolon();
  // psql's \; escape, which psql sends as a ';' without ending the query:
  // where a ';' would end the statement, the text after it is a new statement
  // (psqlscan.l resets its CREATE FUNCTION detection there too).
  void on_escaped_semicolon();

  bool semicolon_ends_statement() const { return paren_depth_ == 0 && atomic_depth_ == 0; }
  // A COPY ... FROM STDIN (in any of the statements that \; joined).
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
  // What the previous token was, as far as the next word cares.
  enum class Previous : std::uint8_t {
    other,
    from,            // COPY ... FROM
    begin,           // BEGIN in a routine
    body_separator,  // ATOMIC of BEGIN ATOMIC, or a ';' in a body
  };

  void on_tracked_word(std::string_view word);

  Kind kind_ = Kind::first_word;
  Previous previous_ = Previous::other;
  std::uint32_t paren_depth_ = 0;
  std::uint32_t atomic_depth_ = 0;  // open BEGIN ATOMIC bodies
  bool copy_from_stdin_ = false;
};

// ASCII case-insensitive comparison with a lower-case keyword.
bool equals_keyword(std::string_view word, std::string_view lower_keyword);

}  // namespace pgapply::split
