#pragma once

// pgapply baseline --detect: adopt a database built by hand or by another
// tool. The migrations are applied in version order to a model from nothing
// (as verify does), and each one's expectations, as the migrations up to it
// leave them, are checked against the catalog. The leading migrations whose
// declared objects all exist as declared are proposed; the detection stops
// at the first one that has an object missing or different, and at one that
// declares nothing checkable (a data-only migration: whether it ran cannot
// be seen, so --version is suggested). A default that cannot be compared
// does not stop it.
//
// Not recognised: a database that matches a later migration only because
// that one dropped or renamed what an earlier one created (the earlier one
// stops the detection; use --version).

#include <string>
#include <vector>

#include "schema/catalog.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::schema {

enum class BaselineDecision {
  proposed,        // everything it declares is there, as declared
  not_there,       // something it declares is missing or different: the detection stops here
  nothing_to_check,  // declares nothing checkable (data only?): the detection stops here
  not_considered,  // after the stop
  requested,       // baseline --version named it (or a later one): recorded without a check
};

std::string_view to_string(BaselineDecision decision);

struct BaselineEntry {
  std::string version;
  std::string file_name;
  BaselineDecision decision = BaselineDecision::not_considered;
  std::size_t checked = 0;              // declared objects checked
  std::size_t not_compared = 0;         // of which a default could not be compared
  std::vector<std::string> problems;    // "missing: column users.theme (migrations/005_x.sql:37)"
  std::vector<std::string> notes;       // what could not be checked (dynamic SQL...)
  std::string reason;                   // one line
};

struct BaselineResult {
  std::vector<std::string> versions;   // proposed, in order
  std::vector<BaselineEntry> entries;  // every migration given, in order
  std::string stopped_at;              // the version detection stopped at; "" when all are proposed
  std::string suggestion;              // what to do next, one line ("" when nothing to add)
};

BaselineResult detect_baseline(const std::vector<MigrationFacts>& migrations, const CatalogSnapshot& catalog);

}  // namespace pgapply::schema
