#include "engine/down_operation.hpp"

#include <algorithm>

#include "engine/analysis.hpp"
#include "engine/backup.hpp"
#include "engine/ledger_session.hpp"
#include "engine/run_script.hpp"
#include "engine/script_printer.hpp"
#include "core/error.hpp"
#include "migrate/version.hpp"

namespace pgapply::engine {

namespace {

// A rollback step: the applied migration and its down file.
struct Rollback {
  migrate::LedgerRow row;
  std::filesystem::path path;
  std::string shown;
  ScriptAnalysis analysis;
};

class RollbackHooks : public TransactionHooks {
 public:
  RollbackHooks(Ledger& ledger, const migrate::LedgerRow& row) : ledger_(ledger), row_(row) {}
  void before_commit() override { forget(); }
  void autocommit_finished() override { forget(); }

 private:
  void forget() {
    ledger_.run(ledger_.statements().remove(row_.version));
    ledger_.run(ledger_.statements().event(row_.version, "rolled-back", row_.checksum, ""));
  }
  Ledger& ledger_;
  const migrate::LedgerRow& row_;
};

}  // namespace

std::string run_down(const DownOptions& options, RunOutput& output) {
  if (options.steps && options.to) throw Error(ErrorKind::usage, "give --steps or --to, not both");
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  const Project project = load_project(options.project, warn);
  LedgerSession session(options.connection, options.project.ledger, options.session, output,
                        options.dry_run ? std::nullopt : std::optional(options.lock_wait));
  if (!options.dry_run) output.progress(session.describe());

  std::vector<migrate::LedgerRow> applied;
  for (auto& row : session.ledger().rows()) {
    if (row.state == migrate::LedgerState::applied) applied.push_back(std::move(row));
  }
  std::reverse(applied.begin(), applied.end());  // newest first
  std::vector<migrate::LedgerRow> chosen;
  for (const auto& row : applied) {
    if (options.to ? migrate::compare_versions(row.version, *options.to) <= 0
                   : chosen.size() >= options.steps.value_or(1)) {
      break;
    }
    chosen.push_back(row);
  }
  if (chosen.empty()) {
    output.progress("Nothing to roll back.");
    return options.dry_run ? "-- pgapply down --dry-run: nothing to roll back.\n" : "";
  }

  std::vector<Rollback> steps;
  std::string missing;
  for (const auto& row : chosen) {
    const auto down = project.discovery.down_files.find(row.version);
    if (down == project.discovery.down_files.end()) {
      missing += "\n  - " + row.file_name + ": no " + row.version + "_" + row.name + ".down.sql in " +
                 options.project.dir.string();
      continue;
    }
    Rollback step;
    step.row = row;
    step.path = options.project.dir / down->second.file_name;
    step.shown = step.path.string();
    step.analysis = analyze_script(step.path, step.shown, project.settings, project.variables);
    steps.push_back(std::move(step));
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::input, "cannot roll back: a migration has no down file; nothing was rolled back:" + missing);
  }

  if (options.dry_run) {
    std::string out = "-- pgapply down --dry-run: " + std::to_string(steps.size()) +
                      " migration(s), newest first. Nothing was executed.\n\\set ON_ERROR_STOP on\n";
    for (const auto& step : steps) {
      out += "\n-- " + step.shown + " (" + std::string(psql::to_string(step.analysis.plan.mode)) + ")\n";
      const auto& statements = session.ledger().statements();
      ScriptEdges edges;
      edges.end = {statements.remove(step.row.version),
                   statements.event(step.row.version, "rolled-back", step.row.checksum, "")};
      out += print_script(step.path, step.shown, project, step.analysis.plan, edges);
    }
    return out;
  }

  if (options.backup_dir) {
    output.progress("Backed up to " + back_up(session.connection(), *options.backup_dir).string());
  }
  for (const auto& step : steps) {
    output.progress("Rolling back " + step.row.file_name + " with " + step.path.filename().string() + " (" +
                    std::string(psql::to_string(step.analysis.plan.mode)) + ")");
    RollbackHooks hooks(session.ledger(), step.row);
    run_script(session.connection(), step.path, step.shown, project.settings, project.variables,
               step.analysis.plan, hooks, output);
    reset_session(session.connection(), options.session);
    output.progress("Rolled back " + step.row.file_name);
  }
  return "";
}

}  // namespace pgapply::engine
