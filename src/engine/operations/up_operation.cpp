#include "engine/operations/up_operation.hpp"

#include <algorithm>
#include <optional>

#include "engine/adoption_hint.hpp"
#include "engine/backup.hpp"
#include "engine/command_hint.hpp"
#include "engine/foreign_ledger_reader.hpp"
#include "engine/invalid_index_cleanup.hpp"
#include "engine/ledger_privileges.hpp"
#include "engine/ledger_session.hpp"
#include "engine/lock_blockers.hpp"
#include "engine/migration_run.hpp"
#include "engine/query_text_readers.hpp"
#include "engine/shadow/shadow_up_check.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/operations/record_kept_out.hpp"
#include "engine/operations/verify_operation.hpp"
#include "core/error.hpp"
#include "core/interruption.hpp"
#include "core/plural.hpp"
#include "core/shell_quote.hpp"
#include "io/files.hpp"
#include "migrate/checksum.hpp"
#include "migrate/plan.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"
#include "migrate/version.hpp"
#include "report/text_table.hpp"
#include "report/verify_report.hpp"

namespace pgapply::engine {

namespace {

// An empty ledger beside a pgapply ledger that records migrations, of the
// same name in another schema (search_path changed) or in other letter case,
// or of another name recording this directory's files (--ledger mistyped).
[[noreturn]] void refuse_ledger_elsewhere(const LedgerName& name, const report::ElsewhereLedgerNote& other,
                                          const Context& context) {
  const std::string in_path =
      other.why == report::ElsewhereLedgerNote::Why::search_path
          ? " (--ledger " + name.table + " in the first schema of search_path)" : "";
  throw Error(ErrorKind::check, "refusing to run every migration again: this run's ledger is " + name.shown() +
                                    in_path + ", which records nothing, but " + report::elsewhere_ledger_reason(other) +
                                    " If " + other.table + " is this project's ledger, name it: " + other.command +
                                    " (or start a new ledger here: " +
                                    pgapply_command(context, {"up", "--ignore-foreign-ledger"}) + ")");
}

}  // namespace

std::string empty_migration_refusal(const MigrationScript& script, const std::string& allow) {
  if (!is_empty_migration(script.loaded)) return "";
  return script.file.file_name +
         " has no statements: fill it in first (applying it empty and filling it in later would show as a modified "
         "migration), or run " + allow;
}

namespace {

// The command that refuses, in the hints that run it again: `preflight` is
// to preview, and its hints must not apply everything (up and preflight
// both take --allow-out-of-order and --allow-empty).
std::string deciding_command(const UpOptions& options) {
  return options.context.invocation.command.empty() ? "up" : options.context.invocation.command;
}

migrate::UpRules up_rules(const UpOptions& options) {
  migrate::UpRules rules;
  rules.target = options.target;
  rules.allow_out_of_order = options.allow_out_of_order;
  rules.command = [&options](const std::vector<std::string>& words) { return pgapply_command(options.context, words); };
  rules.deciding = deciding_command(options);
  return rules;
}

// Looked at before the migration lock is taken: the plan, when the ledger
// records every file as it is now and there is nothing to apply, refuse or
// warn about. Such a run (most CI runs) then ends without the lock's round
// trips; any other takes the lock and decides again under it. What another
// run is doing, it does under the lock: what it committed shows here, what
// it has not, it has not applied yet.
// `empty`: set when the ledger records nothing (or is absent).
std::optional<migrate::Plan> nothing_to_do(LedgerSession& session, const Project& project, const UpOptions& options,
                                           bool& empty) {
  Ledger& ledger = session.ledger();
  // (a ledger the session found: its shape and rows in one round trip)
  std::vector<migrate::LedgerRow> rows = session.ledger_known_present() ? ledger.rows_with_shape() : ledger.rows();
  empty = rows.empty();
  if (options.target) return std::nullopt;  // (an unknown --target is refused under the lock)
  if (rows.empty()) return std::nullopt;  // a first run: the other ledgers' checks
  migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, std::move(rows),
                                          project.checksum_inputs);
  const migrate::UpDecision decision = migrate::decide_up(plan, up_rules(options));
  if (!decision.to_apply.empty() || !decision.problems.empty() || !decision.warnings.empty()) return std::nullopt;
  return plan;
}

// What up reads under the migration lock before it decides: the ledger's
// rows (and its shape, unless current, which no run changes), and the
// connecting role's privileges on it; with an empty ledger, pgapply ledgers
// in other schemas and other tools' ledgers. Each was a round trip of its
// own; they now go with the hand-over lock in one (through 20 ms of latency,
// a first run saves 80 ms). What depends on the ledger as it was before the
// lock is read again, alone, when the lock finds it otherwise (another run
// made it meanwhile).
struct UnderLock {
  std::vector<migrate::LedgerRow> rows;
  std::optional<std::vector<Ledger::Elsewhere>> elsewhere;  // read with an empty ledger
  std::optional<pg::Connection::Outcome> foreign;           // foreign_ledgers_query's answer, likewise
  LedgerPrivileges privileges;
  // The versions the history records and the ledger lacks, read with a
  // current ledger (none when the role may not read the history).
  std::optional<migrate::DeletedRows> deleted_rows;
};

UnderLock lock_and_read(LedgerSession& session, RunOutput& output, bool was_empty, const UpOptions& options,
                        const Project& project) {
  Ledger& ledger = session.ledger();
  const std::optional<LedgerShape> before = ledger.known_shape_if_read();
  const bool settled = before == LedgerShape::current;
  const auto rows_query = before ? ledger.rows_query(*before) : std::nullopt;
  const bool others = was_empty && !options.ignore_foreign_ledger;
  const bool elsewhere = others;
  std::vector<pg::Connection::Query> reads;
  if (!settled) reads.push_back(ledger.shape_query());
  if (rows_query) reads.push_back(*rows_query);
  if (elsewhere) reads.push_back(ledger.elsewhere_query(project.checksums));
  if (others) reads.push_back(foreign_ledgers_query(every_tool_ledger()));
  if (settled) reads.push_back(ledger.deleted_rows_query());
  reads.push_back(ledger_privileges_query(ledger.name()));
  std::vector<pg::Connection::Outcome> outcomes = session.take_lock(output, reads);
  std::size_t next = 0;
  const LedgerShape shape = settled ? *before : ledger.take_shape(outcomes[next++].take());
  UnderLock read;
  if (rows_query) {
    pg::Connection::Outcome& rows = outcomes[next++];
    read.rows = shape == *before ? ledger.take_rows(std::move(rows)) : ledger.rows();
  } else {
    read.rows = ledger.rows();  // none, unless another run made the ledger meanwhile
  }
  if (elsewhere) read.elsewhere = Ledger::take_elsewhere(outcomes[next++]);
  if (others) read.foreign = std::move(outcomes[next++]);
  if (settled) {
    // (a role that may not read the history: the privilege check says so, in its words, below)
    pg::Connection::Outcome& deleted = outcomes[next++];
    read.deleted_rows = deleted.error ? migrate::DeletedRows{} : Ledger::take_deleted_rows(deleted.take());
  }
  read.privileges = take_ledger_privileges(outcomes[next++].take());
  return read;
}

std::string up_to_date_line(const migrate::Plan& plan) {
  return "The database is up to date (" +
         (plan.highest_applied.empty() ? std::string("no migration applied")
                                       : "highest applied version " + plan.highest_applied) +
         ").";
}

}  // namespace

