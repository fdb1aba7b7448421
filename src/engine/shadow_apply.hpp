#pragma once

// Every call that runs SQL files on the shadow database lives here (in
// shadow_apply.cpp), so that moving to the engine's runner is one change.

#include <filesystem>
#include <optional>
#include <string>

#include "engine/project.hpp"
#include "engine/statement_error.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// A file to run on the shadow: a migration, a down file, a schema dump.
struct ShadowFile {
  std::filesystem::path path;
  std::string shown;
  psql::TransactionPlan plan;
};

ShadowFile shadow_file(const MigrationScript& script);

// The outcome of one file on the shadow.
struct ShadowRun {
  std::optional<StatementError> error;  // the statement that failed (FILE:LINE:COL report), if one did
  long long milliseconds = 0;
  bool ok() const { return !error; }
};

// Runs `file` on the shadow in its planned transaction mode, as up runs it
// but with no ledger, no lock_timeout and no retries; its notices and \echo
// output are dropped. The session is reset afterwards (RESET ALL, RESET
// ROLE...), as between the files of up. Errors other than a failing
// statement (a lost connection) are thrown.
ShadowRun apply_on_shadow(pg::Connection& shadow, const ShadowFile& file, const Project& project);

// Restores a plain schema dump (pg_dump --schema-only) on the shadow, in one
// transaction.
ShadowRun restore_on_shadow(pg::Connection& shadow, const std::filesystem::path& dump);

}  // namespace pgapply::engine
