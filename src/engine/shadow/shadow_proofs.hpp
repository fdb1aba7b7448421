#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "engine/project.hpp"
#include "engine/shadow/shadow_database.hpp"
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
  // Read which tables each migration that may rewrite one rewrote there
  // (ShadowOutcome::table_files: preflight's).
  bool table_files = false;
  // A shadow holding the schema the scripts start from again (a fresh
  // database, the target's schema copied in), or nullptr with the reason in
  // its argument. A proof that fails can leave the shadow where no real run
  // goes (after a down file whose up then fails, a second run that made
  // more, an up -> down -> up that left other rows): the next migrations
  // must not run there, so the shadow is rebuilt from this start with the
  // migrations so far applied once.
  std::function<pg::Connection*(std::string& why_not)> start_over;
};

// Runs `scripts` (whose facts are `facts`) in order on `connection`, a
// database of `shadow` holding the schema they start from, reading the
// catalog model around each: what each changes, or the statement that
// failed with the server's own error; and the proofs asked for. After a
// migration fails, the later ones are not run (checked false); a failure
// that only says the shadow is not the target (its database's name), or a
// migration needing an extension the shadow lacks, leaves it and them
// unchecked instead (ShadowOutcome::unchecked). Each migration runs on the
// schema the ones before it make when applied once, whatever their proofs
// did (see ProofOptions::start_over).
// Beyond options.per_migration_limit, the objects all of them changed
// together go to `run_changes` instead (the outcomes' changes_listed false).
std::vector<schema::ShadowOutcome> run_on_shadow(const ShadowDatabase& shadow, pg::Connection& connection,
                                                 const Project& project,
                                                 const std::vector<const MigrationScript*>& scripts,
                                                 const std::vector<schema::MigrationFacts>& facts,
                                                 const ProofOptions& options,
                                                 std::vector<std::string>* run_changes = nullptr);

}  // namespace pgapply::engine
