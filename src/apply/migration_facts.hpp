#pragma once

#include "apply/project.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::apply {

// What a migration declares, statement by statement, as it would run
// (includes read, variables interpolated, the \if branches taken).
schema::MigrationFacts migration_facts(const MigrationScript& script, const Project& project);

}  // namespace pgapply::apply
