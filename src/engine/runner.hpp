#pragma once

// The ONE runner: drives a loaded file in its planned transaction mode
// against a sink (a live connection or a dry-run script), with what the
// ledger records around it (RunRecord). up, down, exec and their dry runs
// all run files through it.
//
//   in a transaction:     BEGIN; <clock>; the file's statements (a file that
//                         runs as one transaction although it has its own
//                         BEGIN/COMMIT inside: those are left out); the
//                         record; COMMIT
//   the file's own:       the file as written; <clock> after its BEGIN; the
//                         record just before its COMMIT
//   (<clock> again after each RESET ALL of the file, which clears it; the
//   file's application_name again after a RESET ALL or DISCARD ALL)
//   statement by statement: see run_record.hpp; each statement guarded so
//                         that a failure is recorded with how far it got
//
// In a transaction, nothing waits for the server (but a RESET ALL, for the
// clock's value): the sink batches the
// file's statements with whatever comes before and after (other files), and
// a failure surfaces as a StatementError from a later sink call, naming the
// file by its tag. Outside a transaction, each statement is answered before
// the next is sent.

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "engine/loaded_script.hpp"
#include "engine/run_record.hpp"
#include "engine/session_reset.hpp"
#include "engine/sink.hpp"

namespace pgapply::engine {

struct RunCallbacks {
  // The duration the server measured, when the ledger recorded the file (live only).
  std::function<void(long long duration_ms)> recorded;
  // A statement-by-statement file: `done` statements committed so far.
  std::function<void(std::size_t done)> progressed;
  // The ledger's record wrote no row (a trigger or rule kept it out; live only).
  std::function<void()> unrecorded;
};

// The ledger's `writes` around a statement of `script` or after its failure
// (inside the transaction open, `in_transaction`, or in one of their own),
// always as the role pgapply connected as: with all of
// LedgerProtocol::as_connecting_user (read-write, pg_catalog first, within
// `settings`: ledger_write_settings) in a transaction of their own or when a
// statement of the file may have changed its session or role
// (ScriptAnalysis::changes_session, may_change_role); else, in the file's
// transaction, after LedgerProtocol::as_connecting_role().
std::vector<SqlCall> as_connecting_user(const LoadedScript& script, std::vector<SqlCall> writes, bool in_transaction,
                                        const std::vector<SqlCall>& settings);

// Names the file running in pg_stat_activity (and in what a run waiting
// for the migration lock says): SET application_name "pgapply: DIR/NNN_name.sql".
// Before each file, and again after the file's RESET ALL or DISCARD ALL.
void announce_file(Sink& sink, const LoadedScript& script);
// Its value for a file shown as `shown`: printable ASCII (a '?' for each
// other character), at most 63 bytes, the end of a long path kept.
std::string application_name_for(std::string_view shown);

// Whether `running` (an application_name's text after "pgapply: ", as
// application_name_for wrote it for some DIR/FILE) names the file
// `file_name`, whatever DIR was: another run may spell --dir otherwise.
bool names_file(std::string_view running, std::string_view file_name);

// Runs `script` (the run's file number `tag`) into `sink`. Throws what the
// sink throws (a StatementError for a failing statement, live), after
// recording the failure of a file run statement by statement. The callbacks
// are copied: they may be called after this returns (batched answers).
// `own` (own_session): its settings are sent again after a statement of the
// file that clears them (RESET ALL, DISCARD ALL), its hand-over lock (live)
// is taken for the file's transaction too (LedgerProtocol::start_clock), its
// ledger settings (search_path, time limits) hold for the ledger's writes after the file's statements.
void run_file(const LoadedScript& script, std::size_t tag, const RunRecord& record, Sink& sink, const OwnSession& own,
              const RunCallbacks& callbacks = {});

}  // namespace pgapply::engine
