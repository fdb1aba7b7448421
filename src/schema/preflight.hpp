#pragma once

// pgapply preflight: what the pending migrations will do to this database,
// before anything runs. The live catalog is the starting point; each
// pending migration, in order, is checked against it as earlier pending
// migrations leave it (ExpectedSchema over the live catalog: a column added
// by 005 exists for 006), assuming the earlier ones succeed.
//
// Per migration:
//   objects   each declared object with its state: absent (will be created),
//             present and as declared (IF NOT EXISTS skips it), present but
//             different (a conflict), already there without IF NOT EXISTS,
//             missing (an ALTER, DROP or COMMENT of something absent), or a
//             missing dependency (its table, schema or type, a referenced
//             table); counted per kind ("columns: 0 of 4 exist; will add ...").
//   findings  errors (the migration will fail): a missing dependency or
//             object, "already exists", ADD COLUMN ... NOT NULL without a
//             DEFAULT on a table with rows, a lacking privilege (ALTER and
//             friends need the table's owner; CREATE needs CREATE on the
//             schema, CREATE SCHEMA CREATE on the database), a server older
//             than the SQL needs. Warnings: conflicts, CREATE EXTENSION
//             without superuser, sessions holding conflicting locks on the
//             tables it locks (its lock waits behind them and blocks others
//             meanwhile), rewrites, scans and strong locks on large tables
//             (thresholds below). An error in a DO block's EXCEPTION-guarded
//             part, or about an object dynamic SQL may have created, is only
//             a warning.
//   tables    the tables it locks: rows (estimate), size, strongest lock.
//
// Pure: the caller reads the catalog and the migrations.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ddl/impact.hpp"
#include "schema/catalog.hpp"
#include "schema/migration_facts.hpp"
#include "schema/shadow_outcome.hpp"

