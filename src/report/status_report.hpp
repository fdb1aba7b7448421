#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/plan.hpp"
#include "report/paint.hpp"

namespace pgapply::report {

// Another tool's ledger found beside an empty pgapply ledger (up and status
// name it, and the command that adopts it).
struct ForeignLedgerNote {
  std::string tool;     // flyway, dbmate...
  std::string table;    // schema.table
  std::size_t applied = 0;  // the migrations it records as applied (golang-migrate: those up to its version)
  std::string version;  // golang-migrate: the one version it stores; "" for the other tools
  std::string command;  // pgapply baseline --from TOOL ..., as it can run
  std::size_t failed = 0;  // runs it records as failed, or left dirty: to repair with the tool first
  std::size_t no_file = 0;  // of `applied`, those with no file here (baseline --from's NO FILE)
};

// "pgapply's ledger is empty, but flyway's ledger public.flyway_schema_history
// records 3 applied migrations: adopt them with\n  pgapply baseline --from flyway\n"
// (golang-migrate's: "is at version 120 (120 applied migrations up to it): adopt
// them with..."), one paragraph per ledger.
std::string render_foreign_ledgers_text(const std::vector<ForeignLedgerNote>& notes);

// A pgapply ledger that records migrations, beside this run's empty one:
// of the same name in another schema (search_path changed since the runs it
// records) or in other letter case (--ledger takes the name as written), or
// of another name that records this directory's files (a mistyped --ledger).
struct ElsewhereLedgerNote {
  enum class Why { search_path, letter_case, other_name };
  std::string table;         // schema.table
  std::size_t applied = 0;   // the migrations it records as applied
  std::size_t matching = 0;  // of them, this directory's files as they are now
  Why why = Why::search_path;
  std::string schema;        // the schema of this run's ledger (the first of search_path)
  std::string command;       // this command with --ledger naming it, as it can run
};

// What follows "LEDGER records nothing, but " in up's refusal and status's
// note: "public.led records 3 applied migrations: --ledger takes ...". Ends
// with the question or fact, not with the command.
std::string elsewhere_ledger_reason(const ElsewhereLedgerNote& note);

// What `pgapply status` prints: every migration with its state.
//   text: a table (version, state, applied at, duration, file) with a note
//         for each migration that needs attention, and a count per state;
//   json: {"format_version", "command": "status", "database", "ledger":
//         {"table"}, "clean", "counts": {state: n}, "migrations": [{version,
//         name, file, state, checksum, at, by, ...}], "foreign_ledgers":
//         [{tool, table, applied, command, version (golang-migrate only)}] (only
//         when some were found), "ledger_elsewhere": {table, applied,
//         matching, why (search_path, letter_case, other_name), message,
//         command} (only when found)}
// With `paint` on, the state cell of each migration is painted (applied
// good, pending attention, modified, missing and failed bad).
// The run that holds the migration lock while status reads the ledger.
struct LiveRun {
  std::string described;     // "" when none
  std::string running_file;  // the file name its migrations session runs ("002_b.sql"), "" when none or unknown
  // Versions whose row was deleted outside pgapply, the history's last event
  // for each ("applied, 2026-12-04T16:20:03Z"): up refuses to run them again.
  migrate::DeletedRows deleted_rows;
};

// `live`: a migration whose row says running and whose file the run holding
// the lock runs is "running" (now, in that run), not a failed, interrupted one.
std::string render_status_text(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger, const std::vector<ForeignLedgerNote>& foreign = {},
                               Paint paint = {}, const LiveRun& live = {},
                               const std::optional<ElsewhereLedgerNote>& elsewhere = std::nullopt);
std::string render_status_json(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger, const std::vector<ForeignLedgerNote>& foreign = {},
                               const LiveRun& live = {},
                               const std::optional<ElsewhereLedgerNote>& elsewhere = std::nullopt);

// Whether nothing is pending, modified, missing or failed.
bool is_clean(const migrate::Plan& plan);
// What keeps it from clean, for status --exit-code's JSON "error" ("2
// pending, 1 modified"); "" when it is clean.
std::string unclean_text(const migrate::Plan& plan);

}  // namespace pgapply::report
