#pragma once

// Every call that runs SQL files on the shadow database lives here (in
// shadow_apply.cpp): they go through the engine's run loop (run_live) with
// nothing recorded, exactly as up runs them but without the ledger.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/loaded_script.hpp"
#include "engine/statement_error.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// The outcome of files on the shadow.
struct ShadowRun {
  std::optional<StatementError> error;  // the statement that failed (FILE:LINE:COL report), if one did
  long long milliseconds = 0;
  bool ok() const { return !error; }
};

// Runs `scripts` in order on the shadow as up runs them (each in its
// transaction mode, consecutive transactional files in shared statement
// batches, the session reset before each file), with no ledger, no
// lock_timeout and no retries; notices and \echo output are dropped. Stops
// at the first failing statement. Errors other than a failing statement (a
// lost connection) are thrown.
ShadowRun apply_on_shadow(pg::Connection& shadow, const std::vector<const LoadedScript*>& scripts);
// The same, each file as `roles[i]` (RunItem::as_role; "" for the session's own).
ShadowRun apply_on_shadow(pg::Connection& shadow, const std::vector<const LoadedScript*>& scripts,
                          const std::vector<std::string>& roles);
ShadowRun apply_on_shadow(pg::Connection& shadow, const LoadedScript& script);

// Restores a plain schema dump (pg_dump --schema-only) on the shadow.
ShadowRun restore_on_shadow(pg::Connection& shadow, const std::filesystem::path& dump);

}  // namespace pgapply::engine