migrate::UpDecision decide_or_refuse(const migrate::Plan& plan, const Project& project, const UpOptions& options,
                                     RunOutput& output, const migrate::DeletedRows& deleted_rows) {
  if (options.target && std::none_of(plan.entries.begin(), plan.entries.end(), [&](const migrate::PlanEntry& entry) {
        return migrate::compare_versions(entry.version, *options.target) == 0;
      })) {
    throw Error(ErrorKind::usage, "--target " + *options.target + ": no migration file has that version in " +
                                      options.context.project.dir.string());
  }
  const std::string command = deciding_command(options);
  const std::string refusing = command == "up" ? "refusing to apply anything:"
                                               : "up would refuse to apply anything, and so " + command + " stops:";
  // A pending file whose row was deleted outside pgapply (a migration's
  // DELETE or TRUNCATE of the ledger, or one by hand): up would run it again,
  // at once or through the --allow-out-of-order the plan's refusal names.
  std::string deleted_problems;
  std::string deleted_file;
  for (const migrate::PlanEntry& entry : plan.entries) {
    const std::string* deleted = migrate::deleted_row(entry, deleted_rows);
    if (deleted == nullptr) continue;
    const auto repair = [&](const char* flag) {
      return pgapply_command(options.context, {"repair", flag, entry.version, "--reason", std::string(hint_placeholder)});
    };
    if (deleted_file.empty()) deleted_file = entry.file_name();
    deleted_problems += "\n  - " + entry.file_name() + " has no row in the ledger, but its history says it was "
                        "recorded (" + *deleted + ") and never rolled back: its row was deleted outside "
                        "pgapply (a migration's DELETE or TRUNCATE of the ledger, or by hand), and up would run it "
                        "again. If it is applied, record it: " + repair("--mark-applied") +
                        "; to run it again on purpose, say so first: " + repair("--mark-pending") +
                        " ('...' is your reason)";
  }
  if (!deleted_problems.empty()) {
    throw Error(ErrorKind::check, refusing + deleted_problems, ErrorPlace{(project.dir / deleted_file).string()});
  }
  migrate::UpDecision decision = migrate::decide_up(plan, up_rules(options));
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript* script = project.find(entry->version);
    if (script != nullptr && !script->analysis().misplaced_directive.empty()) {
      decision.refuse(script->file.file_name, script->analysis().misplaced_directive);
    }
  }
  if (!options.allow_empty) {
    for (const migrate::PlanEntry* entry : decision.to_apply) {
      const MigrationScript* script = project.find(entry->version);
      if (script == nullptr) continue;
      if (std::string refusal = empty_migration_refusal(*script, pgapply_command(options.context, {command, "--allow-empty"}));
          !refusal.empty()) {
        decision.refuse(script->file.file_name, std::move(refusal));
      }
    }
  }
  for (const auto& warning : decision.warnings) output.warning(warning);
  if (!decision.problems.empty()) {
    // (preflight and check decide as up would, and apply nothing themselves)
    std::string message = refusing;
    for (const auto& problem : decision.problems) message += "\n  - " + problem;
    throw Error(ErrorKind::check, message, ErrorPlace{(project.dir / decision.problem_file).string()});
  }
  return decision;
}

