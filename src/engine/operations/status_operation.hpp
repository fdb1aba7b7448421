#pragma once

#include <string>

#include "engine/context.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "migrate/plan.hpp"

namespace pgapply::engine {

struct StatusOptions {
  Context context;
  bool json = false;
};

struct StatusResult {
  std::string report;  // text or JSON
  std::string unclean;  // what is pending, modified, missing or failed ("2 pending"); "" when nothing is
  // The file --exit-code's error is about: the first modified, missing or
  // failed migration, else the first pending one; "" when all are applied.
  std::string unclean_file;
};

// `pgapply status`: every migration and its state. Reads the ledger without
// creating it or taking the lock.
StatusResult run_status(const StatusOptions& options, RunOutput& output);

}  // namespace pgapply::engine
