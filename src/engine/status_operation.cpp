#include "engine/status_operation.hpp"

#include "settings/connect.hpp"
#include "engine/ledger.hpp"
#include "report/status_report.hpp"

namespace pgapply::engine {

StatusResult run_status(const StatusOptions& options, RunOutput& output) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  const Project project = load_project(options.project, warn);
  settings::Connected connected = settings::connect(options.connection, warn);
  Ledger ledger(connected.connection,
                resolve_ledger_name(connected.connection, parse_ledger_name(options.project.ledger)));
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, ledger.rows());
  StatusResult result;
  result.clean = report::is_clean(plan);
  result.report = options.json ? report::render_status_json(plan, connected.target, ledger.name().shown())
                               : report::render_status_text(plan, connected.target, ledger.name().shown());
  return result;
}

}  // namespace pgapply::engine
