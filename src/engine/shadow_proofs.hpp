#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/project.hpp"
#include "engine/shadow_database.hpp"
#include "pg/connection.hpp"
#include "schema/shadow_outcome.hpp"

namespace pgapply::engine {

struct ProofOptions {
  bool idempotency = false;  // run each migration a second time: it must succeed and change nothing
  bool rollback = false;     // with a down file: up -> down -> up must end where up did, and down undo up
  std::string home_schema = "public";
  // Above this many migrations (and without proofs), the catalog is read
  // before and after the whole run rather than after each migration: reading
  // it after each of 1,000 migrations costs minutes.
  std::size_t per_migration_limit = 100;
};

// Runs `scripts` (whose facts are `facts`) in order on `connection`, a
// database of `shadow` holding the schema they start from, reading the
// catalog model around each: what each changes, or the statement that
// failed with the server's own error; and the proofs asked for. After a
// migration fails, the later ones are not run (checked false); a failure
// that only says the shadow is not the target (its database's name) leaves
// it and them unchecked instead (ShadowOutcome::unchecked).
// Beyond options.per_migration_limit, the objects all of them changed
// together go to `run_changes` instead (the outcomes' changes_listed false).
std::vector<schema::ShadowOutcome> run_on_shadow(const ShadowDatabase& shadow, pg::Connection& connection,
                                                 const Project& project,
                                                 const std::vector<const MigrationScript*>& scripts,
                                                 const std::vector<schema::MigrationFacts>& facts,
                                                 const ProofOptions& options,
                                                 std::vector<std::string>* run_changes = nullptr);

}  // namespace pgapply::engine
