#include "engine/shadow/shadow_preflight.hpp"

#include <algorithm>

#include "engine/shadow/drift_check.hpp"
#include "engine/facts_collector.hpp"
#include "engine/shadow/shadow_copy.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::engine {

void demote_static_predictions(schema::PreflightResult& result, const std::string& reason) {
  result.no_shadow_reason = reason;
  schema::Verdict verdict = schema::verdict_of(result.findings);
  for (auto& migration : result.migrations) {
    for (auto& finding : migration.findings) {
      if (!finding.object_state || finding.severity != schema::Severity::error) continue;
      finding.severity = schema::Severity::warning;
      finding.message += " (the static model's prediction; no shadow could confirm it)";
    }
    migration.verdict = schema::verdict_of(migration.findings);
    if (static_cast<int>(migration.verdict) > static_cast<int>(verdict)) verdict = migration.verdict;
  }
  result.verdict = verdict;
  result.will_fail = verdict == schema::Verdict::will_fail;
}

namespace {

// Hands what the shadow saw of each migration's tables' files to the static
// preflight: whether any table kept its file there (and so may have been
// called rewritten).
bool take_table_files(const std::vector<schema::ShadowOutcome>& outcomes,
                                      schema::PreflightInput& input) {
  bool kept = false;
  for (std::size_t i = 0; i < outcomes.size() && i < input.pending.size(); ++i) {
    const auto& files = outcomes[i].table_files;
    if (!files) continue;
    input.pending[i].shadow_files = files;
    kept = kept || std::any_of(files->begin(), files->end(), [](const auto& table) { return !table.rewritten; });
  }
  return kept;
}

}  // namespace

void preflight_on_shadow(LedgerSession& session, const Project& project,
                         const std::vector<const MigrationScript*>& pending, const ShadowOptions& options,
                         const ProofOptions& proofs, const schema::CatalogSnapshot& catalog,
                         schema::PreflightInput& input, schema::PreflightResult& result, RunOutput& output) {
  if (pending.empty()) return;
  std::string why_not;
  pg::Connection& target = session.connection();
  const std::vector<schema::MigrationFacts> facts = migration_facts(pending, project);
  std::optional<SchemaDump> dump;  // pg_dump runs while the shadow is made
  if (options.enabled) dump.emplace(target);
  std::unique_ptr<ShadowDatabase> shadow = ShadowDatabase::open(options, read_target_facts(target), {facts}, why_not);
  pg::Connection* connection =
      shadow && dump ? copy_target_schema(target, *shadow, *dump, why_not, CopyFor::pending_migrations) : nullptr;
  if (connection != nullptr) {
    // The migrations before the first that needs one are still checked there (run_on_shadow).
    if (const std::string missing = shadow->missing_extensions(facts); !missing.empty()) {
      output.warning("the shadow cannot install extensions the migrations need: " + missing +
                     ": the migrations from the first that needs one on were not checked there");
    }
  }
  if (connection == nullptr) {
    output.warning("preflight without a shadow: " + why_not);
    demote_static_predictions(result, why_not);
    return;
  }
  ProofOptions with_home = proofs;
  with_home.home_schema = home_schema(session);
  // (the tables' files are read only where a statement is said to rewrite
  // one, and only on the target's major version: what rewrites differs
  // between them, an ADD COLUMN's DEFAULT before 11, timestamp to timestamptz
  // in UTC before 12)
  const auto major = [](int version) { return version >= 100000 ? version / 10000 : version / 100; };
  with_home.table_files = major(connection->server_version()) == major(catalog.server_version) &&
                          std::any_of(result.migrations.begin(), result.migrations.end(),
                                      [](const schema::MigrationPreflight& m) { return m.rewrite_claimed; });
  with_home.start_over = [&target, &shadow, &dump](std::string& again_not) {
    return copy_target_schema(target, *shadow, *dump, again_not, CopyFor::pending_migrations);
  };
  std::vector<std::string> run_changes;
  auto outcomes = run_on_shadow(*shadow, *connection, project, pending, facts, with_home, &run_changes);
  if (take_table_files(outcomes, input)) result = schema::preflight(catalog, input);
  schema::apply_shadow_outcomes(result, std::move(outcomes), shadow->description(), shadow->as_target_role());
  result.shadow_run_changes = std::move(run_changes);
}

}  // namespace pgapply::engine
