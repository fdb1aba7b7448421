#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lexer/tokenizer.hpp"

namespace pgapply::lexer {

// How a statement bears on the transaction it runs in.
enum class TransactionControl {
  none,                  // an ordinary statement
  begin,                 // BEGIN, START TRANSACTION
  commit,                // COMMIT, END (also COMMIT AND CHAIN)
  rollback,              // ROLLBACK, ABORT (not ROLLBACK TO SAVEPOINT)
  savepoint,             // SAVEPOINT, RELEASE, ROLLBACK TO: fine inside a transaction
  prepare_transaction,   // PREPARE TRANSACTION
};

TransactionControl transaction_control(const std::vector<Token>& tokens);

// COMMIT AND CHAIN, ROLLBACK AND CHAIN (END, ABORT; WORK or TRANSACTION
// between): a new transaction begins at once, with the same characteristics.
bool chains(const std::vector<Token>& tokens);

// Why the statement cannot run inside a transaction block ("CREATE INDEX
// CONCURRENTLY", "VACUUM"...), or nullopt when it can.
std::optional<std::string> needs_autocommit(const std::vector<Token>& tokens);

// Whether the statement only changes session settings (SET, RESET), which may
// precede a file's own BEGIN.
bool is_session_setting(const std::vector<Token>& tokens);

// RESET ALL or DISCARD ALL: every setting back to its default, pgapply's own too.
bool resets_all(const std::vector<Token>& tokens);

// Whether the statement (its first tokens) may make its transaction, or the
// session's later ones, read-only: READ ONLY in BEGIN, START TRANSACTION, SET
// TRANSACTION or SET SESSION CHARACTERISTICS, or a setting named
// transaction_read_only or default_transaction_read_only (SET, set_config).
bool may_make_read_only(const std::vector<Token>& tokens);

// Whether the statement may change the role the session runs as without
// saying so in its first tokens: a DO block whose body names a role or a
// session authorization at all (SET ROLE in PL/pgSQL, EXECUTE 'SET ROLE ...',
// set_config('role', ...)), or a CALL, whose procedure is not known here.
// (A function called in a query may too: that one is not seen.)
bool may_change_role_unseen(const std::vector<Token>& tokens, std::string_view statement);

// SET TRANSACTION ..., SET [LOCAL|SESSION] transaction_isolation (or
// another transaction_* setting), or a BEGIN / START TRANSACTION with a mode
// (ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE): what must come
// before the transaction's first query.
bool sets_transaction(const std::vector<Token>& tokens);

}  // namespace pgapply::lexer
