#include "engine/operations/dry_run.hpp"

#include "core/plural.hpp"
#include "engine/adoption_hint.hpp"
#include "engine/command_hint.hpp"
#include "engine/lock_blockers.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/ledger_session.hpp"
#include "engine/migration_run.hpp"
#include "engine/migration_lock.hpp"
#include "engine/script_sink.hpp"
#include "migrate/plan.hpp"

namespace pgapply::engine {

namespace {

std::string dry_run_unguarded(const DryRunOptions& options, RunOutput& output) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  const Project project = load_project(options.up.context.project, warn);

  LedgerName ledger_name = parse_ledger_name(options.up.context.project.ledger, options.up.context.project.ledger_format);
  std::vector<migrate::LedgerRow> rows;
  LedgerShape shape = LedgerShape::absent;
  std::string database = "(offline: no database)";
  int server_version = 0;
  std::unique_ptr<LedgerSession> session;
  std::vector<LedgerEntry> recorded;  // what the companion's tool applied
  if (!options.offline) {
    session = std::make_unique<LedgerSession>(options.up.context, output, LedgerAccess::read, Announce::nothing);
    ledger_name = session->ledger().name();
    shape = session->ledger().shape();
    rows = session->ledger().rows();
    // As up does: what the companion's tool applied is recorded first, and so counts as applied.
    recorded = count_companion_applied(*session, project, rows, output).entries;
    if (rows.empty() && !options.up.ignore_foreign_ledger) {
      refuse_beside_foreign_ledger(session->ledger(), options.up.context, project);
    }
    database = session->connected().target;
    server_version = session->connection().server_version();
  } else if (options.from) {
    // (a version no file has is a typo, as an unknown --target is: not "nothing pending")
    if (std::none_of(project.scripts.begin(), project.scripts.end(), [&](const MigrationScript& script) {
          return migrate::compare_versions(script.file.version, *options.from) == 0;
        })) {
      throw Error(ErrorKind::usage, "--from " + *options.from + ": no migration file has that version in " +
                                        options.up.context.project.dir.string());
    }
    // Offline: everything up to --from counts as applied, as the files are now.
    for (const auto& script : project.scripts) {
      if (migrate::compare_versions(script.file.version, *options.from) > 0) continue;
      rows.push_back(ledger_row(ledger_entry(script, "up")));
    }
  }
  const LedgerProtocol protocol(ledger_name);
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, rows, project.checksum_inputs);
  const migrate::UpDecision decision = decide_or_refuse(
      plan, project, options.up, output, session ? session->ledger().deleted_rows() : migrate::DeletedRows{});

  std::string out = "-- pgapply up --dry-run for " + database + ": " + plural(decision.to_apply.size(), "pending migration") +
                    ". Nothing was executed.\n" + "-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n" +
                    "\\set ON_ERROR_STOP on\n";
  if (decision.to_apply.empty() && recorded.empty()) return out;
  RunLoopOptions loop;
  loop.session = options.up.context.session;
  loop.server_version = server_version;
  const std::string reprint = pgapply_command(options.up.context, {"up", "--dry-run"});
  out += print_script_start(loop, ledger_name, reprint, "print what is still to run with: " + reprint);
  if (ledger_name.schema.empty()) {
    // Offline, the ledger is named as the script's session will find it:
    // the writes that set their own search_path name that schema.
    loop.session.ledger_schema_variable = "pgapply_ledger_schema";
    out += "SELECT pg_catalog.current_schema() AS " + loop.session.ledger_schema_variable + " \\gset\n";
  }
  out += printed_ensure_current(protocol, shape);
  if (const auto companion = protocol.companion_create()) {
    out += "\n-- " + ledger_name.quoted_companion() + ", " +
           migrate::companion_tool_name(*companion_tool(ledger_name.format)) + "'s ledger, kept in step " +
           "(--ledger-format " + std::string(to_string(ledger_name.format)) + "; created if missing)\n";
    out += print_calls({*companion});
  }
  out += print_companion_records(protocol, recorded);
  std::vector<RunItem> items;
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript& script = *project.find(entry->version);
    RunItem item;
    item.script = &script.loaded;
    // The script may run after a pgapply up applied its files, or ran one
    // part way: each file checks first that the ledger holds of it what it
    // held now, and a version the ledger had no row of is inserted, not
    // upserted, so that a transactional file committed meanwhile makes this
    // one fail on the ledger's key, never apply it twice (psql would).
    // Offline, what the ledger holds is unknown.
    LedgerEntry to_record = ledger_entry(script);
    to_record.reprint_command = reprint;
    to_record.new_row = !options.offline && !entry->row;
    if (!options.offline) {
      to_record.printed_state = entry->row ? std::string(migrate::to_string(entry->row->state)) : std::string();
      if (entry->row) to_record.printed_checksum = entry->row->checksum;
    }
    item.record = std::make_unique<UpRecord>(protocol, std::move(to_record));
    item.version = script.file.version;
    item.file_name = script.file.file_name;
    items.push_back(std::move(item));
  }
  return out + run_printed(items, loop) + MigrationLock::printed_release(ledger_name);
}

}  // namespace

std::string run_dry_run(const DryRunOptions& options, RunOutput& output) {
  return explaining_lock_timeouts(options.up.context, "", "--lock-timeout",
                                  [&] { return dry_run_unguarded(options, output); });
}

}  // namespace pgapply::engine
