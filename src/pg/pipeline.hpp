#pragma once

// Pipeline mode: many statements sent without waiting for each result.
//
// run_pipeline() pulls statements from a StatementSource one at a time (so a
// huge file never has to be in memory whole), sends each with the extended
// query protocol, and hands each statement's result, in order, to a
// ResultSink together with the statement's index in the batch (from 0).
// Notices a statement raises reach the connection's notice handler with
// Notice::statement_index set to that index. The source ends the batch by
// returning nullopt; once the last statement's result is in, run_pipeline
// sends a sync point, reads its answer, and returns with the connection
// idle again (out of pipeline mode). A batch is one implicit transaction,
// committed at the sync point, unless its statements control transactions
// themselves (BEGIN ... COMMIT); statements that refuse to run in a
// transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...) belong in a
// batch of their own, or in Connection::exec.
//
// Statements: exactly one SQL statement each (the extended protocol rejects
// several with "cannot insert multiple commands into a prepared statement",
// which surfaces as that statement's ServerError); no parameters. An empty
// text is an empty query. COPY ... TO STDOUT works (the data is dropped).
// COPY ... FROM STDIN cannot work: the server drops the connection when the
// next statement arrives instead of data, so run_pipeline closes it and
// throws a ServerError for that statement; run such a COPY with
// Connection::exec between batches.
//
// Errors:
//  - A statement fails: the server skips every later statement of the batch
//    (the results say "pipeline aborted"), so nothing after it runs.
//    run_pipeline stops pulling statements, syncs, reads the remaining
//    results, leaves the connection idle and throws the ServerError with
//    statement_index set (position is relative to that statement's text).
//    A transaction the batch opened is left failed: ROLLBACK it. An error
//    at the implicit commit of the sync point (and a notice raised there)
//    has no statement_index.
//  - The source, the sink or the notice handler throws: no more statements
//    are pulled and the sink is not called again; if any statements were
//    sent and none failed yet, a statement that always fails is queued
//    before the sync point, so that an implicit transaction rolls back (an
//    explicit one is left failed). Then the same draining, and the exception
//    propagates (or the ServerError, if a statement failed first).
//  - The connection is lost: ConnectionError.
//
// Sending never deadlocks on a full socket: the connection is nonblocking
// during the run, and the server's replies are read while waiting to write.

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

#include "pg/connection.hpp"
#include "pg/result.hpp"

namespace pgapply::pg {

class StatementSource {
 public:
  virtual ~StatementSource() = default;
  // The next statement of the batch, or nullopt at its end. The text must
  // stay valid until the next call.
  virtual std::optional<std::string_view> next_statement() = 0;
};

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // Each successful statement's result (command_ok, tuples_ok or
  // empty_query), in order.
  virtual void on_result(std::size_t index, Result result) = 0;
};

struct PipelineOptions {
  // At most this many statements are sent but not yet answered.
  std::size_t max_in_flight = 1000;
  // A notice the server raises while it PARSES a statement (in practice only
  // "identifier ... will be truncated") reaches libpq right after the
  // previous statement's completion, and may be attributed to that previous
  // statement. With this set, an empty query goes before each statement so
  // that such notices are attributed exactly, at the cost of about twice the
  // protocol traffic. Notices raised while a statement runs (RAISE, "already
  // exists, skipping", ...) are attributed exactly either way.
  bool exact_parse_notices = false;
};

struct PipelineSummary {
  std::size_t statements = 0;  // pulled from the source, sent and succeeded
};

PipelineSummary run_pipeline(Connection& connection, StatementSource& source, ResultSink& sink,
                             const PipelineOptions& options = {});

// The same with functions; on_result may be empty.
PipelineSummary run_pipeline(Connection& connection,
                             const std::function<std::optional<std::string_view>()>& next_statement,
                             const std::function<void(std::size_t index, Result result)>& on_result,
                             const PipelineOptions& options = {});

}  // namespace pgapply::pg
