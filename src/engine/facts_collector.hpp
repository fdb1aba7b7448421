#pragma once

#include "engine/project.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::engine {

// What a migration declares, statement by statement, as it would run
// (includes read, variables interpolated, the \if branches taken).
schema::MigrationFacts migration_facts(const MigrationScript& script, const Project& project);
// The same for each of `scripts`, in order.
std::vector<schema::MigrationFacts> migration_facts(const std::vector<const MigrationScript*>& scripts,
                                                    const Project& project);

}  // namespace pgapply::engine
