#include "engine/shadow_baseline.hpp"

#include <algorithm>
#include <set>

#include "core/plural.hpp"
#include "migrate/version.hpp"

#include "catalog/model_comparison.hpp"
#include "engine/catalog_model_reader.hpp"
#include "engine/drift_check.hpp"
#include "engine/shadow_apply.hpp"

namespace pgapply::engine {

namespace {

using catalog::CatalogModel;
using catalog::ObjectKey;
using schema::BaselineDecision;

std::vector<std::string> problems(const CatalogModel& target, const CatalogModel& shadow,
                                  const std::set<ObjectKey>& scope, const std::string& home) {
  std::vector<std::string> lines;
  const auto comparison =
      catalog::compare_models(target, shadow, [&scope](const ObjectKey& key) { return scope.count(key) != 0; });
  for (const auto& difference : comparison.differences) lines.push_back(catalog::explain(difference, {}, home));
  return lines;
}

}  // namespace

std::optional<schema::BaselineResult> detect_baseline_on_shadow(LedgerSession& session, const Project& project,
                                                                const std::vector<const MigrationScript*>& pending,
                                                                const ShadowOptions& options, std::string& why_not) {
  pg::Connection& target = session.connection();
  std::unique_ptr<ShadowDatabase> shadow = ShadowDatabase::open(options, read_target_facts(target), why_not);
  if (!shadow) return std::nullopt;
  pg::Connection& replay = shadow->fresh();
  std::vector<const MigrationScript*> applied;
  for (const auto& row : session.ledger().rows()) {
    if (row.state != migrate::LedgerState::applied) continue;
    if (const MigrationScript* script = project.find(row.version)) applied.push_back(script);
  }
  std::stable_sort(applied.begin(), applied.end(), [](const MigrationScript* a, const MigrationScript* b) {
    return migrate::compare_versions(a->file.version, b->file.version) < 0;
  });
  std::vector<const LoadedScript*> scripts;
  for (const MigrationScript* script : applied) scripts.push_back(&script->loaded);
  if (const ShadowRun run = apply_on_shadow(replay, scripts); !run.ok()) {
    why_not = "an applied migration fails on the shadow: " + run.error->summary();
    return std::nullopt;
  }
  const LedgerName& ledger = session.ledger().name();
  const CatalogModel here = read_catalog_model(target, {ledger.schema, ledger.table});
  const std::string home = home_schema(session);

  // The shadow after each pending migration, and what the ones up to it touched.
  schema::BaselineResult result;
  CatalogModel before = read_catalog_model(replay);
  std::set<ObjectKey> touched;
  std::size_t last_match = 0;  // how many leading migrations the database matches
  std::size_t stop = pending.size();
  std::string stop_reason;
  bool stop_failed = false;
  std::vector<std::string> stop_problems;
  std::vector<std::size_t> checked(pending.size(), 0);
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const ShadowRun run = apply_on_shadow(replay, pending[i]->loaded);
    if (!run.ok()) {
      stop = i;
      stop_reason = "fails on the shadow: " + run.error->summary();
      stop_failed = true;
      break;
    }
    CatalogModel after = read_catalog_model(replay);
    const std::set<ObjectKey> changed = catalog::changed_keys(before, after);
    checked[i] = changed.size();
    if (changed.empty()) {
      stop = i;
      stop_reason = "changes no object on the shadow (data only?): whether it ran cannot be seen";
      break;
    }
    touched.insert(changed.begin(), changed.end());
    auto lines = problems(here, after, touched, home);
    if (lines.empty()) {
      last_match = i + 1;
    } else if (i == last_match) {
      stop_problems = std::move(lines);  // why the next one is not there, unless a later one matches
    }
    before = std::move(after);
  }
  if (stop == pending.size() && last_match < pending.size()) stop = last_match;
  if (stop > last_match) {
    // a later migration matched no better: the database stopped after last_match
    stop = last_match;
    stop_reason.clear();
  }

  for (std::size_t i = 0; i < pending.size(); ++i) {
    schema::BaselineEntry entry;
    entry.version = pending[i]->file.version;
    entry.file_name = pending[i]->file.file_name;
    entry.checked = checked[i];
    if (i < last_match) {
      entry.decision = BaselineDecision::proposed;
      entry.reason = "the " + plural(checked[i], "object") +
                     " it changes on the shadow are here, as the migrations up to it leave them";
      result.versions.push_back(entry.version);
    } else if (i == stop) {
      result.stopped_at = entry.version;
      if (!stop_reason.empty()) {
        entry.decision = stop_failed ? BaselineDecision::not_there : BaselineDecision::nothing_to_check;
        entry.reason = stop_reason;
        result.suggestion = "check by hand whether " + entry.file_name + " has run; if it has, baseline with --version " +
                            entry.version + " or later";
      } else {
        entry.decision = BaselineDecision::not_there;
        entry.problems = stop_problems;
        entry.reason = plural(stop_problems.size(), "object") +
                       " it leaves on the shadow " + (stop_problems.size() == 1 ? "is" : "are") +
                       " not here as it leaves them";
        result.suggestion = result.versions.empty()
                                ? "nothing to baseline: the first migration's objects are not all here"
                                : "baseline up to " + result.versions.back() + "; pgapply up then applies " +
                                      entry.file_name + " and later";
      }
    } else {
      entry.reason = "not considered: detection stopped at " + result.stopped_at;
    }
    result.entries.push_back(std::move(entry));
  }
  return result;
}

}  // namespace pgapply::engine
