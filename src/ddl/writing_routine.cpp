#include "ddl/writing_routine.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "ddl/builtin_volatility.hpp"
#include "ddl/insert_statement.hpp"
#include "ddl/plpgsql_block.hpp"
#include "ddl/types.hpp"
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

// Whether tokens may call what a body reader cannot follow (strictly): a
// relation they read (FROM, JOIN, USING, TABLE: a view may call a function
// that writes), a cast to a type of the user's (a domain's CHECK), a
// setting they change (set_config: another search_path), or a query given
// as text (query_to_xml, ts_stat, ts_rewrite).
bool hides_calls(const std::vector<lexer::Token>& tokens) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    for (const std::string_view word : {"from", "join", "using", "table", "cast", "set_config", "ts_stat",
                                        "ts_rewrite"}) {
      if (token.is_word(word)) return true;
    }
    if (token.kind == lexer::TokenKind::word && token.value.find("_to_xml") != std::string::npos) return true;
    if (token.is_punct("::") && i + 1 < tokens.size() && tokens[i + 1].is_name() &&
        user_type_name(normalize_type(tokens[i + 1].text))) {
      return true;
    }
  }
  return false;
}

// Whether tokens read a relation of the user's (FROM, JOIN or USING a name
// that is not PostgreSQL's own: pg_catalog's, information_schema's, or an
// unqualified pg_*), whose view may call a function that writes; a
// function in FROM is a call (calls_users_function's to judge).
bool reads_users_relation(const std::vector<lexer::Token>& tokens) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].is_word("from") && !tokens[i].is_word("join") && !tokens[i].is_word("using")) continue;
    const lexer::Token& name = tokens[i + 1];
    if (!name.is_name()) continue;  // (a subquery: its own FROM is read in turn)
    const bool qualified = i + 3 < tokens.size() && tokens[i + 2].is_punct(".") && tokens[i + 3].is_name();
    const std::size_t last = qualified ? i + 3 : i + 1;
    if (last + 1 < tokens.size() && tokens[last + 1].is_punct("(")) continue;  // (a function)
    const bool own = qualified ? name.value == "pg_catalog" || name.value == "information_schema"
                               : name.value.starts_with("pg_");
    if (own) continue;
    return true;
  }
  return false;
}

// Whether an embedded statement changes no table's rows: a query that
// writes nothing and calls no function of the user's, or a statement that
// only changes privileges, comments, settings or routines, or notifies.
// `strict`: a query that hides no call (hides_calls) and a GRANT, REVOKE,
// COMMENT or NOTIFY alone (no SET, no CREATE: what changes what runs next).
bool leaves_rows(std::string_view statement, bool strict) {
  const auto tokens = lexer::tokenize(statement);
  if (tokens.empty()) return true;
  const lexer::Token& first = tokens.front();
  // CREATE [OR REPLACE] FUNCTION/PROCEDURE, ALTER/DROP FUNCTION/PROCEDURE, ALTER DEFAULT PRIVILEGES, a
  // role's CREATE/ALTER/DROP (run nothing, and write no table)
  if (first.is_word("create") || first.is_word("alter") || first.is_word("drop")) {
    if (strict) return false;
    std::size_t at = 1;
    if (at + 1 < tokens.size() && tokens[at].is_word("or") && tokens[at + 1].is_word("replace")) at += 2;
    if (at >= tokens.size()) return false;
    const lexer::Token& what = tokens[at];
    return what.is_word("function") || what.is_word("procedure") || what.is_word("role") || what.is_word("user") ||
           what.is_word("group") || (first.is_word("alter") && what.is_word("default"));
  }
  // (a function's signature in them is no call)
  if (first.is_word("grant") || first.is_word("revoke") || first.is_word("comment") || first.is_word("notify")) {
    return true;
  }
  if (first.is_word("set") || first.is_word("reset")) return !strict;
  if (names_a_write(tokens) || calls_users_function(statement) || reads_users_relation(tokens) ||
      (strict && hides_calls(tokens))) {
    return false;
  }
  return first.is_word("select") || first.is_word("with") || first.is_word("values") || first.is_word("table");
}

}  // namespace

bool routine_may_write_rows(std::string_view language, std::string_view body, bool strict) {
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
      if (!leaves_rows(body.substr(from, to - from), strict)) return true;
      start = i + 1;
    }
    return body.find_first_not_of(" \t\r\n") == std::string_view::npos;  // (BEGIN ATOMIC: not read)
  }
  if (language != "plpgsql") return true;
  const BlockScan scan = scan_plpgsql_block(body);
  if (scan.incomplete || scan.dynamic_sql) return true;
  std::string rest(body);
  for (const auto& embedded : scan.statements) {
    if (!leaves_rows(embedded.text, strict)) return true;
    rest.replace(embedded.offset, embedded.text.size(), embedded.text.size(), ' ');
  }
  // PL/pgSQL's own statements: a FOR loop's query, PERFORM, conditions and assignments
  const auto rest_tokens = lexer::tokenize(rest);
  return names_a_write(rest_tokens) || calls_users_function(rest) || reads_users_relation(rest_tokens) ||
         (strict && hides_calls(rest_tokens));
}

std::optional<std::vector<QualifiedName>> routine_appends_to(std::string_view language, std::string_view body) {
  if (language != "plpgsql") return std::nullopt;
  const BlockScan scan = scan_plpgsql_block(body);
  if (scan.incomplete || scan.dynamic_sql) return std::nullopt;
  std::vector<QualifiedName> out;
  std::string rest(body);
  for (const auto& embedded : scan.statements) {
    if (const auto insert = insert_values(embedded.text); insert && !insert->on_conflict_updates) {
      out.push_back(insert->table);
    } else if (!leaves_rows(embedded.text, true)) {
      return std::nullopt;
    }
    rest.replace(embedded.offset, embedded.text.size(), embedded.text.size(), ' ');
  }
  const auto rest_tokens = lexer::tokenize(rest);
  if (names_a_write(rest_tokens) || calls_users_function(rest) || reads_users_relation(rest_tokens) ||
      hides_calls(rest_tokens)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace pgapply::ddl
