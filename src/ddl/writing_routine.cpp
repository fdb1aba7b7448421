#include "ddl/writing_routine.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "ddl/builtin_volatility.hpp"
#include "ddl/plpgsql_block.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

// Words that write rows wherever they stand in a query (a data-modifying
// WITH, or a FOR loop's query), or run what does (CALL).
bool names_a_write(const std::vector<lexer::Token>& tokens) {
  constexpr std::array<std::string_view, 7> writes = {"insert", "update", "delete", "merge",
                                                      "truncate", "copy", "call"};
  return std::any_of(tokens.begin(), tokens.end(), [&](const lexer::Token& token) {
    return std::any_of(writes.begin(), writes.end(), [&](std::string_view word) { return token.is_word(word); });
  });
}

// Whether an embedded statement changes no table's rows: a query that
// writes nothing and calls no function of the user's, or a statement that
// only changes privileges, comments, settings or routines, or notifies.
bool leaves_rows(std::string_view statement) {
  const auto tokens = lexer::tokenize(statement);
  if (tokens.empty()) return true;
  const lexer::Token& first = tokens.front();
  // CREATE [OR REPLACE] FUNCTION/PROCEDURE, ALTER/DROP FUNCTION/PROCEDURE, ALTER DEFAULT PRIVILEGES, a
  // role's CREATE/ALTER/DROP (run nothing, and write no table)
  if (first.is_word("create") || first.is_word("alter") || first.is_word("drop")) {
    std::size_t at = 1;
    if (at + 1 < tokens.size() && tokens[at].is_word("or") && tokens[at + 1].is_word("replace")) at += 2;
    if (at >= tokens.size()) return false;
    const lexer::Token& what = tokens[at];
    return what.is_word("function") || what.is_word("procedure") || what.is_word("role") || what.is_word("user") ||
           what.is_word("group") || (first.is_word("alter") && what.is_word("default"));
  }
  // (a function's signature in them is no call)
  if (first.is_word("grant") || first.is_word("revoke") || first.is_word("comment") || first.is_word("notify") ||
      first.is_word("set") || first.is_word("reset")) {
    return true;
  }
  if (names_a_write(tokens) || calls_users_function(statement)) return false;
  return first.is_word("select") || first.is_word("with") || first.is_word("values") || first.is_word("table");
}

}  // namespace

bool routine_may_write_rows(std::string_view language, std::string_view body) {
  if (language == "sql") {
    // (its statements, split at the semicolons between them)
    const auto tokens = lexer::tokenize(body);
    std::size_t start = 0;
    lexer::BracketDepth depth;
    for (std::size_t i = 0; i <= tokens.size(); ++i) {
      if (i < tokens.size()) {
        depth.step(tokens[i]);
        if (!(depth.depth == 0 && tokens[i].is_punct(";"))) continue;
      }
      const std::size_t from = start < tokens.size() ? tokens[start].offset : body.size();
      const std::size_t to = i < tokens.size() ? tokens[i].offset : body.size();
      if (!leaves_rows(body.substr(from, to - from))) return true;
      start = i + 1;
    }
    return body.find_first_not_of(" \t\r\n") == std::string_view::npos;  // (BEGIN ATOMIC: not read)
  }
  if (language != "plpgsql") return true;
  const BlockScan scan = scan_plpgsql_block(body);
  if (scan.incomplete || scan.dynamic_sql) return true;
  std::string rest(body);
  for (const auto& embedded : scan.statements) {
    if (!leaves_rows(embedded.text)) return true;
    rest.replace(embedded.offset, embedded.text.size(), embedded.text.size(), ' ');
  }
  // PL/pgSQL's own statements: a FOR loop's query, PERFORM, conditions and assignments
  return names_a_write(lexer::tokenize(rest)) || calls_users_function(rest);
}

}  // namespace pgapply::ddl
