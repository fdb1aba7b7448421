#include "engine/operations/down_operation.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/plural.hpp"
#include "core/shell_quote.hpp"
#include "engine/backup.hpp"
#include "engine/command_hint.hpp"
#include "engine/ledger_privileges.hpp"
#include "engine/ledger_session.hpp"
#include "engine/lock_blockers.hpp"
#include "engine/migration_run.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/operations/record_kept_out.hpp"
#include "migrate/plan.hpp"
#include "migrate/version.hpp"

namespace pgapply::engine {

namespace {

// The rollback file a migration's file would have: 003_s.down.sql for
// 003_s.sql, 1_s.down.sql for golang-migrate's 1_s.up.sql, Flyway's
// U1__s.sql for V1__s.sql.
std::string rollback_file_name(const std::string& file_name) {
  if (file_name.ends_with(".up.sql")) return file_name.substr(0, file_name.size() - 7) + ".down.sql";
  if (file_name.starts_with("V") && file_name.find("__") != std::string::npos) return "U" + file_name.substr(1);
  const std::string stem = file_name.ends_with(".sql") ? file_name.substr(0, file_name.size() - 4) : file_name;
  return stem + ".down.sql";
}

std::string down_unguarded(const DownOptions& options, RunOutput& output, migrate::RunSummary& summary) {
  if (options.steps && options.to) throw Error(ErrorKind::usage, "give --steps or --to, not both");
  if (options.steps && *options.steps == 0) throw Error(ErrorKind::usage, "--steps must be 1 or more");
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  Project project = load_project(options.context.project, warn);
  // --to 0 rolls back everything (goose's down-to 0), whether or not a file has version 0.
  const bool to_by_file = !options.to || *options.to == "0" || project.find(*options.to) != nullptr;
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

  std::vector<migrate::LedgerRow> rows = session.ledger().rows();
  // A version whose file is gone is still one to stop at when the ledger has it.
  if (!to_by_file && std::none_of(rows.begin(), rows.end(), [&options](const migrate::LedgerRow& row) {
        return migrate::compare_versions(row.version, *options.to) == 0;
      })) {
    throw Error(ErrorKind::usage, "--to " + *options.to + ": no migration file has that version in " +
                                      options.context.project.dir.string() + ", nor has the ledger " +
                                      session.ledger().name().shown() + " (--to 0 rolls back every migration)");
  }
  // What the ledger holds after the run, whatever stops it (a refusal
  // included): what the other tool applied only once it is recorded.
  summary.highest_applied_before = migrate::highest_applied(rows);
  summary.highest_applied_after = summary.highest_applied_before;
  // --ledger-format: what the other tool applied counts as applied, the
  // newest of it first to go; recorded before anything runs, as up records
  // it (the dry run's script records it first too).
  const CompanionCount companion = count_companion_applied(session, project, rows, output);
  const std::vector<LedgerEntry>& companion_applied = companion.entries;
  std::vector<migrate::LedgerRow> applied;
  for (const auto& row : rows) {
    // A repeatable migration (Flyway's R__) has no rollback: down passes it by.
    if (row.state == migrate::LedgerState::applied && !migrate::is_repeatable_key(row.version)) {
      applied.push_back(row);
    }
  }
  std::reverse(applied.begin(), applied.end());  // newest first
  std::vector<migrate::LedgerRow> chosen;
  // --to 0: every one, a migration of version 0 (00_init.sql) too when it
  // has a rollback (one without, an init or baseline, stays, and is said to).
  const bool every_one = options.to && migrate::compare_versions(*options.to, "0") == 0;
  // What down says before it runs anything: in a dry run, comments of the
  // script (its standard output is the script psql runs).
  std::string dry_run_notes;
  const auto say = [&](const std::string& text) {
    if (options.dry_run) {
      dry_run_notes += "-- " + text + "\n";
    } else {
      output.progress(text);
    }
  };
  for (const auto& row : applied) {
    if (every_one) {
      if (migrate::compare_versions(row.version, "0") == 0 && !project.has_rollback(row.version)) {
        say(row.file_name + " (version 0) has no rollback: it stays applied.");
        continue;
      }
      chosen.push_back(row);
      continue;
    }
    if (options.to ? migrate::compare_versions(row.version, *options.to) <= 0
                   : chosen.size() >= options.steps.value_or(1)) {
      break;
    }
    chosen.push_back(row);
  }
  if (chosen.empty()) {
    // No ledger at all: more likely the wrong database (or --ledger) than one where nothing was applied.
    say(session.ledger().exists() || !rows.empty()
            ? std::string("Nothing to roll back.")
            : "Nothing to roll back: no ledger " + session.ledger().name().shown() + " in " +
                  session.connected().target + " (is -d the database meant, and --ledger its ledger?).");
    return options.dry_run ? dry_run_notes + "-- pgapply down --dry-run: nothing to roll back.\n" : "";
  }

  const migrate::CommandHint command = [&options](const std::vector<std::string>& words) {
    return pgapply_command(options.context, words);
  };
  // A newer migration whose run stopped part way (failed, or interrupted)
  // may stand on what down would undo: what of it took effect stays, and
  // rolling back below it would leave that without what it was built on.
  std::string stopped;
  for (const auto& row : rows) {
    if (row.state == migrate::LedgerState::applied || migrate::is_repeatable_key(row.version) ||
        migrate::compare_versions(row.version, chosen.back().version) <= 0) {
      continue;
    }
    // Nothing of it in effect (none done, none running when it stopped): nothing stands on what goes.
    if (row.statements_done == 0 && row.earlier_statements_done == 0 && !row.statement_running) continue;
    migrate::PlanEntry entry;
    entry.version = row.version;
    entry.row = row;
    stopped += "\n  - " + migrate::failed_problem(entry, command);
  }
  // A version the other tool left failed part way (golang-migrate's dirty
  // row) is such a run too: rolling back below it would also take away the
  // row that says so.
  for (const std::string& version : companion.failed) {
    if (migrate::compare_versions(version, chosen.back().version) <= 0) continue;
    stopped += "\n  - " + migrate::companion_tool_name(*companion_tool(session.ledger().name().format)) +
               " left version " + version + " failed part way (dirty): run " +
               command({"up", "--target", version}) + ", which runs it again and writes the row clean, or " +
               "settle it with that tool first";
  }
  if (!stopped.empty()) {
    throw Error(ErrorKind::check, "refusing to roll back anything: a newer migration's run stopped part way, and "
                                  "what of it took effect may stand on what down would undo; settle it first:" +
                                      stopped);
  }
  std::string unfinished;
  for (const auto& row : chosen) {
    if (migrate::rollback_unfinished(row)) unfinished += "\n  - " + migrate::unfinished_rollback_problem(row, command);
  }
  if (!unfinished.empty()) throw Error(ErrorKind::check, "refusing to roll back anything:" + unfinished);

  std::vector<LoadedScript> down_scripts;
  std::string missing;
  std::string empty;
  for (const auto& row : chosen) {
    if (migrate::find_code_migration(project.discovery, row.version) != nullptr && !project.has_rollback(row.version)) {
      missing += "\n  - " + row.file_name + ": a goose migration in Go, whose rollback pgapply cannot run (roll it "
                 "back with goose, then record that with " +
                 command({"repair", "--mark-pending", row.version, "--reason", std::string(hint_placeholder)}) + ")";
      continue;
    }
    if (!project.has_rollback(row.version) && project.find_file(row.version) == nullptr) {
      missing += "\n  - " + row.file_name + ": the file is not in " + options.context.project.dir.string() +
                 " any more (status lists it as missing), nor is a rollback of it: restore the file with its "
                 "rollback, or, if what it made is gone already, take it out of the ledger with " +
                 command({"repair", "--mark-pending", row.version, "--reason", std::string(hint_placeholder)});
      continue;
    }
    if (!project.has_rollback(row.version)) {
      missing += "\n  - " + row.file_name + ": no rollback (" + rollback_file_name(row.file_name) +
                 ", a -- migrate:down or -- +goose Down section...) in " + options.context.project.dir.string();
      continue;
    }
    // As dbmate, goose and golang-migrate do, the rollback runs as the file
    // has it now; unlike them, pgapply says when the file is not what was applied.
    const auto checksum = project.checksums.find(row.version);
    if (project.find_file(row.version) != nullptr && checksum != project.checksums.end() &&
        !row.checksum.empty() && checksum->second != row.checksum) {
      const std::string down = project.rollback_file(row.version);
      output.warning(row.file_name + " changed since it was applied (status lists it as modified): the rollback "
                     "that runs is " + (down == row.file_name ? "its down section" : down) + " as it is now");
    }
    down_scripts.push_back(project.load_down(row.version));
    if (const std::string& misplaced = down_scripts.back().analysis().misplaced_directive; !misplaced.empty()) {
      empty += "\n  - " + misplaced;
      continue;
    }
    if (!options.allow_empty && is_empty_migration(down_scripts.back())) {
      empty += "\n  - " + row.file_name + ": its rollback (" + project.rollback_file(row.version) +
               ") has no statements: rolled back, it would be recorded as not applied while what it made stays. "
               "Write the rollback, or take it out of the ledger without running anything with " +
               command({"repair", "--mark-pending", row.version, "--reason", std::string(hint_placeholder)}) +
               " ('...' is your reason), or run " + pgapply_command(options.context, {"down", "--allow-empty"});
    }
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::input, "cannot roll back: a migration has no rollback pgapply can run; nothing was rolled "
                                  "back:" + missing);
  }
  if (!empty.empty()) throw Error(ErrorKind::check, "refusing to roll back anything:" + empty);