LedgerEntry ledger_entry(const MigrationScript& script, const std::string& method) {
  const auto& plan = script.analysis().plan;
  LedgerEntry entry;
  entry.version = script.file.version;
  entry.name = script.file.name;
  entry.file_name = script.file.file_name;
  entry.checksum = script.analysis().checksum;
  entry.statements = plan.statements_run();
  entry.transactional = plan.mode != psql::TransactionMode::autocommit;
  entry.method = method;
  entry.companion = script.companion;
  return entry;
}

LedgerEntry recorded_entry(const Project& project, const std::string& version, const std::string& method) {
  if (const MigrationScript* script = project.find(version)) return ledger_entry(*script, method);
  const migrate::MigrationFile* go = migrate::find_code_migration(project.discovery, version);
  if (go == nullptr) throw Error(ErrorKind::input, "no migration file has version " + version + " in " + project.dir.string());
  LedgerEntry entry;
  entry.version = go->version;
  entry.name = go->name;
  entry.file_name = go->file_name;
  entry.checksum = migrate::checksum_of(io::read_file(project.dir / go->file_name));
  entry.statements = 0;
  entry.method = method;
  return entry;
}

migrate::LedgerRow ledger_row(const LedgerEntry& entry) {
  migrate::LedgerRow row;
  row.version = entry.version;
  row.name = entry.name;
  row.file_name = entry.file_name;
  row.checksum = entry.checksum;
  row.method = entry.method;
  row.source = entry.source.value_or("");
  row.statements = static_cast<int>(entry.statements);
  row.statements_done = row.statements;
  return row;
}

