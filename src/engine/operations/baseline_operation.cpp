#include "engine/operations/baseline_operation.hpp"

#include "core/plural.hpp"
#include "engine/operations/adoption_operation.hpp"
#include "engine/catalog_reader.hpp"
#include "engine/command_hint.hpp"
#include "engine/ledger_session.hpp"
#include "engine/operations/up_operation.hpp"
#include "engine/facts_collector.hpp"
#include "engine/shadow/shadow_baseline.hpp"
#include "core/error.hpp"
#include "migrate/plan.hpp"
#include "report/baseline_report.hpp"
#include "schema/baseline.hpp"

namespace pgapply::engine {

BaselineResult run_baseline(const BaselineOptions& options, RunOutput& output) {
  if (int(options.version.has_value()) + int(options.detect) + int(options.from.has_value()) != 1) {
    throw Error(ErrorKind::usage, "give baseline one of --version N, --detect or --from TOOL");
  }
  if (options.from) return run_baseline_from(options, output);
  // (--version records without --yes, the version being the confirmation;
  // --yes given as with --detect and --from is taken, not refused)
  const Project project =
      load_project(options.context.project, [&output](const std::string& text) { output.warning(text); });
  if (options.version && !project.find_file(*options.version)) {
    throw Error(ErrorKind::usage, "baseline --version " + *options.version + ": no migration file has that version in " +
                                      options.context.project.dir.string());
  }
  const bool records = options.version.has_value() || options.yes;
  LedgerSession session(options.context, output, records ? LedgerAccess::change : LedgerAccess::read);
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, session.ledger().rows(),
                                                project.checksum_inputs);
  std::vector<const MigrationScript*> pending;
  // --version: the pending migrations up to it, goose's in Go among them (detect passes those by).
  std::vector<const migrate::MigrationFile*> pending_files;
  for (const auto& entry : plan.entries) {
    if (entry.state != migrate::MigrationState::pending) continue;
    if (const MigrationScript* script = project.find(entry.version)) pending.push_back(script);
    if (const migrate::MigrationFile* file = project.find_file(entry.version)) pending_files.push_back(file);
  }

  BaselineResult result;
  std::vector<const migrate::MigrationFile*> chosen;
  schema::BaselineResult proposal;
  if (options.version) {
    for (const migrate::MigrationFile* file : pending_files) {
      if (migrate::compare_versions(file->version, *options.version) > 0) continue;
      chosen.push_back(file);
      proposal.versions.push_back(file->version);
      schema::BaselineEntry entry;
      entry.version = file->version;
      entry.file_name = file->file_name;
      entry.decision = schema::BaselineDecision::requested;
      entry.reason = "pending, up to --version " + *options.version;
      proposal.entries.push_back(std::move(entry));
    }
    if (chosen.empty()) result.report = "No pending migration up to version " + *options.version + ": nothing to record.\n";
  } else {
    std::optional<schema::BaselineResult> shadowed;
    if (options.shadow.enabled) {
      std::string why_not;
      shadowed = detect_baseline_on_shadow(session, project, pending, options.shadow, why_not);
      if (!shadowed) output.warning("baseline --detect uses the static model: " + why_not);
    }
    std::vector<schema::MigrationFacts> facts;
    if (!shadowed) {
      for (const MigrationScript* script : pending) facts.push_back(migration_facts(*script, project));
    }
    proposal = shadowed ? *shadowed : schema::detect_baseline(facts, read_catalog(session.connection()));
    // Without --yes nothing is recorded: the text says how to record the proposal.
    const std::string record_command =
        options.yes ? std::string() : pgapply_command(options.context, {"baseline", "--detect"}, {"--yes"});
    result.report = report::render_baseline_text(proposal, report::Paint{output.color()}, record_command);
    for (const auto& version : proposal.versions) chosen.push_back(&project.find(version)->file);
  }
  report::BaselineDocument about{session.connected().target, session.ledger().name().shown(), {}};
  if (!records || chosen.empty()) {
    if (options.json) result.report = report::render_baseline_json(proposal, about);
    return result;
  }

  session.ledger().ensure_current();
  const LedgerProtocol& protocol = session.ledger().protocol();
  std::vector<SqlCall> calls;
  for (const migrate::MigrationFile* file : chosen) {
    for (auto& call : protocol.applied(recorded_entry(project, file->version, "baseline"))) calls.push_back(std::move(call));
  }
  session.ledger().run_in_transaction(calls);
  if (options.json) {
    for (const migrate::MigrationFile* file : chosen) about.recorded.push_back(file->version);
    result.report = report::render_baseline_json(proposal, about);
    return result;
  }
  result.report += "Recorded " + plural(chosen.size(), "migration") + " as applied without running " +
                   (chosen.size() == 1 ? "it" : "them") + " (method baseline): ";
  // The first few and the last: a baseline of thousands is not one line of thousands of names.
  constexpr std::size_t kShown = 5;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    if (chosen.size() > kShown + 1 && i == kShown - 1) {
      result.report += ", ... (" + std::to_string(chosen.size() - kShown) + " more)";
      i = chosen.size() - 1;
    }
    result.report += (i ? ", " : "") + chosen[i]->file_name;
  }
  result.report += ".\n";
  return result;
}

}  // namespace pgapply::engine
