#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "schema/baseline.hpp"

namespace pgapply::engine {

// baseline --detect on the shadow: the applied migrations replayed on an
// empty shadow database, then the pending ones one by one, the shadow's
// catalog read after each and compared with the database on the objects
// the pending ones up to it made or changed (schema/baseline.hpp says how
// the proposal is chosen from that). A migration that fails on the shadow
// ends the search there. nullopt, with the reason in `why_not`, when there
// is no shadow (the static detection then stands).
std::optional<schema::BaselineResult> detect_baseline_on_shadow(LedgerSession& session, const Project& project,
                                                                const std::vector<const MigrationScript*>& pending,
                                                                const ShadowOptions& options, std::string& why_not);

}  // namespace pgapply::engine
