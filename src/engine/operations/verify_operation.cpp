#include "engine/operations/verify_operation.hpp"

#include "engine/catalog_reader.hpp"
#include "engine/lock_blockers.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/shadow/drift_check.hpp"
#include "report/drift_report.hpp"
#include "engine/ledger_session.hpp"
#include "engine/facts_collector.hpp"
#include "report/verify_report.hpp"

namespace pgapply::engine {

schema::VerifyResult verify_applied(pg::Connection& connection, const std::vector<migrate::LedgerRow>& rows,
                                    const Project& project) {
  std::vector<schema::MigrationFacts> applied;
  std::vector<std::string> edited;
  for (const auto& row : migrate::in_applied_order(rows)) {  // as they took effect
    if (row.state != migrate::LedgerState::applied) continue;
    // What the file declares now; a missing file is status's business.
    if (const MigrationScript* script = project.find(row.version)) {
      applied.push_back(migration_facts(*script, project));
      if (std::string note = replayed_as_edited(row, *script); !note.empty()) edited.push_back(std::move(note));
    }
  }
  schema::VerifyResult result = schema::verify(applied, read_catalog(connection));
  result.notes.insert(result.notes.begin(), edited.begin(), edited.end());
  return result;
}

namespace {

ReportResult verify_unguarded(const VerifyOptions& options, RunOutput& output) {
  const Project project =
      load_project(options.context.project, [&output](const std::string& text) { output.warning(text); });
  LedgerSession session(options.context, output, LedgerAccess::read);
  const std::vector<migrate::LedgerRow> rows = rows_counting_companion(session, project, output);
  std::string no_shadow;
  bool shadow_failed = false;
  if (options.shadow.enabled) {
    DriftCheck drift = check_drift(session, project, options.shadow, rows);
    if (drift.result) {
      return {options.json ? report::render_drift_json(*drift.result, "verify", session.ledger().name().shown())
                           : report::render_drift_verify_text(*drift.result, report::Paint{output.color()}),
              report::drift_failure(*drift.result)};
    }
    no_shadow = drift.why_not;
    shadow_failed = drift.shadow_failed;
    output.warning("verify falls back to the static model: " + no_shadow);
  }
  schema::VerifyResult result = verify_applied(session.connection(), rows, project);
  if (!no_shadow.empty()) schema::keep_only_certain_failures(result, no_shadow);
  if (shadow_failed) schema::shadow_could_not_check(result);
  const std::string& database = session.connected().target;
  const report::VerifyDocument about{"verify", database, session.ledger().name().shown(),
                                     options.shadow.enabled ? no_shadow : "--no-shadow"};
  return {options.json ? report::render_verify_json(result, about)
                       : report::render_verify_text(result, database, report::Paint{output.color()}),
          report::verify_failure(result, database)};
}

}  // namespace

ReportResult run_verify(const VerifyOptions& options, RunOutput& output) {
  return explaining_lock_timeouts(options.context, "", "", [&] { return verify_unguarded(options, output); });
}

}  // namespace pgapply::engine
