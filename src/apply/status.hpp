#pragma once

#include <string>

#include "app/connect_settings.hpp"
#include "apply/project.hpp"
#include "apply/run_output.hpp"
#include "migrate/plan.hpp"

namespace pgapply::apply {

struct StatusOptions {
  app::ConnectOptions connection;
  ProjectOptions project;
  bool json = false;
};

struct StatusResult {
  std::string report;  // text or JSON
  bool clean = false;  // nothing pending, modified, missing or failed
};

// `pgapply status`: every migration and its state. Reads the ledger without
// creating it or taking the lock.
StatusResult run_status(const StatusOptions& options, RunOutput& output);

}  // namespace pgapply::apply
