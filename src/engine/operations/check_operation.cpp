#include "engine/operations/check_operation.hpp"

#include <functional>

#include "core/error.hpp"
#include "engine/command_hint.hpp"
#include "engine/shadow/drift_check.hpp"
#include "engine/facts_collector.hpp"
#include "engine/ledger_session.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/shadow/shadow_copy.hpp"
#include "engine/shadow/shadow_init.hpp"
#include "engine/shadow/shadow_proofs.hpp"
#include "engine/operations/up_operation.hpp"
#include "migrate/version.hpp"
#include "report/check_report.hpp"

namespace pgapply::engine {

namespace {

schema::CheckResult prove(ShadowDatabase& shadow, pg::Connection& connection, const Project& project,
                          const std::vector<const MigrationScript*>& scripts,
                          const std::vector<schema::MigrationFacts>& facts, const CheckOptions& options,
                          const std::string& home, std::function<pg::Connection*(std::string&)> start_over) {
  schema::CheckResult result;
  result.shadow = shadow.description();
  result.idempotency = options.idempotency;
  result.rollback = options.rollback;
  ProofOptions proofs;
  proofs.idempotency = options.idempotency;
  proofs.rollback = options.rollback;
  proofs.home_schema = home;
  proofs.start_over = std::move(start_over);
  auto outcomes = run_on_shadow(shadow, connection, project, scripts, facts, proofs);
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    result.migrations.push_back({scripts[i]->file.version, scripts[i]->file.file_name, scripts[i]->shown,
                                 std::move(outcomes[i])});
  }
  return result;
}

// up refuses a migration with no statements (unless --allow-empty): check
// refuses it the same way, before anything runs, so that CI says what up will.
void refuse_empty(const std::vector<const MigrationScript*>& scripts, const CheckOptions& options) {
  if (options.allow_empty) return;
  std::vector<std::string> allow{"check"};
  if (options.offline) allow.push_back("--offline");
  if (options.target) allow.insert(allow.end(), {"--target", *options.target});
  allow.push_back("--allow-empty");
  std::string problems;
  for (const MigrationScript* script : scripts) {
    const std::string refusal = empty_migration_refusal(*script, pgapply_command(options.context, allow));
    if (!refusal.empty()) problems += "\n  - " + refusal;
  }
  if (!problems.empty()) throw Error(ErrorKind::check, "refusing to check anything (up would refuse to apply it):" + problems);
}

[[noreturn]] void no_shadow(const std::string& why_not) {
  throw Error(ErrorKind::usage, "check needs a shadow database to prove anything on: " + why_not +
                                    " (give one with --shadow URL)");
}

}  // namespace

ReportResult run_check(const CheckOptions& options, RunOutput& output) {
  if (!options.shadow.enabled) throw Error(ErrorKind::usage, "check runs on a shadow: --no-shadow leaves it nothing to do");
  const Project project =
      load_project(options.context.project, [&output](const std::string& text) { output.warning(text); });
  std::vector<const MigrationScript*> scripts;
  std::string why_not;
  schema::CheckResult result;

  if (options.offline) {
    for (const auto& script : project.scripts) {
      if (!options.target || migrate::compare_versions(script.file.version, *options.target) <= 0) {
        scripts.push_back(&script);
      }
    }
    refuse_empty(scripts, options);
    TargetFacts nothing;
    nothing.search_path = "\"$user\", public";
    const auto facts = migration_facts(scripts, project);
    const std::vector<LoadedScript> init = load_shadow_init(options.shadow, project);
    auto shadow = ShadowDatabase::open(options.shadow, nothing, {facts, /*from_empty=*/true}, why_not);
    if (!shadow) no_shadow(why_not);
    // An empty database, with what --shadow-init makes.
    const auto empty = [&shadow, &init](std::string& failed) -> pg::Connection* {
      pg::Connection& connection = shadow->fresh();
      if (const std::string statement = run_shadow_init(connection, init); !statement.empty()) {
        failed = "its --shadow-init failed there: " + statement;
        return nullptr;
      }
      return &connection;
    };
    pg::Connection* first = empty(why_not);
    if (first == nullptr) throw Error(ErrorKind::input, "check --offline: the shadow cannot replay the migrations: " + why_not);
    result = prove(*shadow, *first, project, scripts, facts, options, "public", empty);
    result.notes.push_back("--offline: every migration, from an empty database");
  } else {
    LedgerSession session(options.context, output, LedgerAccess::read);
    // (with --ledger-format, what that tool applied counts as applied: up records it, runs nothing of it)
    const migrate::Plan plan =
        migrate::make_plan(project.discovery, project.checksums, rows_counting_companion(session, project, output),
                           project.checksum_inputs);
    UpOptions up;
    up.target = options.target;
    up.context = options.context;  // the refusal's hints carry this run's --dir, --ledger and -d
    up.allow_empty = true;  // refused below, with check's own --allow-empty
    up.allow_out_of_order = options.allow_out_of_order;
    const migrate::UpDecision decision = decide_or_refuse(plan, project, up, output, session.ledger().deleted_rows());
    for (const migrate::PlanEntry* entry : decision.to_apply) scripts.push_back(project.find(entry->version));
    refuse_empty(scripts, options);
    const auto facts = migration_facts(scripts, project);
    SchemaDump dump(session.connection());  // pg_dump runs while the shadow is made
    auto shadow = ShadowDatabase::open(options.shadow, read_target_facts(session.connection()), {facts}, why_not);
    if (!shadow) no_shadow(why_not);
    pg::Connection* connection =
        copy_target_schema(session.connection(), *shadow, dump, why_not, CopyFor::pending_migrations);
    if (connection == nullptr) no_shadow(why_not);
    result = prove(*shadow, *connection, project, scripts, facts, options, home_schema(session),
                   [&session, &shadow, &dump](std::string& again_not) {
                     return copy_target_schema(session.connection(), *shadow, dump, again_not,
                                               CopyFor::pending_migrations);
                   });
    result.database = session.connected().target;
    result.ledger = session.ledger().name().shown();
  }
  return {options.json ? report::render_check_json(result)
                       : report::render_check_text(result, report::Paint{output.color()}),
          report::check_failure(result)};
}

}  // namespace pgapply::engine
