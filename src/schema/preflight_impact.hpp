#pragma once

// Internal to preflight: the tables a migration locks, how big they are,
// who else holds locks on them, and what a statement does to them while it
// holds its lock.

#include <optional>
#include <string>
#include <vector>

#include "schema/expected_schema.hpp"
#include "schema/preflight.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

// A table a declaration locks, as it stood before the declaration ran.
struct LockTarget {
  ObjectKey table;
  std::optional<ExpectedObject> state;  // nullopt: absent (the statement fails on that)
  ddl::LockMode mode = ddl::LockMode::none;
  std::string reason;  // "ADD COLUMN"...
};

// The tables of `locks`, resolved now. A lock without a table name (DROP
// INDEX's) is on the table of `dropped_index`, when that is known.
std::vector<LockTarget> lock_targets(const ExpectedSchema& model, const std::vector<ddl::TableLock>& locks,
                                     const std::optional<ExpectedObject>& dropped_index = std::nullopt);

class ImpactCheck {
 public:
  ImpactCheck(const CatalogSnapshot& catalog, const PreflightThresholds& thresholds, std::string home_schema,
              FindingList& findings, std::vector<TableImpact>& tables)
      : catalog_(catalog), thresholds_(thresholds), home_(std::move(home_schema)), findings_(findings),
        tables_(tables) {}

  // One declaration (or statement) locking `targets`. `takes_locks`: it runs
  // far enough to lock them; `acts`: it does its work (rewrites, scans, an
  // ADD COLUMN that needs an empty table). `what` names it in findings.
  void check(const std::vector<LockTarget>& targets, const std::vector<ddl::Hazard>& hazards, bool takes_locks,
             bool acts, const std::string& what, const std::string& location);

  // CREATE INDEX CONCURRENTLY waits for every transaction older than it.
  void check_concurrent_index(const std::string& what, const std::string& location);

 private:
  bool large(const RelationFacts& facts) const;
  TableImpact& impact_of(const LockTarget& target);
  void check_holders(const LockTarget& target, const std::string& location);
  void check_hazards(const LockTarget& target, const std::vector<ddl::Hazard>& hazards, const std::string& what,
                     const std::string& location);

  const CatalogSnapshot& catalog_;
  const PreflightThresholds& thresholds_;
  std::string home_;
  FindingList& findings_;
  std::vector<TableImpact>& tables_;
};

// "pid 4242 (bob, psql, idle in transaction, in a transaction for 2h 03m)".
std::string describe_session(const LockHolder& holder);

}  // namespace pgapply::schema
