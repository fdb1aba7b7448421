#pragma once

// Many statements sent as ONE simple-protocol query, each still answering on
// its own: its result, its notices and its error are attributed to it.
//
// Why not libpq's pipeline mode: it uses the extended query protocol, a Parse,
// Bind, Describe and Execute per statement, which for small statements costs
// the server about 25% more CPU than the same statements in one simple query
// (scripts/bench measures both). A simple query costs one round trip and
// nothing per statement beyond the statement itself.
//
// How attribution stays exact:
//  - Results: each statement answers with exactly one result, in order.
//  - Errors: the server stops at the first one; it belongs to the statement
//    whose result is due, or, when it carries a position (a character offset
//    into the whole query), to the statement holding that position, which
//    is then made relative to that statement.
//  - Notices: libpq delivers a notice as soon as it parses it, even while the
//    previous statement's result waits to be collected, so a notice raised
//    by statement k+1 right after statement k completed would be taken for
//    k's. A fence, `UNLISTEN pgapply_fence`, goes before every statement but
//    the first: its reply (a command completion) is not a notice, libpq stops
//    parsing there until k's result is collected, and notices that follow
//    belong to k+1. (It shows in the server's statement statistics, and in
//    pgaudit's log if that logs the MISC class.)
//  - The server parses every statement of a simple query before running the
//    first, so a notice raised while parsing (an over-long identifier is
//    truncated) arrives before everything else, and how a statement parses
//    can depend on settings an earlier statement of the same query changes
//    (standard_conforming_strings, client_encoding). The caller must start a
//    new batch at such statements (see lexer::needs_separate_parse).
//
// Statements: exactly one SQL statement each, not empty (not only comments),
// no NUL byte; it may end in a -- comment. COPY ... TO STDOUT works (the data
// is dropped); COPY ... FROM STDIN fails with the server's error.
//
// A batch is one implicit transaction unless it runs inside an explicit one
// or controls transactions itself (BEGIN ... COMMIT), as any simple query.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pg/connection.hpp"
#include "pg/result.hpp"

namespace pgapply::pg {

class StatementBatch {
 public:
  // Sends the statements and returns once they are sent, the server running
  // them; until finish() (or destruction) nothing else may use the
  // connection. Throws ConnectionError if the connection is lost.
  // `quiet[i]` (when given): statement i cannot raise a notice (pgapply's own
  // RESETs and SETs), so it needs no fence before it: what it could be
  // confused with is a notice of its own, and it raises none.
  StatementBatch(Connection& connection, const std::vector<std::string_view>& statements,
                 const std::vector<bool>& quiet = {});
  // Not finished: cancels what still runs and reads the rest (a failed
  // transaction is the caller's to roll back).
  ~StatementBatch();
  StatementBatch(const StatementBatch&) = delete;
  StatementBatch& operator=(const StatementBatch&) = delete;

  std::size_t size() const { return starts_.size(); }

  // Reads the results, handing each successful statement's to `on_result`
  // (which may be empty) with its index in the batch, from 0. Notices reach
  // the connection's handler meanwhile, with Notice::statement_index set.
  // Throws ServerError for the first failing statement, with statement_index
  // set and position relative to that statement, once the connection is
  // idle again. (The server ends an implicit transaction before the last
  // statement completes: what that commit raises comes as the last
  // statement's.) If on_result or the notice handler throws, the rest is
  // read and dropped, then the exception propagates. While the server runs
  // the batch without answering, `each_second` (when given) is called every
  // second (a progress line says how long; what it throws is dropped).
  void finish(const std::function<void(std::size_t index, Result& result)>& on_result,
              const std::function<void()>& each_second = {});

 private:
  // Sets statement_index (and makes the position relative) for a message
  // carrying a position into the whole query.
  void locate(ServerMessage& message) const;
  void drain() noexcept;
  void end(bool consistent) noexcept;

  Connection* connection_;
  // Per statement, the number of characters in the query before it.
  std::vector<std::size_t> starts_;
  std::vector<std::size_t> lengths_;  // its length in characters
  std::vector<bool> fenced_;          // a fence goes before it
  bool running_ = true;
};

}  // namespace pgapply::pg
