#include "engine/operations/status_operation.hpp"

#include <algorithm>

#include "engine/adoption_hint.hpp"
#include "engine/operations/companion_sync.hpp"
#include "engine/ledger_session.hpp"
#include "engine/lock_blockers.hpp"
#include "engine/migration_lock.hpp"
#include "engine/runner.hpp"
#include "report/status_report.hpp"

namespace pgapply::engine {

namespace {

// What needs a hand (modified, missing, failed) comes before what up applies.
std::string first_unclean_file(const migrate::Plan& plan, const std::filesystem::path& dir) {
  const migrate::PlanEntry* pending = nullptr;
  for (const auto& entry : plan.entries) {
    if (entry.state == migrate::MigrationState::applied) continue;
    if (entry.state != migrate::MigrationState::pending) return (dir / entry.file_name()).string();
    if (pending == nullptr) pending = &entry;
  }
  return pending == nullptr ? "" : (dir / pending->file_name()).string();
}

StatusResult read_status(const StatusOptions& options, RunOutput& output) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  EarlyConnections early = connect_early(options.context, LedgerAccess::read);  // while the files are read
  // Only checksums: a file psql would find nothing to interpret in is not loaded.
  const Project project = load_project(options.context.project, warn, ProjectLoad::checksums_only);
  LedgerSession session(options.context, output, LedgerAccess::read, Announce::connection, LockAt::start,
                        std::move(early));
  Ledger& ledger = session.ledger();
  const settings::Connected& connected = session.connected();
  // --ledger-format supabase, dbmate, golang-migrate: what that tool applied counts as applied (up records it).
  std::vector<migrate::LedgerRow> rows = rows_counting_companion(session, project, output);
  const bool no_rows = rows.empty();
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, std::move(rows),
                                                project.checksum_inputs);
  StatusResult result;
  result.unclean = report::unclean_text(plan);
  result.unclean_file = first_unclean_file(plan, project.dir);
  // An empty ledger beside another tool's: say so rather than list everything as pending.
  std::vector<report::ForeignLedgerNote> foreign;
  if (no_rows) foreign = foreign_ledger_notes(session.ledger(), options.context, project);
  // Or beside pgapply's own, elsewhere: search_path changed since the runs it records, or --ledger is mistyped.
  std::optional<report::ElsewhereLedgerNote> elsewhere;
  if (no_rows) elsewhere = elsewhere_ledger_note(ledger, options.context, project, {"status"});
  // A run holding the lock: a row that says running is its, and so is the
  // file its session names, whose row, in its transaction, no one sees yet
  // (it shows as pending). A round trip, whenever up could be running one.
  report::LiveRun live;
  const bool could_run = std::any_of(plan.entries.begin(), plan.entries.end(), [](const migrate::PlanEntry& entry) {
    return entry.state != migrate::MigrationState::applied;
  });
  if (could_run) {
    live.deleted_rows = ledger.deleted_rows();
    const MigrationLock::Holder holder = MigrationLock::held_by(session.connection(), ledger.name());
    live.described = holder.described;
    // Its session's application_name names the file as runner.cpp's
    // application_name_for writes it (ASCII, a long path's end, the run's
    // own --dir): the entry whose file name it ends with is the file it runs.
    for (const auto& entry : plan.entries) {
      if (!holder.running_file.empty() && entry.file && names_file(holder.running_file, entry.file->file_name)) {
        live.running_file = entry.file->file_name;
      }
    }
  }
  result.report = options.json
                      ? report::render_status_json(plan, connected.target, ledger.name().shown(), foreign, live,
                                                   elsewhere)
                      : report::render_status_text(plan, connected.target, ledger.name().shown(), foreign,
                                                   report::Paint{output.color()}, live, elsewhere);
  return result;
}

}  // namespace

StatusResult run_status(const StatusOptions& options, RunOutput& output) {
  return explaining_lock_timeouts(options.context, "", "", [&] { return read_status(options, output); });
}

}  // namespace pgapply::engine
