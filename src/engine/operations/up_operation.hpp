#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/context.hpp"
#include "engine/ledger_protocol.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "migrate/plan.hpp"
#include "migrate/run_summary.hpp"

namespace pgapply::engine {

struct UpOptions {
  Context context;
  std::optional<std::string> target;  // apply nothing above this version
  bool allow_out_of_order = false;
  // A pending file with no statements (what `new` writes) is refused unless
  // this is set: applying it and filling it in later would show as drift.
  bool allow_empty = false;
  // Run everything although pgapply's ledger is empty and another tool's
  // ledger records applied migrations (else: Error(check) naming baseline --from).
  bool ignore_foreign_ledger = false;
  // A transactional file that hits the lock timeout (55P03) or a deadlock
  // (40P01) runs again, after 1 s, 2 s, 4 s..., at most this many times.
  int retries = 3;
  std::optional<std::filesystem::path> backup_dir;  // pg_dump here before applying
  bool verify = true;  // after applying, check that the declared objects exist as declared
  // Where verify (after up), preflight and their proofs run the migrations.
  ShadowOptions shadow;
};

// Why up refuses `script` when it is an empty migration (is_empty_migration),
// "" when it is not: fill it in, or run `allow` (the command that takes it
// anyway: up --allow-empty, check --allow-empty), as printed.
std::string empty_migration_refusal(const MigrationScript& script, const std::string& allow);

// What up would apply: the plan's decision under the options' rules. Warns
// through `output`; throws Error(check) listing every problem that refuses
// the run (modified, out-of-order, unfixed failed migrations, empty files
// unless allowed, files whose ledger row was deleted outside pgapply:
// `deleted_rows`, Ledger::deleted_rows). A --target naming no migration is a
// usage error.
migrate::UpDecision decide_or_refuse(const migrate::Plan& plan, const Project& project, const UpOptions& options,
                                     RunOutput& output, const migrate::DeletedRows& deleted_rows = {});

// The ledger's entry for a migration file, recorded by `method`.
LedgerEntry ledger_entry(const MigrationScript& script, const std::string& method = "up");
// The ledger's entry for the migration of `version` recorded without
// running it (baseline, repair): ledger_entry of its script, or, for a goose
// migration in Go (migrate::FileFormat::goose_go), the checksum of its file
// and no statements. Error(input) when the project has no such file.
LedgerEntry recorded_entry(const Project& project, const std::string& version, const std::string& method);
// The row the ledger holds once `entry` is recorded: what a plan compares
// with when pgapply's ledger does not hold it yet.
migrate::LedgerRow ledger_row(const LedgerEntry& entry);

// `pgapply up`: applies the pending migrations in order, each in its own
// transaction with its ledger row (or statement by statement with its
// progress recorded, for files that cannot run in a transaction), under the
// migration lock. Throws Error: input (files), connection, check (modified,
// out-of-order or failed migrations: nothing runs), lock, sql (a statement
// failed: that file is rolled back, later ones do not run). After applying,
// verifies the schema (see run_verify); a difference is Error(check).
// `summary` says what ran, also when it throws.
void run_up(const UpOptions& options, RunOutput& output, migrate::RunSummary& summary);

}  // namespace pgapply::engine
