#include "schema/preflight_impact.hpp"

#include <algorithm>

#include "schema/lock_conflicts.hpp"
#include "schema/quantities.hpp"

namespace pgapply::schema {

namespace {

using ddl::HazardKind;
using ddl::LockMode;

bool created_by_run(const ExpectedObject& table) { return table.fresh && !table.origin; }

// "ACCESS EXCLUSIVE (blocks reads and writes)"
std::string lock_text(LockMode mode) {
  std::string out(ddl::to_string(mode));
  out += " (";
  out += ddl::what_it_blocks(mode);
  out += ')';
  return out;
}

// Whether the hazard happens to this table (CREATE INDEX ON ONLY a
// partitioned table reads no rows).
bool happens(const ddl::Hazard& hazard, const RelationFacts& facts) {
  return !(hazard.none_if_partitioned && facts.partitioned);
}

}  // namespace

std::string describe_session(const LockHolder& holder) {
  std::string out = "pid " + std::to_string(holder.pid);
  std::vector<std::string> parts;
  if (!holder.user.empty()) parts.push_back("user " + holder.user);
  if (!holder.application.empty()) parts.push_back(holder.application);
  if (!holder.state.empty()) parts.push_back(holder.state);
  if (holder.transaction_seconds > 0) parts.push_back("transaction open for " + format_duration(holder.transaction_seconds));
  if (!parts.empty()) {
    out += " (";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i > 0) out += ", ";
      out += parts[i];
    }
    out += ')';
  }
  return out;
}

std::vector<LockTarget> lock_targets(const ExpectedSchema& model, const std::vector<ddl::TableLock>& locks,
                                     const std::optional<ExpectedObject>& dropped_index) {
  std::vector<LockTarget> out;
  for (const auto& lock : locks) {
    ObjectKey table;
    if (lock.table.empty()) {
      if (!dropped_index || dropped_index->index_table.empty()) continue;
      table = relation_key(dropped_index->key.schema, dropped_index->index_table);
    } else {
      table = model.relation(lock.table);
    }
    out.push_back({table, model.current(table), lock.mode, lock.reason});
  }
  return out;
}

bool ImpactCheck::large(const RelationFacts& facts) const {
  return facts.row_estimate >= thresholds_.large_rows || facts.total_bytes >= thresholds_.large_bytes;
}

TableImpact& ImpactCheck::impact_of(const LockTarget& target) {
  const std::string name = display_name(target.table, home_);
  for (auto& table : tables_) {
    if (table.table == name) return table;
  }
  TableImpact impact;
  impact.table = name;
  if (target.state) {
    const RelationFacts facts = target.state->relation.value_or(RelationFacts{});
    impact.created_by_run = created_by_run(*target.state);
    impact.row_estimate = facts.row_estimate;
    impact.total_bytes = facts.total_bytes;
    impact.large = !impact.created_by_run && large(facts);
  }
  tables_.push_back(std::move(impact));
  return tables_.back();
}

void ImpactCheck::check(const std::vector<LockTarget>& targets, const std::vector<ddl::Hazard>& hazards,
                        bool takes_locks, bool acts, const std::string& what, const std::string& location) {
  if (!takes_locks) return;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const LockTarget& target = targets[i];
    if (!target.state || target.state->key.space != Space::relation) continue;
    TableImpact& impact = impact_of(target);
    impact.lock = std::max(impact.lock, target.mode);
    check_holders(target, location);
    const RelationFacts facts = target.state->relation.value_or(RelationFacts{});
    bool heavy = false;
    // a declaration's hazards are about the first table it locks (the one it alters)
    if (i == 0 && acts) {
      check_hazards(target, hazards, what, location);
      heavy = std::any_of(hazards.begin(), hazards.end(), [&facts](const ddl::Hazard& hazard) {
        return happens(hazard, facts) &&
               (hazard.kind == HazardKind::rewrites_table || hazard.kind == HazardKind::scans_table);
      });
    }
    if (!heavy && impact.large && target.mode >= LockMode::share) {
      findings_.add(Severity::warning,
                    impact.table + " (" + format_rows(facts.row_estimate) + ", " + format_bytes(facts.total_bytes) +
                        ") is locked " + lock_text(target.mode) + " by " + what +
                        ": quick once granted, but while it waits for the queries running on it, every new "
                        "query on " + impact.table + " queues behind it (lock_timeout bounds the wait)",
                    location, "strong lock:" + impact.table);
    }
  }
}