namespace pgapply::schema {

enum class Severity { info, warning, error };
std::string_view to_string(Severity severity);

struct Finding {
  Severity severity = Severity::info;
  std::string message;
  std::string location;     // file:line; "" for the run as a whole
  std::size_t repeats = 0;  // the same finding at this many more places
  // About an object's state (already exists, missing, a missing dependency):
  // the static model's prediction, which a shadow run replaces.
  bool object_state = false;
  // About what the connecting role may do (a table it does not own, a
  // command only a superuser may run): the static model's prediction too,
  // which a shadow that ran the migration as that role, no more privileged
  // (ShadowDatabase::act_as_target_role), overrules.
  bool privilege = false;
  // An error because the statement blocks a large table while it works (a
  // lint finding whose lock scales with the table), not because it fails:
  // the verdict is WILL BLOCK, not WILL FAIL.
  bool blocks = false;
};

enum class ObjectState {
  will_create,         // absent: will be created
  exists_as_declared,  // present and as declared: IF NOT EXISTS (or a guarded DO block) skips it
  exists_different,    // present but not as declared: skipped, the file's version never lands
  already_exists,      // present, no IF NOT EXISTS: the statement fails
  will_replace,        // CREATE OR REPLACE
  will_change,         // ALTER (or COMMENT) of an existing object
  will_drop,
  already_gone,        // DROP IF EXISTS of an absent object: nothing to do
  missing,             // ALTER, DROP or COMMENT of an absent object: fails
  dependency_missing,  // its table, schema or type (or a referenced table) is absent: fails
  skipped,             // ALTER TABLE IF EXISTS of an absent table, a guarded DO block branch
  not_added,           // in a CREATE TABLE IF NOT EXISTS of an existing table that lacks it
};
std::string_view to_string(ObjectState state);  // "will be created", "exists, as declared"...
// Whether the state makes the migration fail.
bool fails(ObjectState state);

struct ObjectRow {
  ddl::ObjectKind kind = ddl::ObjectKind::table;
  std::string object;    // users.max_reports, users_pkey on users...
  std::string action;    // "add", "create", "alter: set default", "rename to x", "drop", "comment"...
  ObjectState state = ObjectState::will_create;
  std::string detail;    // how it differs, what is missing
  std::string location;  // file:line
};

// Creations of one kind in a migration: "columns: 0 of 4 exist; will add ...".
struct KindCount {
  ddl::ObjectKind kind = ddl::ObjectKind::column;
  std::size_t declared = 0;
  std::size_t existing = 0;             // already there (as declared or not)
  std::vector<std::string> to_create;   // names, in order
  std::vector<std::string> different;   // existing, not as declared
  std::string table;  // columns all of one table: that table (names are then bare column names)
};

// A table a migration locks.
struct TableImpact {
  std::string table;
  bool created_by_run = false;  // created by an earlier pending statement: empty, nobody uses it
  double row_estimate = -1;     // -1: never analysed
  long long total_bytes = 0;
  ddl::LockMode lock = ddl::LockMode::none;  // the strongest the migration takes
  bool rewrites = false;
  bool scans = false;
  bool large = false;  // at or over a threshold
};

// In order of gravity: WILL BLOCK (it runs, but holds a lock over a large
// table while it rewrites, scans or indexes it) is below WILL FAIL.
enum class Verdict { ok, warnings, will_block, will_fail };

// The worse of two verdicts (they are declared from best to worst).
inline Verdict worse(Verdict a, Verdict b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }
std::string_view to_string(Verdict verdict);  // "ok", "warnings", "will block", "will fail"

// How the runner will run a file, as the engine decided it: migrate::RunMode's
// identifier ("in_transaction"), the runner's words ("in a transaction") and
// why, when there is a reason ("the file has BEGIN at line 3"; else empty).
struct TransactionModeNote {
  std::string identifier;
  std::string words;
  std::string reason;
  std::string text() const { return reason.empty() ? words : words + ": " + reason; }
};

struct MigrationPreflight {
  std::string version;
  std::string file_name;
  std::string shown;
  TransactionModeNote transaction_mode;
  int minimum_server_version = 0;   // 0: nothing special
  std::string minimum_server_feature;   // what needs it ("ADD COLUMN IF NOT EXISTS")
  std::string minimum_server_location;  // file:line
  std::vector<ObjectRow> objects;
  std::vector<KindCount> counts;
  std::vector<TableImpact> tables;
  std::vector<Finding> findings;
  Verdict verdict = Verdict::ok;
  // What it did on the shadow, when preflight had one (see shadow_outcome.hpp).
  std::optional<ShadowOutcome> shadow;
  // A statement's static facts say it rewrites a table the target has, or
  // may: what the shadow's files say of that table may tell otherwise
  // (PendingMigration::shadow_files).
  bool rewrite_claimed = false;
};

// A lint finding about a pending migration, listed with it: a lint error a
// warning, a lint warning information (a team's policy, not a failure);
// but where its rule's lock scales with the table and the table is large
// (and not created by the run), an error that blocks; and such a rule's
// finding on a line that does nothing on the target (an IF NOT EXISTS of
// what it has) information.
struct LintNote {
  Finding finding;
  ddl::QualifiedName table;  // the table it is about, as written; empty when none
  bool scales_with_table = false;
};

struct PendingMigration {
  MigrationFacts facts;
  TransactionModeNote transaction_mode;
  std::vector<LintNote> lint;    // added to the migration's findings
  // What the shadow's run of it did to the files of the tables it may
  // rewrite (ShadowOutcome::table_files); nullopt: not run there, or read.
  std::optional<std::vector<TableFilesSeen>> shadow_files{};
};

struct PreflightInput {
  std::string settings_source;  // where the connection settings came from (redacted)
  std::string target;           // the connection target (redacted)
  std::string ledger;
  std::size_t applied = 0;      // migrations the ledger has
  // The ledger is not there: up creates it before the first migration
  // (CREATE TABLE, COMMENT), which fires the target's event triggers.
  bool creates_ledger = false;
  std::vector<Finding> findings;  // about the run, found by the engine (the ledger's privileges)
  std::vector<PendingMigration> pending;  // in the order they would run
};

// What counts as a large table: at or over either.
struct PreflightThresholds {
  double large_rows = 100'000;
  long long large_bytes = 100LL * 1024 * 1024;
};

struct PreflightResult {
  std::string settings_source;
  std::string target;
  std::string ledger;
  std::size_t applied = 0;
  std::size_t pending = 0;
  std::string database;
  std::string current_user;
  bool superuser = false;
  int server_version = 0;
  std::string server_version_text;
  int minimum_server_version = 0;  // over all pending migrations
  std::string minimum_server_feature;
  std::string minimum_server_location;
  PreflightThresholds thresholds;
  std::vector<LockHolder> sessions;  // other sessions holding locks or long transactions (the snapshot's)
  std::vector<Finding> findings;     // about the run as a whole (long transactions...)
  std::vector<MigrationPreflight> migrations;
  Verdict verdict = Verdict::ok;
  bool will_fail = false;  // verdict WILL FAIL (WILL BLOCK exits 4 too)
  // The shadow the pending migrations ran on ("" when none: the static
  // model's predictions stand), and why there was none.
  std::string shadow;
  std::string no_shadow_reason;
  // Too many pending migrations to list each one's changes: what they change
  // together on the shadow, one line per object.
  std::vector<std::string> shadow_run_changes;
  // Questions about the target's rows whose answers decide whether a
  // statement fails there (a NULL where SET NOT NULL goes...) that the
  // catalog snapshot had no answer for: the caller reads them
  // (CatalogSnapshot::row_checks) and runs preflight again.
  std::vector<RowCheck> unasked_rows;
};

// Replaces the static model's predictions with what the pending migrations
// did on the shadow (`outcomes` in the order of result.migrations; a
// migration not checked there keeps its predictions): the object-state
// findings of a migration the shadow ran go, a failure there is an error
// with the server's own message at file:line:col, a failed idempotency or
// rollback proof a warning; the verdicts are worked out again. Findings from
// the live database (locks, row counts, the server version) stay, and so do
// those about the role's privileges unless `as_target_role` (the shadow ran
// the migrations as the target's role, no more privileged).
void apply_shadow_outcomes(PreflightResult& result, std::vector<ShadowOutcome> outcomes, const std::string& shadow,
                           bool as_target_role = false);

// The roles the pending migrations drop (DROP ROLE names them), sorted: the
// ones CatalogSnapshot::role_dependencies is read for.
std::vector<std::string> roles_dropped(const PreflightInput& input);

PreflightResult preflight(const CatalogSnapshot& catalog, const PreflightInput& input,
                          const PreflightThresholds& thresholds = {});

}  // namespace pgapply::schema
