#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/context.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "engine/shadow_database.hpp"

namespace pgapply::engine {

struct BaselineOptions {
  Context context;
  std::optional<std::string> version;  // record every migration up to this one
  bool detect = false;                 // propose the leading migrations whose objects exist
  bool yes = false;                    // with detect: record the proposal
  bool json = false;
  ShadowOptions shadow;  // --detect asks the shadow (shadow_baseline.hpp)
};

struct BaselineResult {
  std::string report;  // what was (or would be) recorded, and why
};

// `pgapply baseline`: adopts a database whose schema was built by hand or by
// another tool. With --version N, records the pending migrations up to N as
// applied without running them (method "baseline" in the ledger, an event in
// its history). With --detect, inspects the database and proposes the leading
// pending migrations whose declared objects all exist already; --yes records
// them. Under the migration lock.
BaselineResult run_baseline(const BaselineOptions& options, RunOutput& output);

}  // namespace pgapply::engine
