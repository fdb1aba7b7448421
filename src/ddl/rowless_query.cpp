#include "ddl/rowless_query.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "ddl/builtin_volatility.hpp"
#include "ddl/types.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

// PostgreSQL's volatile functions that change no table's rows: locks,
// waits, notifications, chance, clocks and sequences (a sequence's value is
// no row a check reads; a later INSERT's default from it is the shadow's).
bool writes_nothing(std::string_view name) {
  constexpr std::array<std::string_view, 25> names = {
      "clock_timestamp",     "gen_random_uuid",         "pg_advisory_lock",
      "pg_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_all",
      "pg_advisory_unlock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
      "pg_current_xact_id",  "pg_notify",               "pg_sleep",
      "pg_sleep_for",        "pg_sleep_until",          "pg_try_advisory_lock",
      "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared",
      "random",              "timeofday",               "txid_current",
      "nextval",             "setval",                  "currval",
      "lastval"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool changes_no_rows(std::string_view query) {
  const auto tokens = lexer::tokenize(query);
  if (tokens.empty() || !tokens[0].is_word("select")) return false;
  lexer::BracketDepth depth;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    depth.step(token);
    if (i > 0 && (token.is_word("select") || token.is_word("table") || token.is_word("values"))) return false;
    if (depth.at_top() && (token.is_word("from") || token.is_word("into"))) return false;
    if (token.is_punct("::") && i + 1 < tokens.size() && tokens[i + 1].is_name() &&
        user_type_name(normalize_type(tokens[i + 1].text))) {
      return false;
    }
    if (token.is_word("cast")) return false;  // (its type is read no further: as if of the user's)
    if (i + 1 >= tokens.size() || !tokens[i + 1].is_punct("(") || !token.is_name()) continue;
    // (a query given as text or by a relation's name: table_to_xml('v', ...) reads a view)
    if (token.value.find("_to_xml") != std::string::npos || token.value == "ts_stat" ||
        token.value == "ts_rewrite") {
      return false;
    }
    const bool qualified = i >= 2 && tokens[i - 1].is_punct(".");
    if (qualified && !tokens[i - 2].is_word("pg_catalog")) return false;
    if (calls_other_than_stable_builtin(tokens, i) && !writes_nothing(token.value)) return false;
  }
  return true;
}

bool runs_index_expressions(std::string_view statement) {
  const auto tokens = lexer::tokenize(statement, 32);
  if (tokens.empty()) return false;
  if (tokens[0].is_word("analyze") || tokens[0].is_word("analyse") || tokens[0].is_word("cluster")) return true;
  return tokens[0].is_word("vacuum") && std::any_of(tokens.begin(), tokens.end(), [](const lexer::Token& token) {
           return token.is_word("full") || token.is_word("analyze") || token.is_word("analyse");
         });
}

bool explain_runs(std::string_view statement) {
  const auto tokens = lexer::tokenize(statement);
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    // (EXPLAIN itself before its options' parenthesis is no call)
    if (calls_users_function(tokens, i)) return true;
    if (!tokens[i].is_word("analyze") && !tokens[i].is_word("analyse")) continue;
    const bool off = i + 1 < tokens.size() &&
                     (tokens[i + 1].is_word("false") || tokens[i + 1].is_word("off") || tokens[i + 1].value == "0");
    if (!off) return true;
  }
  return false;
}

}  // namespace pgapply::ddl
