#include "engine/preflight_operation.hpp"

#include "engine/catalog_reader.hpp"
#include "engine/ledger_session.hpp"
#include "engine/facts_collector.hpp"
#include "engine/shadow_preflight.hpp"
#include "report/preflight_report.hpp"
#include "schema/preflight.hpp"

namespace pgapply::engine {

ReportResult run_preflight(const PreflightOptions& options, RunOutput& output) {
  const Project project =
      load_project(options.up.context.project, [&output](const std::string& text) { output.warning(text); });
  LedgerSession session(options.up.context, output, LedgerAccess::read);
  const auto rows = session.ledger().rows();
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, rows);
  const migrate::UpDecision decision = decide_or_refuse(plan, project, options.up, output);

  schema::PreflightInput input;
  const settings::Connected& connected = session.connected();
  input.settings_source = connected.source + (connected.shown.empty() ? "" : ": " + connected.shown);
  input.target = connected.target;
  input.ledger = session.ledger().name().shown();
  for (const auto& row : rows) {
    if (row.state == migrate::LedgerState::applied) ++input.applied;
  }
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript& script = *project.find(entry->version);
    std::string mode(psql::to_string(script.analysis().plan.mode));
    if (!script.analysis().plan.reason.empty()) mode += ": " + script.analysis().plan.reason;
    input.pending.push_back({migration_facts(script, project), mode});
  }
  schema::PreflightResult result = schema::preflight(read_catalog(session.connection()), input);
  if (options.up.shadow.enabled) {
    std::vector<const MigrationScript*> scripts;
    for (const migrate::PlanEntry* entry : decision.to_apply) scripts.push_back(project.find(entry->version));
    ProofOptions proofs;
    proofs.idempotency = options.idempotency;
    preflight_on_shadow(session, project, scripts, options.up.shadow, proofs, result, output);
  }
  return {options.json ? report::render_preflight_json(result) : report::render_preflight_text(result),
          result.will_fail};
}

}  // namespace pgapply::engine
