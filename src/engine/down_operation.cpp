#include "engine/down_operation.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "engine/backup.hpp"
#include "engine/command_hint.hpp"
#include "engine/ledger_privileges.hpp"
#include "engine/ledger_session.hpp"
#include "engine/migration_run.hpp"
#include "migrate/plan.hpp"
#include "migrate/version.hpp"

namespace pgapply::engine {

std::string run_down(const DownOptions& options, RunOutput& output, migrate::RunSummary& summary) {
  if (options.steps && options.to) throw Error(ErrorKind::usage, "give --steps or --to, not both");
  if (options.steps && *options.steps == 0) throw Error(ErrorKind::usage, "--steps must be 1 or more");
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  Project project = load_project(options.context.project, warn);
  // --to 0 rolls back everything (goose's down-to 0), whether or not a file has version 0.
  if (options.to && *options.to != "0" && !project.find(*options.to)) {
    throw Error(ErrorKind::usage, "--to " + *options.to + ": no migration file has that version in " +
                                      options.context.project.dir.string() + " (--to 0 rolls back every migration)");
  }
  LedgerSession session(options.context, output, options.dry_run ? LedgerAccess::read : LedgerAccess::change,
                        options.dry_run ? Announce::nothing : Announce::connection);
  summary.command = "down";
  summary.dry_run = options.dry_run;
  summary.target = session.connected().target;
  summary.ledger = session.ledger().name().shown();
  if (!options.dry_run) {
    for (const auto& changed : project.reload_changed()) {
      output.warning(changed + " changed while pgapply waited for the migration lock: it was read again");
    }
  }

  const std::vector<migrate::LedgerRow> rows = session.ledger().rows();
  std::vector<migrate::LedgerRow> applied;
  for (const auto& row : rows) {
    // A repeatable migration (Flyway's R__) has no rollback: down passes it by.
    if (row.state == migrate::LedgerState::applied && !migrate::is_repeatable_key(row.version)) {
      applied.push_back(row);
    }
  }
  // What the ledger holds after the run, whatever stops it (a refusal included).
  summary.highest_applied_before = migrate::highest_applied(rows);
  summary.highest_applied_after = summary.highest_applied_before;
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

  std::vector<LoadedScript> down_scripts;
  std::string missing;
  for (const auto& row : chosen) {
    if (!project.has_rollback(row.version)) {
      missing += "\n  - " + row.file_name + ": no rollback (" + row.version + "_" + row.name +
                 ".down.sql, a -- migrate:down or -- +goose Down section...) in " +
                 options.context.project.dir.string();
      continue;
    }
    down_scripts.push_back(project.load_down(row.version));
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::input, "cannot roll back: a migration has no down file; nothing was rolled back:" + missing);
  }

  const LedgerProtocol& protocol = session.ledger().protocol();
  std::vector<RunItem> items;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    RunItem item;
    item.script = &down_scripts[i];
    item.record = std::make_unique<DownRecord>(protocol, chosen[i].version,
                                               companion_version(protocol.name().format, chosen[i].file_name));
    item.version = chosen[i].version;
    item.file_name = chosen[i].file_name;
    item.down_file = project.rollback_file(chosen[i].version);
    items.push_back(std::move(item));
  }
  RunLoopOptions loop;
  loop.session = options.context.session;
  loop.session.handover_lock = MigrationLock::handover_keys(session.ledger().name());
  loop.server_version = session.connection().server_version();
  loop.done_outcome = migrate::RunOutcome::rolled_back;
  loop.start_verb = "Rolling back";
  loop.done_verb = "Rolled back";
  loop.status_command = pgapply_command(options.context, {"status"});
  loop.ledger_rows_again = [&session] { return session.rows_on_new_connection(); };
  loop.server_activity = [&session] { return session.migrations_activity(); };

  if (options.dry_run) {
    return "-- pgapply down --dry-run: " + std::to_string(items.size()) +
           " migration(s), newest first. Nothing was executed.\n\\set ON_ERROR_STOP on\n" +
           run_printed(items, loop);
  }
  refuse_without_ledger_privileges(session.connection(), session.ledger().name(), "down",
                                   "refusing to roll back anything");
  if (options.backup_dir) {
    output.progress("Backed up to " + back_up(session.connection(), *options.backup_dir).string());
  }
  session.ledger().ensure_current();
  loop.before_send = [&session] { session.check_lock(); };
  loop.after_last_batch = [&session](const std::string& finished) { session.check_lock_after_run(finished); };
  try {
    run_live(items, session.connection(), output, loop, summary);
  } catch (...) {
    // The files before the one that stopped the run stay rolled back.
    summary.highest_applied_after = migrate::highest_applied_after(rows, summary.migrations);
    throw;
  }
  summary.highest_applied_after = migrate::highest_applied_after(rows, summary.migrations);
  return "";
}

}  // namespace pgapply::engine
