#pragma once

// What a migration did on the shadow database (preflight, check): whether it
// applied, with the server's own error if not, the objects it changed, and
// the proofs asked for. Plain data, filled by the engine, shown by reports.

#include <optional>
#include <string>
#include <vector>

namespace pgapply::schema {

struct Proof {
  enum class Status { proven, failed, not_run };
  Status status = Status::not_run;
  std::string summary;               // one line: "idempotent", "the second run fails", "no down file or down section"...
  std::string error;                 // a failing statement's report (FILE:LINE:COL: ERROR: ...)
  std::vector<std::string> changes;  // objects that differ, one line each
};

struct ShadowOutcome {
  bool checked = false;        // false: not run on the shadow (an earlier migration fails there)
  std::string not_run_because;  // when not checked for another reason than an earlier failure
  bool applied = false;
  std::string error;           // the failing statement's report, as the server gave it
  std::string error_summary;   // FILE:LINE: message (SQLSTATE)
  long long milliseconds = 0;
  std::vector<std::string> changes;  // the objects it creates, changes and drops, one line each
  bool changes_listed = true;        // false: too many migrations to read the catalog after each
  std::optional<Proof> idempotency;  // asked for: applied a second time, changes nothing
  std::optional<Proof> rollback;     // asked for: up -> down -> up ends where up did
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
