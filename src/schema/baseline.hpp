#pragma once

// pgapply baseline --detect: adopt a database built by hand or by another
// tool. The database was built by the first k pending migrations when it
// has every object they make or change, as the k of them leave it: an
// object a later one of the k alters or drops is judged by what it is after
// the k-th (objects none of them touch, and drift on those, do not count).
// The largest such k whose k-th migration changes some object is proposed.
// A migration that changes nothing that can be seen (data only) neither
// proves nor blocks: one before the proposal's end is proposed with it, one
// right after it is left to be checked by hand (--version).
//
// Two models judge the migrations: the shadow (engine/shadow/shadow_baseline.hpp:
// each migration run on a copy, its catalog compared) and, when no shadow
// can be had, the static model (detect_baseline below: what the migrations
// declare, expected_schema.hpp). Both feed a BaselineSearch, which chooses
// the proposal and says why it ends where it does.
//
// When the largest k is not all of them, the migrations after k are
// explained by the one whose state the database is nearest to (fewest
// objects not as the migrations up to it leave them; the first on a tie):
// usually the (k+1)-th, whose objects are missing; with drift on an object
// of an early migration, a later one, naming that object.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "schema/catalog.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::schema {

enum class BaselineDecision {
  proposed,          // the database is as the migrations up to the proposal's end leave it
  not_there,         // why the proposal ends: its objects are not here as it leaves them, or it fails
  nothing_to_check,  // right after the proposal, changes nothing that can be seen (data only?)
  not_considered,    // after the stop
  requested,         // baseline --version named it (or a later one): recorded without a check
};

std::string_view to_string(BaselineDecision decision);

struct BaselineEntry {
  std::string version;
  std::string file_name;
  BaselineDecision decision = BaselineDecision::not_considered;
  std::size_t checked = 0;              // objects it makes or changes that were checked
  std::size_t not_compared = 0;         // of which a default could not be compared
  // Where the proposal ends: the objects of the migrations up to this one
  // that are not here as they leave them ("table t: missing here ..., made
  // at 004_t.sql:1"); empty for the others.
  std::vector<std::string> problems;
  std::vector<std::string> notes;       // what could not be checked (dynamic SQL...)
  std::string reason;                   // one line
};

struct BaselineResult {
  std::vector<std::string> versions;   // proposed, in order
  std::vector<BaselineEntry> entries;  // every migration given, in order
  std::string stopped_at;              // the first migration not proposed; "" when all are proposed
  std::string suggestion;              // what to do next, one line ("" when nothing to add)
};

// One migration as a model judged it, on the state the migrations up to it leave.
struct BaselineStep {
  enum class Outcome { judged, failed, not_run };

  std::string version;
  std::string file_name;
  Outcome outcome = Outcome::judged;
  std::size_t checked = 0;       // objects it makes or changes (0: data only, it proves nothing)
  std::size_t not_compared = 0;  // of which a default could not be compared
  // Objects of the migrations up to it that are not here as they leave them
  // (0: the database is as they leave it).
  std::size_t mismatched = 0;
  std::vector<std::string> problems;  // those objects, when explains(mismatched) said they are wanted
  std::vector<std::string> notes;
  std::string reason;  // the model's one line about it (failed: why)
};

class BaselineSearch {
 public:
  // Whether the next step, with `mismatched` objects not here, may explain
  // where the proposal ends: only then are its problems wanted (a model
  // spends nothing on describing the others).
  bool explains(std::size_t mismatched) const { return mismatched > 0 && mismatched < nearest_mismatched_; }
  // The migrations in order, each once.
  void add(BaselineStep step);
  BaselineResult finish() const;

 private:
  static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

  std::vector<BaselineStep> steps_;
  std::size_t proposed_ = 0;  // k: the leading steps proposed
  std::size_t nearest_ = none;  // the step after k the database is nearest to
  std::size_t nearest_mismatched_ = none;
  std::size_t failed_ = none;
};

// The static model's detection: the migrations applied in order to a model
// from nothing (as verify --no-shadow does), the expectations checked
// against the catalog after each. A default that cannot be compared counts
// as there. Not recognised: what only dynamic SQL makes.
BaselineResult detect_baseline(const std::vector<MigrationFacts>& migrations, const CatalogSnapshot& catalog);

}  // namespace pgapply::schema
