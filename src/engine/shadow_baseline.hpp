#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/ledger_session.hpp"
#include "engine/project.hpp"
#include "engine/shadow_database.hpp"
#include "schema/baseline.hpp"

namespace pgapply::engine {

// baseline --detect on the shadow: the applied migrations replayed on an
// empty shadow database, then the pending ones one by one, the shadow's
// catalog read after each. The database was built by the first k pending
// migrations when it has every object they make, as they leave it (objects
// none of them touch, drift, do not count); the largest such k is proposed,
// up to the first migration that changes no object (data only: whether it
// ran cannot be seen) or fails on the shadow. nullopt, with the reason in
// `why_not`, when there is no shadow (the static detection then stands).
std::optional<schema::BaselineResult> detect_baseline_on_shadow(LedgerSession& session, const Project& project,
                                                                const std::vector<const MigrationScript*>& pending,
                                                                const ShadowOptions& options, std::string& why_not);

}  // namespace pgapply::engine
