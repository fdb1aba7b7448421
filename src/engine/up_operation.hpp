#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "settings/connect_settings.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "engine/session.hpp"
#include "engine/shadow_database.hpp"
#include "migrate/plan.hpp"

namespace pgapply::engine {

struct UpOptions {
  settings::ConnectOptions connection;
  ProjectOptions project;
  std::optional<std::string> target;  // apply nothing above this version
  bool allow_out_of_order = false;
  std::chrono::milliseconds lock_wait{60'000};
  SessionSettings session{std::string("5s"), std::nullopt};
  // A transactional file that hits the lock timeout (55P03) or a deadlock
  // (40P01) runs again, after 1 s, 2 s, 4 s..., at most this many times.
  int retries = 3;
  std::optional<std::filesystem::path> backup_dir;  // pg_dump here before applying
  bool verify = true;  // after applying, check that the declared objects exist as declared
  // Where verify (after up), preflight and their proofs run the migrations.
  ShadowOptions shadow;
};

// What up would apply: the plan's decision under the options' rules. Warns
// through `output`; throws Error(check) listing every problem that refuses
// the run (modified, out-of-order, unfixed failed migrations).
migrate::UpDecision decide_or_refuse(const migrate::Plan& plan, const UpOptions& options, RunOutput& output);

// `pgapply up`: applies the pending migrations in order, each in its own
// transaction with its ledger row (or statement by statement with its
// progress recorded, for files that cannot run in a transaction), under the
// migration lock. Throws Error: input (files), connection, check (modified,
// out-of-order or failed migrations: nothing runs), lock, sql (a statement
// failed: that file is rolled back, later ones do not run). After applying,
// verifies the schema (see run_verify); a difference is Error(check).
void run_up(const UpOptions& options, RunOutput& output);

}  // namespace pgapply::engine
