#include "engine/dry_run.hpp"

#include <map>

#include "settings/connect.hpp"
#include "engine/ledger.hpp"
#include "engine/script_printer.hpp"
#include "core/error.hpp"
#include "migrate/plan.hpp"

namespace pgapply::engine {


std::string run_dry_run(const DryRunOptions& options, RunOutput& output) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  const Project project = load_project(options.up.project, warn);

  LedgerName ledger_name = parse_ledger_name(options.up.project.ledger);
  std::vector<migrate::LedgerRow> rows;
  bool ledger_exists = false;
  std::string database = "(offline: no database)";
  if (!options.offline) {
    settings::Connected connected = settings::connect(options.up.connection, warn);
    ledger_name = resolve_ledger_name(connected.connection, ledger_name);
    Ledger ledger(connected.connection, ledger_name);
    ledger_exists = ledger.exists();
    rows = ledger.rows();
    database = connected.target;
  } else if (options.from) {
    // Offline: everything up to --from counts as applied, as the files are now.
    for (const auto& script : project.scripts) {
      if (migrate::compare_versions(script.file.version, *options.from) > 0) continue;
      migrate::LedgerRow row;
      row.version = script.file.version;
      row.name = script.file.name;
      row.file_name = script.file.file_name;
      row.checksum = script.analysis.checksum;
      rows.push_back(row);
    }
  }
  const LedgerStatements ledger(ledger_name);
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, rows);
  const migrate::UpDecision decision = decide_or_refuse(plan, options.up, output);

  std::string out = "-- pgapply up --dry-run for " + database + ": " +
                    std::to_string(decision.to_apply.size()) + " pending migration" +
                    (decision.to_apply.size() == 1 ? "" : "s") + ". Nothing was executed.\n" +
                    "-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n\\set ON_ERROR_STOP on\n";
  if (decision.to_apply.empty()) return out;
  if (!ledger_exists) {
    out += "\n-- The ledger " + ledger_name.shown() + " (created if missing)\n";
    out += print_calls(ledger.create());
  }
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript& script = *project.find(entry->version);
    const auto& transaction = script.analysis.plan;
    const LedgerEntry recorded = ledger_entry(script);
    out += "\n-- " + script.shown + " (" + std::string(psql::to_string(transaction.mode)) +
           (transaction.reason.empty() ? "" : ": " + transaction.reason) + ")\n";
    ScriptEdges edges;
    if (transaction.mode == psql::TransactionMode::autocommit) {
      edges.start = {ledger.started(recorded)};
      edges.end = ledger.finished(recorded, std::nullopt);
    } else {
      edges.end = ledger.applied(recorded, std::nullopt);
    }
    out += print_script(script.path, script.shown, project, transaction, edges);
  }
  return out;
}

}  // namespace pgapply::engine
