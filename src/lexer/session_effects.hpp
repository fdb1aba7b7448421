#pragma once

// What a statement may leave behind in its session for the statements after
// it, once its transaction is over: what the session reset between two
// migration files undoes (engine/session_reset.hpp).

#include <string_view>

namespace pgapply::lexer {

// False only when the statement certainly leaves nothing in the session:
// its kind is one that neither changes settings, the role, prepared
// statements, cursors, LISTENs, advisory locks nor temporary objects (CREATE
// of a permanent object, ALTER, DROP, COMMENT, GRANT, INSERT, UPDATE, COPY,
// transaction control...), and its text calls none of set_config and the
// session-level advisory lock functions. True for everything else: SET,
// RESET, CREATE TEMP, PREPARE, DECLARE, LISTEN, SELECT, DO, CALL, EXECUTE
// (each may run code whose effects are not visible here).
//
// What it cannot see: a function the statement runs without naming it (a
// trigger, a column default) that changes a setting for the session
// (set_config(..., false)) or takes a session-level advisory lock.
bool may_leave_session_state(std::string_view statement);

}  // namespace pgapply::lexer
