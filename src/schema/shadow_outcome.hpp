#pragma once

// What a migration did on the shadow database (preflight, check): whether it
// applied, with the server's own error if not, the objects it changed, and
// the proofs asked for. Plain data, filled by the engine, shown by reports.

#include <optional>
#include <string>
#include <vector>

namespace pgapply::schema {

struct Proof {
  // partial: proven for the schema and the rows the shadow has, which the
  // migration's rows statements did not touch (`summary` says which)
  enum class Status { proven, partial, failed, not_run };
  Status status = Status::not_run;
  std::string summary;               // one line: "idempotent", "the second run fails", "no down file or down section"...
  std::string error;                 // a failing statement's report (FILE:LINE:COL: ERROR: ...)
  std::vector<std::string> changes;  // objects that differ, one line each
};

// A table the shadow had before a migration and after it, and whether the
// migration gave it (or one of its partitions) a new file: PostgreSQL's own
// answer to whether it rewrote the table, which preflight takes over the
// static facts' (a type change they cannot tell is binary-coercible). Its
// indexes with a new file were rebuilt, reading every row.
struct RebuiltIndex {
  std::string name;                    // as after the migration
  std::vector<std::string> columns{};  // the table's columns it reads (keys, expressions, predicate)
};

struct TableFilesSeen {
  std::string schema_before;
  std::string name_before;
  std::string schema_after;
  std::string name_after;
  bool rewritten = false;
  std::vector<RebuiltIndex> rebuilt_indexes{};  // (and those gone after it, which it may have rebuilt first)
};

struct ShadowOutcome {
  // false: not run on the shadow (an earlier migration fails there), or not
  // checked there (`unchecked` says why)
  bool checked = false;
  // Why the shadow could not check it, though nothing says it will fail: it
  // names what the shadow does not have (the target's database by its name,
  // an extension), or the proofs of an earlier migration left the shadow
  // where no real run goes and it could not be rebuilt; for the migrations
  // after such a one, that they were not run there either. "" otherwise.
  std::string unchecked;
  std::string unchecked_at;    // the statement's FILE:LINE, when one is to blame
  bool applied = false;
  std::string error;           // the failing statement's report, as the server gave it
  std::string error_summary;   // FILE:LINE: message (SQLSTATE)
  long long milliseconds = 0;
  std::vector<std::string> changes;  // the objects it creates, changes and drops, one line each
  bool changes_listed = true;        // false: too many migrations to read the catalog after each
  std::optional<Proof> idempotency;  // asked for: applied a second time, changes nothing
  std::optional<Proof> rollback;     // asked for: up -> down -> up ends where up did
  // Read only where the migration's facts say it may rewrite a table, and
  // only for the tables such a statement names (engine/shadow/shadow_rewrites).
  std::optional<std::vector<TableFilesSeen>> table_files{};
};

// `pgapply check`: the proofs for each migration.
struct CheckedMigration {
  std::string version;
  std::string file_name;
  std::string shown;
  ShadowOutcome outcome;
};

struct CheckResult {
  std::string database;  // the target ("" with --offline: from an empty database)
  std::string ledger;    // its ledger table ("" with --offline)
  std::string shadow;
  bool idempotency = false;  // which proofs were asked for
  bool rollback = false;
  std::vector<CheckedMigration> migrations;
  std::vector<std::string> notes;

  // Every migration applied and no proof failed (a migration without a down
  // file has no rollback proof to fail).
  bool ok() const;
};

}  // namespace pgapply::schema