namespace {

// "; CREATE INDEX CONCURRENTLY avoids that", or what does on a partitioned table.
std::string remedy(const ddl::Hazard& hazard, const RelationFacts& facts) {
  if (hazard.concurrent_remedy.empty()) return {};
  if (!facts.partitioned) return "; " + hazard.concurrent_remedy;
  return "; a partitioned table takes no CONCURRENTLY: CREATE INDEX ... ON ONLY it, then CREATE INDEX CONCURRENTLY "
         "on each partition and ALTER INDEX ... ATTACH PARTITION avoids that";
}

}  // namespace

void ImpactCheck::check_hazards(const LockTarget& target, const std::vector<ddl::Hazard>& hazards,
                                const std::string& what, const std::string& location) {
  const RelationFacts facts = target.state->relation.value_or(RelationFacts{});
  const bool created = created_by_run(*target.state);
  TableImpact& impact = impact_of(target);
  const std::string size = format_rows(facts.row_estimate) + ", " + format_bytes(facts.total_bytes);
  for (const auto& hazard : hazards) {
    if (!happens(hazard, facts)) continue;
    switch (hazard.kind) {
      case HazardKind::rewrites_table:
      case HazardKind::scans_table: {
        const bool rewrites = hazard.kind == HazardKind::rewrites_table;
        (rewrites ? impact.rewrites : impact.scans) = true;
        if (!impact.large) break;
        findings_.add(Severity::warning,
                      what + (rewrites ? " rewrites " : " scans ") + impact.table + " (" + size + ") holding " +
                          lock_text(target.mode) + " meanwhile: " + hazard.explanation + remedy(hazard, facts),
                      location);
        break;
      }
      case HazardKind::fails_if_rows: {
        if (created && facts.row_estimate == 0) break;  // created empty by an earlier pending statement
        const std::string cause = (hazard.cause.empty() ? "NOT NULL" : hazard.cause) + " without a DEFAULT";
        const std::string advice = hazard.cause.empty()
                                       ? "give it a DEFAULT, or add it nullable, fill it, then SET NOT NULL"
                                       : "give it (or its domain) a DEFAULT";
        if (facts.row_estimate > 0 && hazard.unless.empty()) {
          findings_.add(Severity::error,
                        what + " fails: " + cause + ", and " + impact.table + " has " +
                            format_rows(facts.row_estimate) + " (" + advice + ")",
                        location);
        } else {
          findings_.add(Severity::warning,
                        what + ": " + cause + " fails if " + impact.table + " has any row (statistics: " +
                            format_rows(facts.row_estimate) + ")" +
                            (hazard.unless.empty() ? "" : ", unless " + hazard.unless),
                        location);
        }
        break;
      }
      case HazardKind::cascades:
        findings_.add(Severity::info, what + ": " + hazard.explanation, location);
        break;
      default:
        break;
    }
  }
}

void ImpactCheck::check_holders(const LockTarget& target, const std::string& location) {
  if (!target.state || !target.state->origin) return;  // not a live table: nobody else uses it
  const ObjectKey& live = *target.state->origin;
  const std::string name = display_name(target.table, home_);
  for (const auto& holder : catalog_.lock_holders) {
    if (holder.relation.empty() || holder.schema != live.schema || holder.relation != live.name) continue;
    const auto mode = lock_mode_from_name(holder.mode);
    if (mode && !locks_conflict(*mode, target.mode)) continue;
    std::string message = describe_session(holder);
    message += holder.granted ? " holds " : " is waiting for ";
    message += holder.mode + " on " + name + ": the migration's " + lock_text(target.mode) +
               " lock will wait behind it, and block everyone else on " + name + " meanwhile (up to lock_timeout)";
    if (!holder.query.empty()) message += "; its query: " + holder.query;
    findings_.add(Severity::warning, std::move(message), location,
                  "holder:" + std::to_string(holder.pid) + ":" + name);
  }
}

void ImpactCheck::check_concurrent_index(const std::string& what, const std::string& location) {
  for (const auto& holder : catalog_.lock_holders) {
    if (holder.transaction_seconds <= 0) continue;
    std::string message = what + " waits for every transaction older than it to end: " + describe_session(holder);
    if (!holder.query.empty()) message += "; its query: " + holder.query;
    findings_.add(Severity::warning, std::move(message), location, "concurrently:" + std::to_string(holder.pid));
  }
}

}  // namespace pgapply::schema