namespace {

void up_unguarded(const UpOptions& options, RunOutput& output, migrate::RunSummary& summary) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  EarlyConnections early = connect_early(options.context, LedgerAccess::change);  // while the files are read
  Project project = load_project(options.context.project, warn);

  // --ledger-format: what the other tool applied is recorded first, under the lock.
  const bool companion = companion_tool(options.context.project.ledger_format).has_value();
  LedgerSession session(options.context, output, LedgerAccess::change, Announce::connection,
                        companion ? LockAt::start : LockAt::when_taken, std::move(early));
  summary.command = "up";
  summary.target = session.connected().target;
  summary.ledger = session.ledger().name().shown();
  std::optional<UnderLock> under_lock;
  if (!companion) {
    // A first run takes the lock whatever the files: its first attempt goes
    // now, answered while the ledger is read. (With a ledger, up first looks
    // whether anything is pending: with nothing to apply it takes no lock.)
    if (session.ledger_known_absent()) session.begin_lock_attempt();
    bool was_empty = false;
    if (const auto plan = nothing_to_do(session, project, options, was_empty)) {
      summary.highest_applied_before = plan->highest_applied;
      summary.highest_applied_after = plan->highest_applied;
      output.progress(up_to_date_line(*plan));
      return;
    }
    under_lock = lock_and_read(session, output, was_empty, options, project);
  }
  for (const auto& changed : project.reload_changed()) {
    output.warning(changed + " changed while pgapply waited for the migration lock: it was read again");
  }
  pg::Connection& connection = session.connection();
  Ledger& ledger = session.ledger();

