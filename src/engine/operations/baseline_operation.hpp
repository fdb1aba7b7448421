#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/context.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "engine/shadow/shadow_database.hpp"

namespace pgapply::engine {

struct BaselineOptions {
  Context context;
  std::optional<std::string> version;  // record every migration up to this one
  bool detect = false;                 // propose the leading migrations whose objects exist
  std::optional<std::string> from;     // adopt this tool's ledger (migrate/foreign_ledger.hpp)
  std::string from_table;              // with from: its table, when not the tool's default
  std::optional<std::string> force;    // with from: record despite disagreements, for this reason
  bool yes = false;                    // with detect or from: record the proposal
  bool json = false;
  ShadowOptions shadow;  // --detect asks the shadow (shadow_baseline.hpp)
};

struct BaselineResult {
  std::string report;  // what was (or would be) recorded, and why
  std::string problem;  // from: why nothing was recorded (the ledgers disagree, unless forced): exit 4; "" when none
};

// `pgapply baseline`: adopts a database whose schema was built by hand or by
// another tool. With --version N, records the pending migrations up to N as
// applied without running them (method "baseline" in the ledger, an event in
// its history). With --detect, inspects the database and proposes the leading
// pending migrations whose declared objects all exist already; --yes records
// them. With --from TOOL, reads that tool's ledger and records what it
// applied (engine/operations/adoption_operation.hpp). Under the migration lock.
BaselineResult run_baseline(const BaselineOptions& options, RunOutput& output);

}  // namespace pgapply::engine
