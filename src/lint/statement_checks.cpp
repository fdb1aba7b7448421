// Statement forms with a rule of their own: DROP DATABASE, TRUNCATE ...
// CASCADE, domains with constraints, enum values added at the end, VACUUM
// FULL and CLUSTER.

#include <algorithm>

#include "lint/checks.hpp"

namespace pgapply::lint {

namespace {

using lexer::Token;

// Whether `word` appears at bracket depth 0 from token `from` on.
bool has_word_at_depth0(const std::vector<Token>& tokens, std::size_t from, std::string_view word) {
  lexer::BracketDepth depth;
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (depth.step(tokens[i]) || !depth.at_top()) continue;
    if (tokens[i].is_word(word)) return true;
  }
  return false;
}

// SET TABLESPACE at bracket depth 0 (ALTER INDEX, ALTER MATERIALIZED VIEW).
bool sets_tablespace(const std::vector<Token>& tokens) {
  lexer::BracketDepth depth;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (depth.step(tokens[i]) || !depth.at_top()) continue;
    if (tokens[i].is_word("set") && tokens[i + 1].is_word("tablespace")) return true;
  }
  return false;
}

// ALTER TYPE t ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w']
void check_enum_value(const StatementView& s, const ddl::Declaration& d, Checker& checker) {
  const auto& tokens = s.tokens;
  std::size_t i = s.token_at(d.location.offset);
  while (i < tokens.size() && tokens[i].kind != lexer::TokenKind::string) ++i;
  if (i >= tokens.size()) return;
  if (i + 1 < tokens.size() && (tokens[i + 1].is_word("before") || tokens[i + 1].is_word("after"))) return;
  checker.report(s, "require-enum-value-ordering", d.location.offset,
                 "ADD VALUE '" + tokens[i].value + "' to " + d.parent.to_string() + " without BEFORE or AFTER");
}

// VACUUM FULL ... | VACUUM (FULL [true], ...) ...
bool is_vacuum_full(const std::vector<Token>& tokens) {
  if (tokens.size() < 2) return false;
  if (tokens[1].is_word("full")) return true;
  if (!tokens[1].is_punct("(")) return false;
  for (std::size_t i = 2; i < tokens.size() && !tokens[i].is_punct(")"); ++i) {
    if (!tokens[i].is_word("full")) continue;
    const bool off = i + 1 < tokens.size() &&
                     (tokens[i + 1].is_word("false") || tokens[i + 1].is_word("off") ||
                      (tokens[i + 1].kind == lexer::TokenKind::number && tokens[i + 1].text == "0"));
    return !off;
  }
  return false;
}

}  // namespace

std::size_t alter_domain_action(const std::vector<Token>& tokens) {
  // (the name's parts and dots; ADD, DROP and SET are not reserved, but no name is followed by another)
  std::size_t i = 2;
  while (i < tokens.size() && (tokens[i].is_name() || tokens[i].is_punct(".")) && !tokens[i].is_word("add") &&
         !tokens[i].is_word("drop") && !tokens[i].is_word("set")) {
    ++i;
  }
  return i;
}

void check_statement_forms(const StatementView& s, Checker& checker) {
  if (s.starts_with({"drop", "database"})) {
    checker.report(s, "ban-drop-database", 0, "DROP DATABASE");
  } else if (s.starts_with({"truncate"}) && has_word_at_depth0(s.tokens, 1, "cascade")) {
    checker.report(s, "ban-truncate-cascade", 0, "TRUNCATE ... CASCADE");
  } else if (s.starts_with({"alter", "domain"}) && s.tokens.size() > 3) {
    // ALTER DOMAIN name ADD [CONSTRAINT c] CHECK (...)
    const std::size_t i = alter_domain_action(s.tokens);
    if (i < s.tokens.size() && s.tokens[i].is_word("add")) {
      checker.report(s, "ban-alter-domain-with-add-constraint", s.tokens[i].offset, "ALTER DOMAIN ... ADD CONSTRAINT");
    }
  } else if ((s.starts_with({"vacuum"}) && is_vacuum_full(s.tokens)) || s.starts_with({"cluster"})) {
    // From 19 REPACK (CONCURRENTLY) is the way out; before it, only lint-ignore is.
    const std::string what = s.starts_with({"cluster"}) ? "CLUSTER" : "VACUUM FULL";
    const auto& locks = s.facts.locks;
    const bool fresh = !locks.empty() && std::all_of(locks.begin(), locks.end(), [&checker](const auto& lock) {
      return checker.run().new_table(lock.table) != nullptr;
    });
    if (!fresh) {  // (a table the run made is new: nobody waits for it)
      checker.report(s, checker.pg_version() >= 190000 ? "prefer-repack" : "rewriting-table", 0,
                     what +
                         (!locks.empty()     ? " rewrites the table"
                          : what == "CLUSTER" ? " rewrites every table clustered before"
                                              : " rewrites every table of the database") +
                         " under ACCESS EXCLUSIVE");
    }
  } else if (s.starts_with({"alter", "table", "all", "in", "tablespace"})) {
    checker.report(s, "rewriting-table", 0,
                   "ALTER TABLE ALL IN TABLESPACE copies the files of every table it moves, each under ACCESS "
                   "EXCLUSIVE");
  } else if ((s.starts_with({"alter", "index"}) || s.starts_with({"alter", "materialized", "view"})) &&
             sets_tablespace(s.tokens)) {
    const bool index = s.starts_with({"alter", "index"});
    const bool all = s.starts_with({"alter", "index", "all"}) || s.starts_with({"alter", "materialized", "view", "all"});
    checker.report(s, "rewriting-table", 0,
                   std::string(index ? "ALTER INDEX" : "ALTER MATERIALIZED VIEW") + (all ? " ALL IN TABLESPACE" : "") +
                       " ... SET TABLESPACE copies the files of " +
                       (all ? std::string("each it moves") : index ? "the index" : "the materialized view") +
                       " under ACCESS EXCLUSIVE (queries that read it wait)");
  }
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    if (d.kind == ddl::ObjectKind::domain && d.action == ddl::Action::create && d.type &&
        (!d.type->constraints.empty() || d.type->not_null)) {
      checker.report(s, "ban-create-domain-with-constraint", d.location.offset,
                     "CREATE DOMAIN " + d.name.to_string() + " with " +
                         (d.type->constraints.empty() ? std::string("NOT NULL") : "a CHECK constraint"));
    }
    if (d.kind == ddl::ObjectKind::enum_value && d.action == ddl::Action::create) check_enum_value(s, d, checker);
  }
}

}  // namespace pgapply::lint