  std::vector<migrate::LedgerRow> rows = under_lock ? std::move(under_lock->rows) : ledger.rows();
  const std::string recorded_highest = migrate::highest_applied(rows);  // before what the tool applied joins
  // (recorded once the run may change the database: after --backup)
  const std::vector<LedgerEntry> companion_applied = count_companion_applied(session, project, rows, output).entries;
  if (rows.empty() && !options.ignore_foreign_ledger) {
    // search_path changed since the last run: the unqualified ledger name
    // now resolves to another schema, where a new, empty ledger would start;
    // or --ledger is mistyped (Ledger::standing_for_this).
    const auto elsewhere = elsewhere_ledger_note(ledger, options.context, project, {"up"},
                                                 under_lock ? std::move(under_lock->elsewhere) : std::nullopt);
    if (elsewhere) refuse_ledger_elsewhere(ledger.name(), *elsewhere, options.context);
  }
  if (rows.empty() && !options.ignore_foreign_ledger) {
    refuse_beside_foreign_ledger(ledger, options.context, project,
                                 under_lock && under_lock->foreign ? &*under_lock->foreign : nullptr);
  }
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, rows, project.checksum_inputs);
  // What the ledger holds after the run, whatever stops it (a refusal included):
  // what the tool applied only once it is recorded.
  summary.highest_applied_before = recorded_highest;
  summary.highest_applied_after = recorded_highest;
  const auto deleted = under_lock && under_lock->deleted_rows ? *under_lock->deleted_rows : ledger.deleted_rows();
  const migrate::UpDecision decision = decide_or_refuse(plan, project, options, output, deleted);

  if (decision.to_apply.empty()) {
    record_companion_entries(session, companion_applied, output);
    summary.highest_applied_after = plan.highest_applied;
    output.progress(up_to_date_line(plan));
    return;
  }

  const LedgerPrivileges privileges =
      under_lock ? under_lock->privileges : read_ledger_privileges(connection, ledger.name());
  refuse_without_ledger_privileges(privileges, ledger.name(), "up", "refusing to apply anything");

  if (options.backup_dir) {
    output.progress("Backing up " + connection.dbname() + " with pg_dump ...");
    output.progress("Backed up to " + back_up(connection, *options.backup_dir).string());
  }

  ledger.ensure_current();
  record_companion_entries(session, companion_applied, output);
  summary.highest_applied_after = plan.highest_applied;

  std::vector<const MigrationScript*> applied_scripts;
  for (const migrate::PlanEntry* entry : decision.to_apply) applied_scripts.push_back(project.find(entry->version));

  // verify after up on the shadow: the target's schema copied there first
  std::unique_ptr<ShadowUpCheck> shadow_check;
  if (options.verify && options.shadow.enabled) {
    try {
      shadow_check = ShadowUpCheck::prepare(session, options.shadow, options.context.session.lock_timeout, project,
                                            applied_scripts, output);
    } catch (const std::exception&) {
      // A signal also cancels the statement running on the shadow or the
      // target: its error is the interruption's, whatever its kind.
      const int signal_number = signal_received();
      if (signal_number == 0) throw;
      throw Interrupted(signal_number, "Interrupted by " + signal_name(signal_number) +
                                           " while the shadow database was prepared for the verification: nothing "
                                           "was applied.");
    }
  }

  std::vector<RunItem> items;
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript& script = *project.find(entry->version);
    if (entry->state == migrate::MigrationState::failed) {
      const std::string last_time =
          entry->row->state == migrate::LedgerState::running ? "was interrupted last time" : "failed last time";
      output.progress("Running " + script.file.file_name + " again: it " + last_time +
                      (migrate::cleared_by_repair(*entry->row) ? ", and repair --clear-failed cleared that"
                                                               : " and has changed since"));
    }
    // An index a failed or killed run left INVALID would make the file's
    // CREATE INDEX CONCURRENTLY IF NOT EXISTS skip it for good, and its
    // REINDEX ... CONCURRENTLY skip the _ccnew copies in its scope.
    if (script.analysis().plan.mode == psql::TransactionMode::autocommit) {
      drop_invalid_indexes(connection, script.loaded, output);
    }
    RunItem item;
    item.script = &script.loaded;
    LedgerEntry recorded = ledger_entry(script);
    recorded.new_row = !entry->row;  // (the dry run's script keeps the upsert: it may run later)
    // A failed run's statements that took effect stay, whatever this run does.
    const bool ran_before = entry->row && entry->row->state != migrate::LedgerState::applied;  // (not R__ again)
    const int earlier = ran_before ? std::max(entry->row->statements_done, entry->row->earlier_statements_done) : 0;
    item.record = std::make_unique<UpRecord>(ledger.protocol(), std::move(recorded), earlier);
    item.version = script.file.version;
    item.file_name = script.file.file_name;
    items.push_back(std::move(item));
  }

  RunLoopOptions loop;
  loop.retries = options.retries;
  loop.session = options.context.session;
  loop.session.handover_lock = MigrationLock::handover_keys(session.ledger().name());
  loop.server_version = connection.server_version();
  loop.before_send = [&session] { session.check_lock(); };
  loop.after_last_batch = [&session](const std::string& finished) { session.check_lock_after_run(finished); };
  loop.status_command = pgapply_command(options.context, {"status"});
  loop.drops_invalid_indexes = true;
  {
    std::vector<const LoadedScript*> pending;
    for (const RunItem& item : items) pending.push_back(item.script);
    if (!pending.empty()) loop.one_statement_per_query = one_statement_per_query(connection, pending);
  }
  loop.ledger_rows_again = [&session] { return session.rows_on_new_connection(); };
  loop.server_activity = [&session] { return session.migrations_activity(); };
  try {
    run_live(items, connection, output, loop, summary);  // (sets summary.duration_ms)
  } catch (...) {
    // The files before the one that stopped the run stay applied.
    summary.highest_applied_after = migrate::highest_applied_after(rows, summary.migrations);
    throw;
  }
  summary.highest_applied_after = migrate::highest_applied_after(rows, summary.migrations);
  refuse_record_kept_out(summary, options.context);
  output.progress("Done: " + plural(items.size(), "migration") + " applied in " + std::to_string(*summary.duration_ms) +
                  " ms" +
                  (summary.highest_applied_after.empty()
                       ? std::string()  // only repeatable migrations, which have no version
                       : "; the highest applied version is " + summary.highest_applied_after) +
                  ".");
  if (!options.verify) return;
  // Verifying reads, and writes nothing to the ledger: another run may go on.
  session.release_lock();  // (and resets the session the verify reads through)
  if (shadow_check) {
    try {
      shadow_check->finish(session, applied_scripts, output, pgapply_command(options.context, {"verify"}));
    } catch (const Interrupted& stop) {
      throw Interrupted(stop.signal, "Interrupted by " + signal_name(stop.signal) + " during the verification after up: " +
                                         plural(items.size(), "migration") + (items.size() == 1 ? " was" : " were") + " applied (" +
                                         pgapply_command(options.context, {"status"}) + ", " +
                                         pgapply_command(options.context, {"verify"}) + ").");
    }
    return;
  }
  std::optional<schema::VerifyResult> read;
  try {
    read = verify_applied(connection, ledger.rows(), project);
  } catch (const pg::ServerError& error) {
    // What up applied stays applied and recorded: a lock another session
    // holds on a table the catalog's reading waits for is no failure of the
    // run (up's verify never fails on what it could not check).
    if (error.sqlstate != pg::sqlstate::lock_not_available) throw;
    const auto blocking = find_lock_blockers(connection, lock_timeout_limit(options.context.session));
    output.warning("not verified: reading the catalog waited longer than the lock timeout for a lock another session "
                   "holds (" + error.message + ")" +
                   (blocking.empty() ? std::string() : "; it waited for: " + describe_lock_blockers(blocking)) +
                   "; verify it once that session is done: " + pgapply_command(options.context, {"verify"}));
    return;
  }
  schema::VerifyResult verified = std::move(*read);
  if (options.shadow.enabled) {
    // no shadow (said above): only what the static model is sure of fails
    schema::keep_only_certain_failures(verified, "see the warning above");
    for (const auto& row : verified.rows) {
      if (row.status == schema::CheckStatus::uncertain) {
        output.warning("verify (static model): " + row.object + ": " + report::joined(row.differences, "; "));
      }
    }
  }
  if (verified.ok) {
    output.progress("Verified: the " + plural(verified.rows.size(), "object") +
                    " the applied migrations declare exist as declared (" +
                    pgapply_command(options.context, {"verify"}) + " lists them).");
    return;
  }
  output.progress(report::render_verify_text(verified, session.connected().target, report::Paint{output.color()}));
  throw Error(ErrorKind::check,
              "the migrations were applied, but the schema is not what they declare (see verify's report above)");
}

