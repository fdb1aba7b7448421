#include "engine/shadow/shadow_up_check.hpp"

#include <chrono>
#include <future>
#include <optional>
#include <tuple>
#include <utility>

#include "catalog/drift.hpp"
#include "core/error.hpp"
#include "core/interruption.hpp"
#include "engine/catalog_model_reader.hpp"
#include "engine/delayed_notice.hpp"
#include "engine/shadow/drift_check.hpp"
#include "engine/facts_collector.hpp"
#include "engine/shadow/shadow_apply.hpp"
#include "engine/shadow/shadow_copy.hpp"
#include "report/drift_report.hpp"

namespace pgapply::engine {

namespace {

ModelExclusions ledger_exclusions(LedgerSession& session) {
  return {session.ledger().name().schema, session.ledger().name().table, {}};
}

// The target's and the shadow's models, read at the same time (each on its
// own connection, the target's on a second thread: two servers, or two
// backends, work at once). The shadow exists already: nothing forks meanwhile.
std::pair<catalog::CatalogModel, catalog::CatalogModel> read_both_models(pg::Connection& target,
                                                                         pg::Connection& shadow,
                                                                         const ModelExclusions& exclusions) {
  std::future<catalog::CatalogModel> target_model =
      std::async(std::launch::async, [&target, &exclusions] { return read_catalog_model(target, exclusions); });
  catalog::CatalogModel shadow_model = read_catalog_model(shadow, exclusions);
  return {target_model.get(), std::move(shadow_model)};
}

// A CREATE TABLE IF NOT EXISTS that found its table there before the run
// made nothing, here and on the shadow alike: comparing what the run changed
// cannot see that the table lacks what the statement declares. Each such
// statement is said, with the declared columns the table lacks.
std::vector<std::string> skipped_creations(const std::vector<schema::MigrationFacts>& facts,
                                           const catalog::CatalogModel& before, const std::string& home) {
  std::vector<std::string> out;
  for (const auto& migration : facts) {
    for (const auto& statement : migration.statements) {
      for (const auto& table : statement.facts.declarations) {
        if (table.kind != ddl::ObjectKind::table || table.action != ddl::Action::create || !table.if_not_exists) {
          continue;
        }
        const std::string schema = table.name.schema.empty() ? home : table.name.schema;
        if (!catalog::find_relation(before, schema, table.name.name)) continue;  // it made the table
        std::string lacking;
        for (const auto& column : statement.facts.declarations) {
          if (column.kind != ddl::ObjectKind::column || column.action != ddl::Action::create ||
              column.parent.name != table.name.name) {
            continue;
          }
          const catalog::ObjectKey key{catalog::ObjectKind::column, schema, table.name.name, column.name.name};
          if (before.find(key) == nullptr) lacking += (lacking.empty() ? "" : ", ") + column.name.name;
        }
        out.push_back(statement.file + ":" + std::to_string(statement.line_of(table)) + ": CREATE TABLE IF NOT EXISTS " +
                      table.name.to_string() + " found the table there before this run and made nothing" +
                      (lacking.empty() ? ": it has the columns the statement declares (their types and constraints "
                                         "were not compared)"
                                       : ", and the table lacks the columns " + lacking + " that the statement declares") +
                      "; pgapply verify compares the whole table with what the migrations make");
      }
    }
  }
  return out;
}

}  // namespace

ShadowUpCheck::~ShadowUpCheck() = default;

std::unique_ptr<ShadowUpCheck> ShadowUpCheck::prepare(LedgerSession& session, const ShadowOptions& options,
                                                      const std::optional<std::string>& lock_timeout,
                                                      const Project& project,
                                                      const std::vector<const MigrationScript*>& to_apply,
                                                      RunOutput& output) {
  std::unique_ptr<ShadowUpCheck> check(new ShadowUpCheck());
  check->facts_ = migration_facts(to_apply, project);
  std::string why_not;
  pg::Connection& target = session.connection();
  const std::string lock_wait = lock_timeout && *lock_timeout != "0" && !lock_timeout->empty() ? *lock_timeout : "5s";
  // pg_dump runs while the shadow is made.
  std::optional<SchemaDump> dump;
  if (options.enabled) dump.emplace(target, lock_wait);
  try {
    check->shadow_ = ShadowDatabase::open(options, read_target_facts(target), {check->facts_}, why_not);
  } catch (const ShadowRefusal& refusal) {
    // up itself may run them: only its verify cannot use that shadow.
    why_not = refusal.what();
  }
  if (check->shadow_ && dump) {
    check->connection_ =
        copy_target_schema(target, *check->shadow_, *dump, why_not, CopyFor::applied_migrations);
  }
  // A signal while the shadow was made (pg_dump or psql stopped by it, say) is the reason, not a failure of its own.
  throw_if_interrupted("while the shadow database was prepared");
  if (check->connection_ == nullptr) {
    output.warning("verify after up uses the static model: " + why_not);
    return nullptr;
  }
  std::tie(check->target_before_, check->shadow_before_) =
      read_both_models(target, *check->connection_, ledger_exclusions(session));
  throw_if_interrupted("while the shadow database was prepared");
  return check;
}

void ShadowUpCheck::finish(LedgerSession& session, const std::vector<const MigrationScript*>& applied,
                           RunOutput& output, const std::string& verify_command) {
  if (const std::string missing = shadow_->missing_extensions(facts_); !missing.empty()) {
    output.warning("not verified: the shadow (" + shadow_->description() + ") cannot install extensions this run's "
                   "migrations need: " + missing);
    return;
  }
  std::vector<const LoadedScript*> scripts;
  for (const MigrationScript* script : applied) scripts.push_back(&script->loaded);
  // (a file that sleeps or loops runs as long there: said once it is long, as after "Done:" nothing else is)
  std::optional<DelayedNotice> waiting;
  waiting.emplace(std::chrono::seconds(2),
                  "Verifying on the shadow: running " +
                      (applied.size() == 1 ? applied[0]->file.file_name
                                           : "this run's " + std::to_string(applied.size()) + " migrations") +
                      " again on a copy of this schema ...",
                  [&output](const std::string& line) { output.progress(line); });
  if (const ShadowRun run = apply_on_shadow(*connection_, scripts); !run.ok()) {
    waiting.reset();
    const std::string rows = shadow_->only_the_rows(*run.error);
    output.warning("not verified: a migration applied here fails on the shadow (" + shadow_->description() +
                   "): " + (rows.empty() ? run.error->summary() + ShadowDatabase::needs_shadow_init(*run.error)
                                        : run.error->where() + ": " + rows));
    return;
  }
  const std::vector<schema::MigrationFacts>& facts = facts_;
  const ModelExclusions exclusions = ledger_exclusions(session);
  const auto [target_after, shadow_after] = read_both_models(session.connection(), *connection_, exclusions);
  waiting.reset();
  std::set<catalog::ObjectKey> touched = catalog::changed_keys(shadow_before_, shadow_after);
  for (const auto& key : catalog::changed_keys(target_before_, target_after)) touched.insert(key);
  const catalog::Comparison comparison = catalog::compare_models(
      target_after, shadow_after, [&touched](const catalog::ObjectKey& key) { return touched.count(key) != 0; });

  catalog::DriftResult result;
  result.database = session.connected().target;
  result.shadow = shadow_->description();
  result.migrations = applied.size();
  result.objects = comparison.compared;
  result.differences = catalog::explain_all(comparison, catalog::Attributor(facts), {}, home_schema(session));
  for (const auto& skipped : skipped_creations(facts, target_before_, home_schema(session))) output.warning(skipped);
  if (result.differences.empty()) {
    // A run that only dropped things leaves no object to compare. The shadow
    // is a copy of this schema as it was: what was changed by hand before the
    // run is in both, which only verify (the migrations alone) tells.
    const std::string what =
        result.objects == 0   ? "nothing this run left behind differs from what its migrations make"
        : result.objects == 1 ? "the object this run touched changed as its migrations change it"
                              : "the " + std::to_string(result.objects) +
                                    " objects this run touched changed as its migrations change them";
    output.progress("Verified on the shadow: " + what + " on a copy of this schema (" + result.shadow + "; " +
                    verify_command + " compares every object with the migrations alone).");
    return;
  }
  // A DO block that runs EXECUTE may branch on data the shadow's copy of the
  // schema does not have: what differs is then not certain, only a warning.
  // So is what a DO block decided from rows (ExplainedDifference::certain).
  bool dynamic = false;
  for (const auto& migration : facts) {
    for (const auto& statement : migration.statements) dynamic = dynamic || statement.facts.dynamic_sql_varies;
  }
  if (dynamic || result.ok()) {
    for (const auto& difference : result.differences) {
      const std::string why =
          dynamic ? "this run runs dynamic SQL (a DO block's EXECUTE, \\gexec)" : report::made_by_text(difference);
      output.warning("not verified: " + difference.explanation + " (" + why +
                     ", which may depend on data the shadow does not have)");
    }
    return;
  }
  output.progress(report::render_drift_verify_text(result, report::Paint{output.color()}));
  throw Error(ErrorKind::check,
              "the migrations were applied, but the schema is not what they make on the shadow (see above)");
}

}  // namespace pgapply::engine
