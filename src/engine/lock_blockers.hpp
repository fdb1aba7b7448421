#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/blocking_session.hpp"
#include "engine/context.hpp"
#include "pg/connection.hpp"
#include "pg/server_error.hpp"

namespace pgapply::engine {

// After a statement hit lock_timeout: the sessions it most likely waited for
// (holding locks on tables, in a transaction at least `lock_timeout` old),
// oldest first, their queries' literals masked; none when none is found.
// Never throws: it only adds to a message.
std::vector<BlockingSession> find_lock_blockers(pg::Connection& connection, std::chrono::milliseconds lock_timeout);

// A statement of pgapply's own outside any migration (reading or writing
// the ledger, reading the catalog) that hit lock_timeout behind another
// session: an Error(lock)
// that says so, names whom it waited for (found on a connection of its own)
// and ends with `outcome` ("nothing was applied"); `option`: the command's
// option that sets the timeout ("--lock-timeout"), "" when it has none. Any
// other error is rethrown as it is.
[[noreturn]] void rethrow_explaining_lock_timeout(const Context& context, const pg::ServerError& error,
                                                  const std::string& outcome, const std::string& option);

// Runs `body` (an operation, or its part before anything changes), making
// a lock timeout of pgapply's own statements rethrow_explaining_lock_timeout's
// Error(lock).
template <typename Body>
auto explaining_lock_timeouts(const Context& context, const std::string& outcome, const std::string& option,
                              Body&& body) {
  try {
    return body();
  } catch (const pg::ServerError& error) {
    rethrow_explaining_lock_timeout(context, error, outcome, option);
  }
}

// Them in one line: "pid 123 (app), user u, in a transaction since ...
// (35 s), idle in transaction, holding t (AccessShareLock), query: ...",
// "; " between two; "" for none.
std::string describe_lock_blockers(const std::vector<BlockingSession>& blockers);

}  // namespace pgapply::engine
