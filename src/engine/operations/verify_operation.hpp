#pragma once

#include <string>

#include "engine/context.hpp"
#include "engine/ledger.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "schema/verification.hpp"

namespace pgapply::engine {

struct VerifyOptions {
  Context context;
  ShadowOptions shadow;  // where the applied migrations are replayed (see drift_check.hpp)
  bool json = false;
};

struct ReportResult {
  std::string report;   // text or JSON
  std::string failure;  // what it found that makes the command exit 4 ("" when nothing)
};

// `pgapply verify`: the database's schema is exactly what its applied
// migrations make on the shadow (drift_check.hpp): missing, different and
// extra objects. Without a shadow, the static model: every object the
// applied migrations declare exists as declared (types as the server
// normalises them, defaults, nullability, valid indexes, policies and RLS,
// dropped objects gone), its findings warnings unless certain. Read-only.
ReportResult run_verify(const VerifyOptions& options, RunOutput& output);

// The same check on an open connection, for `up` to run after applying.
schema::VerifyResult verify_applied(pg::Connection& connection, const std::vector<migrate::LedgerRow>& rows,
                                    const Project& project);

}  // namespace pgapply::engine
