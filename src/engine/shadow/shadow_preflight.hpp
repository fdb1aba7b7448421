#pragma once

#include <vector>

#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "engine/shadow/shadow_proofs.hpp"
#include "schema/preflight.hpp"

namespace pgapply::engine {

// preflight on the shadow: the target's schema copied there (no data), the
// pending migrations run on it in order; `result` (the static preflight of
// `input` against `catalog`, with the live facts) then says what they did
// there instead of what the static model predicted
// (schema::apply_shadow_outcomes). Where the shadow rewrote no table that a
// statement's facts say it rewrites, the static preflight is run again with
// what the shadow saw (PendingMigration::shadow_files) first. Without a shadow
// (or when the target's schema does not restore there) the static model's
// object-state findings become warnings, and result.no_shadow_reason says why.
void preflight_on_shadow(LedgerSession& session, const Project& project,
                         const std::vector<const MigrationScript*>& pending, const ShadowOptions& options,
                         const ProofOptions& proofs, const schema::CatalogSnapshot& catalog,
                         schema::PreflightInput& input, schema::PreflightResult& result, RunOutput& output);

// The static model's object-state errors as warnings (no shadow could
// confirm them); the verdicts worked out again.
void demote_static_predictions(schema::PreflightResult& result, const std::string& reason);

}  // namespace pgapply::engine
