#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/drift.hpp"
#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::engine {

struct DriftCheck {
  std::optional<catalog::DriftResult> result;
  std::string why_not;  // no result: no shadow, an extension it lacks, a migration that fails there
  // No result although a shadow was had: it could not replay the migrations
  // (an extension it lacks, a migration failing there), so verify and diff
  // must not pass on the static model's word.
  bool shadow_failed = false;
};

// verify and diff: replays the target's applied migrations (in the order
// they took effect: migrate::in_applied_order) on an empty shadow database, reads both
// catalog models and compares them: the target is "here", the migrations
// "there". Each difference is attributed to the migration that last made or
// changed its object, from what the migrations declare. `rows`: the
// ledger's (with what a --ledger-format tool applied: rows_counting_companion).
DriftCheck check_drift(LedgerSession& session, const Project& project, const ShadowOptions& options,
                       const std::vector<migrate::LedgerRow>& rows);

// verify's note for an applied migration whose file changed since (its
// checksum is not the ledger's): the file is replayed as it is now, so a
// difference may be the edit; "" when it did not change.
std::string replayed_as_edited(const migrate::LedgerRow& row, const MigrationScript& script);

// The name reports leave out of object names: the ledger's schema, which is
// the connection's current schema unless --ledger named another.
std::string home_schema(LedgerSession& session);

}  // namespace pgapply::engine
