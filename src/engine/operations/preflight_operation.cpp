#include "engine/operations/preflight_operation.hpp"

#include <algorithm>

#include "engine/catalog_reader.hpp"
#include "engine/ledger_session.hpp"
#include "engine/facts_collector.hpp"
#include "engine/ledger_privileges.hpp"
#include "engine/lock_blockers.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/operations/lint_operation.hpp"
#include "engine/migration_run.hpp"
#include "engine/shadow/shadow_preflight.hpp"
#include "lint/rules.hpp"
#include "report/preflight_report.hpp"
#include "schema/preflight.hpp"

namespace pgapply::engine {

namespace {

// lint's findings for the pending files (the project's lint settings, for
// the target's server version and its relations), as preflight findings at
// file:line: a lint error (a policy the team chose, not a failure) is a
// warning, a lint warning is information, but schema::preflight makes one
// whose lock scales with a table that is large there an error (and
// information on a line that does nothing there: an IF NOT EXISTS of what it
// has); ignored ones (lint-ignore) are left out. A finding in an included
// file goes with the migration that includes it. A CREATE TABLE IF NOT
// EXISTS of a table the target lacks makes a new, empty one, a DROP INDEX IF
// EXISTS of an index it lacks drops nothing.
void add_lint_findings(const std::vector<const MigrationScript*>& scripts, const Project& project,
                       lint::LintSettings settings, const schema::CatalogSnapshot& catalog,
                       std::vector<schema::PendingMigration>& pending) {
  if (pending.empty()) return;
  if (catalog.server_version > 0) settings.pg_version = catalog.server_version;
  // Preflight has its own note for a DO block's dynamic SQL (and its shadow
  // runs it): lint's would say the same twice.
  settings.enabled[std::string(lint::dynamic_sql_rule)] = false;
  auto& relations = settings.existing_relations.emplace();
  auto& checks = settings.check_constraints.emplace();
  for (const auto& relation : catalog.relations) {
    relations.push_back({relation.schema, relation.name});
    for (const auto& column : relation.columns) {
      settings.column_types.push_back({{relation.schema, relation.name}, column.name, column.type});
    }
    for (const auto& constraint : relation.constraints) {
      if (constraint.type != 'c') continue;
      checks.push_back(
          {{relation.schema, relation.name}, constraint.name, constraint.definition, constraint.validated});
    }
    for (const auto& index : relation.indexes) relations.push_back({relation.schema, index.name});
    if (relation.kind != 'p') continue;
    settings.partitioned_relations.push_back({relation.schema, relation.name});
    for (const auto& index : relation.indexes) settings.partitioned_relations.push_back({relation.schema, index.name});
  }
  for (const auto& type : catalog.types) {
    if (type.kind == 'd' && type.constrained) settings.constrained_domains.push_back({type.schema, type.name});
  }
  const lint::LintResult linted = lint_scripts(scripts, project, settings);
  std::size_t current = 0;
  for (const lint::Finding& finding : linted.findings) {
    for (std::size_t i = 0; i < scripts.size(); ++i) {
      if (scripts[i]->shown == finding.file) current = i;
    }
    if (finding.ignored()) continue;
    const lint::RuleInfo* rule = lint::find_rule(finding.rule);
    schema::LintNote note;
    note.finding = {finding.severity == lint::Severity::error ? schema::Severity::warning : schema::Severity::info,
                    "lint " + finding.rule + ": " + finding.message,
                    finding.file + ":" + std::to_string(finding.line), 0, false};
    note.table = finding.table;
    // A rule the project made a warning stays a policy: only its errors can block.
    note.scales_with_table = rule != nullptr && rule->scales_with_table && finding.severity == lint::Severity::error;
    pending[current].lint.push_back(std::move(note));
  }
}

ReportResult preflight_unguarded(const PreflightOptions& options, RunOutput& output) {
  const Project project =
      load_project(options.up.context.project, [&output](const std::string& text) { output.warning(text); });
  LedgerSession session(options.up.context, output, LedgerAccess::read);
  // A role that cannot read or write the ledger is a finding, not a failure.
  const LedgerName& ledger_name = session.ledger().name();
  const LedgerPrivileges privileges = read_ledger_privileges(session.connection(), ledger_name);
  const std::string ledger_problem = ledger_privilege_problem(privileges, ledger_name);
  const bool readable = !privileges.ledger_exists || privileges.can_read();
  // (with --ledger-format, what that tool applied counts as applied: up records it)
  const auto rows = readable ? rows_counting_companion(session, project, output) : std::vector<migrate::LedgerRow>{};
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, rows, project.checksum_inputs);
  const migrate::UpDecision decision = decide_or_refuse(
      plan, project, options.up, output, readable ? session.ledger().deleted_rows() : migrate::DeletedRows{});

  schema::PreflightInput input;
  const settings::Connected& connected = session.connected();
  input.settings_source = connected.source + (connected.shown.empty() ? "" : ": " + connected.shown);
  input.target = connected.target;
  input.ledger = session.ledger().name().shown();
  input.creates_ledger = !privileges.ledger_exists;
  for (const auto& row : rows) {
    if (row.state == migrate::LedgerState::applied) ++input.applied;
  }
  if (!ledger_problem.empty()) input.findings.push_back({schema::Severity::error, ledger_problem, "", 0, false});
  std::vector<const MigrationScript*> scripts;
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript& script = *project.find(entry->version);
    const schema::TransactionModeNote mode{std::string(migrate::to_identifier(run_mode(script.loaded))),
                                           std::string(psql::to_string(script.analysis().plan.mode)),
                                           script.analysis().plan.reason};
    input.pending.push_back({migration_facts(script, project), mode, {}});
    scripts.push_back(&script);
  }
  schema::CatalogSnapshot catalog = read_catalog(session.connection());
  read_role_dependencies(session.connection(), schema::roles_dropped(input), catalog);
  add_lint_findings(scripts, project, options.lint, catalog, input.pending);
  schema::PreflightResult result = schema::preflight(catalog, input);
  // What it asks of the target's rows, found as it checked each statement
  // against the schema as the run leaves it: read, then checked again with
  // the answers.
  if (!result.unasked_rows.empty()) {
    // (an INSERT's keys last: the others decide more, in the time all have)
    std::stable_partition(result.unasked_rows.begin(), result.unasked_rows.end(),
                          [](const schema::RowCheck& check) { return check.kind != schema::RowCheckKind::present; });
    read_row_checks(session.connection(), std::move(result.unasked_rows), catalog);
    result = schema::preflight(catalog, input);
  }
  if (options.up.shadow.enabled) {
    ProofOptions proofs;
    proofs.idempotency = options.idempotency;
    preflight_on_shadow(session, project, scripts, options.up.shadow, proofs, catalog, input, result, output);
  }
  return {options.json ? report::render_preflight_json(result)
                       : report::render_preflight_text(result, report::Paint{output.color()}),
          report::preflight_failure(result)};
}

}  // namespace

ReportResult run_preflight(const PreflightOptions& options, RunOutput& output) {
  return explaining_lock_timeouts(options.up.context, "", "", [&] { return preflight_unguarded(options, output); });
}

}  // namespace pgapply::engine
