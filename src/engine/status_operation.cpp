#include "engine/status_operation.hpp"

#include "engine/adoption_hint.hpp"
#include "engine/ledger_session.hpp"
#include "report/status_report.hpp"

namespace pgapply::engine {

StatusResult run_status(const StatusOptions& options, RunOutput& output) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  const Project project = load_project(options.context.project, warn);
  LedgerSession session(options.context, output, LedgerAccess::read);
  Ledger& ledger = session.ledger();
  const settings::Connected& connected = session.connected();
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, ledger.rows());
  StatusResult result;
  result.clean = report::is_clean(plan);
  // An empty ledger beside another tool's: say so rather than list everything as pending.
  std::vector<report::ForeignLedgerNote> foreign;
  if (ledger.rows().empty()) foreign = foreign_ledger_notes(session.connection(), options.context);
  result.report = options.json ? report::render_status_json(plan, connected.target, ledger.name().shown(), foreign)
                               : report::render_status_text(plan, connected.target, ledger.name().shown(), foreign);
  return result;
}

}  // namespace pgapply::engine
