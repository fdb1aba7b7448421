#include "lexer/session_effects.hpp"

#include <algorithm>
#include <iterator>

#include "lexer/tokenizer.hpp"

namespace pgapply::lexer {

namespace {

// First words of statements whose own effects end with their transaction.
// DML is here although a trigger may run any code (see the header).
constexpr std::string_view transaction_bound[] = {
    "abort",   "alter",   "analyze",   "begin",    "checkpoint", "cluster", "comment", "commit",  "copy",
    "create",  "delete",  "drop",      "end",      "grant",      "import",  "insert",  "lock",    "merge",
    "notify",  "refresh", "reindex",   "release",  "revoke",     "rollback", "savepoint", "security", "start",
    "truncate", "update", "vacuum",
};

// Calls that change the session from inside any statement: set_config (its
// third argument may be false), pg_advisory_lock and pg_try_advisory_lock
// (and _shared), and their unlocks, which could release pgapply's own
// hand-over lock. The _xact_ variants end with the transaction and do not match.
constexpr std::string_view session_calls[] = {"set_config", "advisory_lock", "advisory_unlock"};

bool is_temporary(const Token& token) { return token.is_word("temp") || token.is_word("temporary"); }

}  // namespace

bool may_leave_session_state(std::string_view statement) {
  // CREATE [OR REPLACE] [GLOBAL | LOCAL] TEMP[ORARY] [UNLOGGED | RECURSIVE] TABLE/VIEW/SEQUENCE
  const std::vector<Token> head = tokenize(statement, 6);
  if (head.empty() || head[0].kind != TokenKind::word) return true;
  const std::string& first = head[0].value;
  if (std::find(std::begin(transaction_bound), std::end(transaction_bound), first) == std::end(transaction_bound)) {
    return true;
  }
  if (first == "create" && std::any_of(head.begin() + 1, head.end(), is_temporary)) return true;
  return std::any_of(std::begin(session_calls), std::end(session_calls),
                     [&](std::string_view call) { return contains_ignoring_case(statement, call); });
}

}  // namespace pgapply::lexer
