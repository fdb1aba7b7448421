#pragma once

// What a run of up or down did, migration by migration: the engine fills it
// in as it goes, the command line renders it (text as the run goes, JSON at
// the end). Plain data, so that reports can take it without the engine.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace pgapply::migrate {

// How a file ran, as stable identifiers (JSON) and as words (text).
enum class RunMode {
  in_transaction,   // pgapply's BEGIN ... COMMIT around the file
  own_transaction,  // the file's own BEGIN ... COMMIT
  no_transaction,   // statement by statement, each committed on its own
};

enum class RunOutcome {
  applied,      // ran and was recorded (up)
  rolled_back,  // its down file ran and its ledger row was removed (down)
  failed,       // a statement failed: see error
  interrupted,  // a signal or a lost connection stopped it
  not_run,      // a later file; the run stopped before it
  // Sent, but the connection was lost before the server answered, and the
  // ledger could not be read again to tell: applied in full or not at all
  // (pgapply status says which).
  unknown,
};

std::string_view to_identifier(RunMode mode);        // "in_transaction", ...
std::string_view to_identifier(RunOutcome outcome);  // "applied", "rolled_back", ...

struct MigrationRun {
  std::string version;    // canonical
  std::string file_name;  // the migration's file (for down: the migration rolled back)
  std::string script;     // the file that ran, as shown (for down: the down file)
  // down: the name of the file whose SQL ran (124_x.down.sql; file_name
  // itself for a down section); "" for up.
  std::string down_file;
  RunMode mode = RunMode::in_transaction;
  std::string mode_reason;  // why this mode ("CREATE INDEX CONCURRENTLY at line 4")
  RunOutcome outcome = RunOutcome::not_run;
  std::optional<long long> duration_ms;  // as the server measured it
  std::size_t statements = 0;
  std::size_t statements_done = 0;  // committed (no_transaction files)
  std::string error;                // FILE:LINE: message (SQLSTATE xxxxx)
  int attempts = 1;                 // the attempt it is on: > 1 after lock-timeout or deadlock retries
  bool record_kept_out = false;     // it ran, but the ledger's record wrote no row (a trigger on the ledger)
};

// How many times it ran: its attempts, none when the run stopped before it.
int attempts_made(const MigrationRun& run);

struct RunSummary {
  std::string command;  // "up" or "down"
  bool dry_run = false;
  std::string target;   // user@host:port/db, no password
  std::string ledger;   // schema.table
  std::string highest_applied_before;  // canonical version; empty when none
  std::string highest_applied_after;
  std::vector<MigrationRun> migrations;  // in the order they ran (or would have)
  std::optional<long long> duration_ms;  // the whole run, as pgapply measured it
};

}  // namespace pgapply::migrate
