#include "engine/shadow/shadow_baseline.hpp"

#include <algorithm>
#include <set>

#include "core/plural.hpp"
#include "migrate/version.hpp"

#include "catalog/drift.hpp"
#include "catalog/model_comparison.hpp"
#include "engine/catalog_model_reader.hpp"
#include "engine/shadow/drift_check.hpp"
#include "engine/facts_collector.hpp"
#include "engine/shadow/shadow_apply.hpp"

namespace pgapply::engine {

namespace {

using catalog::CatalogModel;
using catalog::ObjectKey;
using Outcome = schema::BaselineStep::Outcome;

// One line per object, with the migration that last made or changed it.
std::vector<std::string> problem_lines(const std::vector<catalog::ExplainedDifference>& differences) {
  std::vector<std::string> lines;
  for (const auto& explained : differences) {
    std::string line = explained.explanation;
    if (explained.made_by) {
      line += explained.made_by->dynamic ? ", perhaps made by dynamic SQL at " : ", made at ";
      line += explained.made_by->location;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace

std::optional<schema::BaselineResult> detect_baseline_on_shadow(LedgerSession& session, const Project& project,
                                                                const std::vector<const MigrationScript*>& pending,
                                                                const ShadowOptions& options, std::string& why_not) {
  pg::Connection& target = session.connection();
  std::vector<const MigrationScript*> applied;
  for (const auto& row : session.ledger().rows()) {
    if (row.state != migrate::LedgerState::applied) continue;
    if (const MigrationScript* script = project.find(row.version)) applied.push_back(script);
  }
  std::stable_sort(applied.begin(), applied.end(), [](const MigrationScript* a, const MigrationScript* b) {
    return migrate::compare_versions(a->file.version, b->file.version) < 0;
  });
  // The applied migrations, then the pending ones, replay from an empty database.
  std::vector<schema::MigrationFacts> replayed = migration_facts(applied, project);
  for (auto& facts : migration_facts(pending, project)) replayed.push_back(std::move(facts));
  const TargetFacts target_facts = read_target_facts(target);
  std::unique_ptr<ShadowDatabase> shadow =
      ShadowDatabase::open(options, target_facts, {replayed, /*from_empty=*/true}, why_not);
  if (!shadow) return std::nullopt;
  std::vector<const LoadedScript*> scripts;
  for (const MigrationScript* script : applied) scripts.push_back(&script->loaded);
  pg::Connection* fresh = nullptr;
  ShadowRun applied_run;
  // (a role a DO block's EXECUTE makes, as for verify: check_drift)
  do {
    fresh = &shadow->fresh();
    applied_run = apply_on_shadow(*fresh, scripts);
  } while (!applied_run.ok() && shadow->leave_role_to_replay(*applied_run.error));
  pg::Connection& replay = *fresh;
  if (!applied_run.ok()) {
    why_not = "an applied migration fails on the shadow: " + applied_run.error->summary() +
              ShadowDatabase::needs_shadow_init(*applied_run.error);
    return std::nullopt;
  }
  const LedgerName& ledger = session.ledger().name();
  const ModelExclusions exclusions{ledger.schema, ledger.table, target_facts.current_user};
  const CatalogModel here = read_catalog_model(target, exclusions);
  const std::string home = home_schema(session);

  // The shadow after each pending migration, compared with the database on
  // what the migrations up to it touched.
  schema::BaselineSearch search;
  CatalogModel before = read_catalog_model(replay, exclusions);
  std::set<ObjectKey> touched;
  std::vector<schema::MigrationFacts> facts;  // of the pending migrations run so far: where an object was made
  bool failed = false;
  std::size_t next_facts = applied.size();  // the pending ones' facts, in `replayed`
  for (const MigrationScript* script : pending) {
    schema::BaselineStep step;
    step.version = script->file.version;
    step.file_name = script->file.file_name;
    if (failed) {
      step.outcome = Outcome::not_run;
      step.reason = "not considered: an earlier migration fails on the shadow";
      search.add(std::move(step));
      continue;
    }
    facts.push_back(replayed[next_facts++]);
    const ShadowRun run = apply_on_shadow(replay, script->loaded);
    if (!run.ok()) {
      failed = true;
      step.outcome = Outcome::failed;
      step.reason = "fails on the shadow: " + run.error->summary();
      search.add(std::move(step));
      continue;
    }
    CatalogModel after = read_catalog_model(replay, exclusions);
    const std::set<ObjectKey> changed = catalog::changed_keys(before, after);
    step.checked = changed.size();
    if (step.checked == 0) {  // data only: it proves nothing, and the comparison is the one before
      step.reason = "changes no object on the shadow (data only?): whether it ran cannot be seen";
      search.add(std::move(step));
      continue;
    }
    touched.insert(changed.begin(), changed.end());
    const auto comparison =
        catalog::compare_models(here, after, [&touched](const ObjectKey& key) { return touched.count(key) != 0; });
    // explained: an object a migration renames, under its old name here, is one object, not two
    const auto explained = comparison.differences.empty()
                               ? std::vector<catalog::ExplainedDifference>{}
                               : catalog::explain_all(comparison, catalog::Attributor(facts), {}, home);
    step.mismatched = explained.size();
    if (search.explains(step.mismatched)) step.problems = problem_lines(explained);
    if (step.mismatched == 0) {
      step.reason = "the " + plural(step.checked, "object") + " it changes on the shadow " +
                    (step.checked == 1 ? "is here, as the migrations up to it leave it"
                                       : "are here, as the migrations up to it leave them");
    } else {
      step.reason = plural(step.mismatched, "object") + " the migrations up to it leave on the shadow " +
                    (step.mismatched == 1 ? "is" : "are") + " not here as they leave " +
                    (step.mismatched == 1 ? "it" : "them");
    }
    search.add(std::move(step));
    before = std::move(after);
  }
  return search.finish();
}

}  // namespace pgapply::engine
