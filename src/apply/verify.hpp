#pragma once

#include <string>

#include "app/connect_settings.hpp"
#include "apply/ledger.hpp"
#include "apply/project.hpp"
#include "apply/run_output.hpp"
#include "schema/verify.hpp"

namespace pgapply::apply {

struct VerifyOptions {
  app::ConnectOptions connection;
  ProjectOptions project;
  bool json = false;
};

struct ReportResult {
  std::string report;   // text or JSON
  bool failed = false;  // the command exits 4
};

// `pgapply verify`: every object the applied migrations declare exists as
// declared (types as the server normalises them, defaults, nullability,
// valid indexes, policies and RLS, dropped objects gone). Read-only.
ReportResult run_verify(const VerifyOptions& options, RunOutput& output);

// The same check on an open connection, for `up` to run after applying.
schema::VerifyResult verify_applied(pg::Connection& connection, Ledger& ledger, const Project& project);

}  // namespace pgapply::apply