// What pgapply's own statements that failed outside the run loop leave
// applied: before it (summary.migrations not filled yet) nothing; after it
// (its verify reading the catalog, say) what it applied.
std::string applied_when_stopped(const migrate::RunSummary& summary) {
  if (summary.migrations.empty()) return "nothing was applied";
  const auto applied = static_cast<std::size_t>(
      std::count_if(summary.migrations.begin(), summary.migrations.end(),
                    [](const migrate::MigrationRun& run) { return run.outcome == migrate::RunOutcome::applied; }));
  return applied == 0 ? std::string() : "the run had applied " + plural(applied, "migration") + " (pgapply status)";
}

}  // namespace

void run_up(const UpOptions& options, RunOutput& output, migrate::RunSummary& summary) {
  try {
    up_unguarded(options, output, summary);
  } catch (const pg::ConnectionError& lost) {
    // The run loop says what its own loss left; lost before it (an
    // administrator ended the session, the server went) nothing ran.
    if (!summary.migrations.empty() || lost.kind() != ErrorKind::connection_lost) throw;
    throw Error(ErrorKind::connection_lost, "lost the connection to the server while reading the ledger or waiting "
                                            "for the migration lock (" + lost.reason() + "): nothing was applied");
  } catch (const pg::ServerError& error) {
    rethrow_explaining_lock_timeout(options.context, error, applied_when_stopped(summary), "--lock-timeout");
  }
}

}  // namespace pgapply::engine