  const LedgerProtocol& protocol = session.ledger().protocol();
  std::vector<RunItem> items;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    RunItem item;
    item.script = &down_scripts[i];
    item.version = chosen[i].version;
    item.file_name = chosen[i].file_name;
    item.down_file = project.rollback_file(chosen[i].version);
    item.record = std::make_unique<DownRecord>(protocol, chosen[i].version,
                                               companion_version(protocol.name().format, chosen[i].file_name),
                                               item.down_file, down_scripts[i].statements());
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
    const std::string start = print_script_start(loop, session.ledger().name(), "",
                                                  "see what the ledger holds with: " + loop.status_command);
    return dry_run_notes + "-- pgapply down --dry-run for " + session.connected().target + ": " +
           plural(items.size(), "migration") + " to roll back, newest first. Nothing was executed.\n" +
           "-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n\\set ON_ERROR_STOP on\n" +
           start + printed_ensure_current(session.ledger().protocol(), session.ledger().shape()) +
           print_companion_records(session.ledger().protocol(), companion_applied) + run_printed(items, loop) +
           MigrationLock::printed_release(session.ledger().name());
  }
  refuse_without_ledger_privileges(session.connection(), session.ledger().name(), "down",
                                   "refusing to roll back anything");
  if (options.backup_dir) {
    output.progress("Backed up to " + back_up(session.connection(), *options.backup_dir).string());
  }
  session.ledger().ensure_current();
  record_companion_entries(session, companion_applied, output);
  if (!companion_applied.empty()) summary.highest_applied_after = migrate::highest_applied(rows);
  loop.before_send = [&session] { session.check_lock(); };
  loop.after_last_batch = [&session](const std::string& finished) { session.check_lock_after_run(finished); };
  try {
    run_live(items, session.connection(), output, loop, summary);  // (sets summary.duration_ms)
  } catch (...) {
    // The files before the one that stopped the run stay rolled back.
    summary.highest_applied_after = migrate::highest_applied_after(rows, summary.migrations);
    throw;
  }
  summary.highest_applied_after = migrate::highest_applied_after(rows, summary.migrations);
  refuse_record_kept_out(summary, options.context);
  return "";
}

}  // namespace

std::string run_down(const DownOptions& options, RunOutput& output, migrate::RunSummary& summary) {
  return explaining_lock_timeouts(options.context, "", "--lock-timeout",
                                  [&] { return down_unguarded(options, output, summary); });
}

}  // namespace pgapply::engine
