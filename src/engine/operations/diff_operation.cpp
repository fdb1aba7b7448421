#include "engine/operations/diff_operation.hpp"

#include "engine/lock_blockers.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/shadow/drift_check.hpp"
#include "engine/ledger_session.hpp"
#include "report/drift_report.hpp"
#include "report/verify_report.hpp"

namespace pgapply::engine {

namespace {

ReportResult diff_unguarded(const VerifyOptions& options, RunOutput& output) {
  const Project project =
      load_project(options.context.project, [&output](const std::string& text) { output.warning(text); });
  LedgerSession session(options.context, output, LedgerAccess::read);
  const std::vector<migrate::LedgerRow> rows = rows_counting_companion(session, project, output);
  std::string no_shadow = "--no-shadow";
  bool shadow_failed = false;
  if (options.shadow.enabled) {
    DriftCheck drift = check_drift(session, project, options.shadow, rows);
    if (drift.result) {
      return {options.json ? report::render_drift_json(*drift.result, "diff", session.ledger().name().shown())
                           : report::render_drift_diff_text(*drift.result, report::Paint{output.color()}),
              report::drift_failure(*drift.result)};
    }
    no_shadow = drift.why_not;
    shadow_failed = drift.shadow_failed;
  }
  output.warning("diff without a shadow (" + no_shadow +
                 "): only what the migrations declare is compared; objects no migration declares cannot be found");
  schema::VerifyResult result = verify_applied(session.connection(), rows, project);
  // As verify: --no-shadow asks for the static model, whose findings then
  // count; a shadow that could not be had makes them warnings unless certain.
  if (options.shadow.enabled) schema::keep_only_certain_failures(result, no_shadow);
  if (shadow_failed) schema::shadow_could_not_check(result);
  const std::string& database = session.connected().target;
  const report::VerifyDocument about{"diff", database, session.ledger().name().shown(), no_shadow};
  return {options.json ? report::render_verify_json(result, about)
                       : report::render_verify_text(result, database, report::Paint{output.color()}),
          report::verify_failure(result, database)};
}

}  // namespace

ReportResult run_diff(const VerifyOptions& options, RunOutput& output) {
  return explaining_lock_timeouts(options.context, "", "", [&] { return diff_unguarded(options, output); });
}

}  // namespace pgapply::engine
