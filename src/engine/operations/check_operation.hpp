#pragma once

#include <optional>
#include <string>

#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "engine/operations/verify_operation.hpp"
#include "engine/context.hpp"

namespace pgapply::engine {

struct CheckOptions {
  Context context;
  ShadowOptions shadow;
  std::optional<std::string> target;  // check migrations up to this version only
  bool offline = false;      // no target database: every migration, from an empty database
  bool idempotency = true;   // each migration applied twice: the second run succeeds and changes nothing
  bool rollback = true;      // with a down file: up -> down -> up ends where up did, and down undoes up
  bool allow_empty = false;  // prove migrations with no statements too (up refuses them unless --allow-empty)
  bool allow_out_of_order = false;  // prove a pending file below the highest applied version too, as up would run it
  bool json = false;
};

// `pgapply check`: proves on the shadow what the pending migrations promise
// (every migration with --offline, from an empty database): that each is
// safe to run twice, and that each down file rolls its migration back.
// `failed` (exit 4): a migration fails on the shadow, or a proof fails.
// Throws Error(check) (exit 4), as up would, for a migration with no
// statements unless allow_empty.
// Throws Error(usage) when there is no shadow to prove anything on.
ReportResult run_check(const CheckOptions& options, RunOutput& output);

}  // namespace pgapply::engine
