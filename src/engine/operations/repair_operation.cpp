#include "engine/operations/repair_operation.hpp"

#include "engine/ledger_session.hpp"
#include "engine/operations/up_operation.hpp"
#include "core/error.hpp"
#include "core/shell_quote.hpp"
#include "migrate/ledger_row.hpp"
#include "migrate/plan.hpp"

namespace pgapply::engine {

namespace {

const char* event_name(RepairAction action) {
  switch (action) {
    case RepairAction::accept_checksum: return "repair:accept-checksum";
    case RepairAction::mark_applied: return "repair:mark-applied";
    case RepairAction::mark_pending: return "repair:mark-pending";
    case RepairAction::clear_failed: return "repair:clear-failed";
  }
  return "repair";
}

}  // namespace

RepairResult run_repair(const RepairOptions& options, RunOutput& output) {
  if (says_nothing(options.reason)) {
    throw Error(ErrorKind::usage, "repair needs --reason: every repair is recorded with who, when and why");
  }
  if (options.reason == hint_placeholder) {
    throw Error(ErrorKind::usage, "--reason '...' is the hint's placeholder: write why, --reason 'restored by hand'");
  }
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  Project project = load_project(options.context.project, warn);
  LedgerSession session(options.context, output, LedgerAccess::change);
  for (const auto& changed : project.reload_changed()) {
    output.warning(changed + " changed while pgapply waited for the migration lock: it was read again");
  }
  Ledger& ledger = session.ledger();
  // A repair changes a row the ledger has: with no ledger, this is not the
  // database (or --ledger) meant, and nothing is created in it.
  if (!ledger.exists()) {
    throw Error(ErrorKind::check, "no ledger " + ledger.name().shown() + " in " + session.connected().target +
                                      ": nothing to repair (is -d the database meant, and --ledger its ledger?); "
                                      "nothing was changed");
  }
  ledger.ensure_current();
  const LedgerProtocol& protocol = ledger.protocol();

  std::optional<migrate::LedgerRow> row;
  for (auto& candidate : ledger.rows()) {
    if (candidate.version == options.version) row = std::move(candidate);
  }
  const MigrationScript* script = project.find(options.version);
  const migrate::MigrationFile* file = project.find_file(options.version);  // a goose Go file has no script
  const std::string what = file ? file->file_name : "version " + options.version;
  auto refuse = [&](const std::string& why) {
    throw Error(ErrorKind::check, "cannot repair " + what + ": " + why + "; nothing was changed");
  };

  std::vector<SqlCall> calls;
  std::string checksum = row ? row->checksum : "";
  // --ledger-format supabase, dbmate, golang-migrate: that tool's row goes with pgapply's.
  const auto companion = row ? companion_version(protocol.name().format, row->file_name) : std::nullopt;
  std::string done;
  switch (options.action) {
    case RepairAction::accept_checksum:
      if (!row || row->state != migrate::LedgerState::applied) refuse("it is not applied");
      if (!script) refuse("its file is missing");
      if (row->checksum == script->analysis().checksum) refuse("its checksum has not changed");
      checksum = script->analysis().checksum;
      calls.push_back(protocol.set_checksum(options.version, checksum, script->file.name, script->file.file_name));
      calls.push_back(protocol.event(options.version, event_name(options.action), checksum, options.reason));
      done = "accepted the new checksum of " + what + " (" + row->checksum.substr(0, 12) + "... -> " +
             checksum.substr(0, 12) + "...)";
      break;
    case RepairAction::mark_applied: {
      if (row && row->state == migrate::LedgerState::applied) refuse("it is applied already");
      if (!file) refuse("there is no such migration file");
      // The row's method is "repair"; its history event says which repair and why.
      LedgerEntry entry = recorded_entry(project, options.version, "repair");
      entry.event = event_name(options.action);
      entry.reason = options.reason;
      for (auto& call : protocol.applied(entry)) calls.push_back(std::move(call));
      done = "recorded " + what + " as applied without running it";
      break;
    }
    case RepairAction::mark_pending:
      if (!row) {
        // A row deleted outside pgapply, whose history still says it is
        // recorded (up refuses to run it again): the event alone says it
        // is to run again.
        if (ledger.deleted_rows().count(options.version) == 0) refuse("it is not in the ledger");
        // (--ledger-format: the tool's row goes, else up would record it as the tool's)
        const auto tool_version = file ? companion_version(protocol.name().format, file->file_name) : std::nullopt;
        calls.push_back(protocol.removed(options.version, event_name(options.action), options.reason, tool_version));
        calls.push_back(protocol.event(options.version, event_name(options.action), "", options.reason));
        done = "recorded that " + what + ", whose row was deleted outside pgapply, is to run again: it is pending";
        break;
      }
      calls.push_back(protocol.removed(options.version, event_name(options.action), options.reason, companion));
      done = "removed " + what + " from the ledger: " +
             (file ? std::string("up will run it again")
                  : "its file is gone, so nothing will run it (" + row->file_name + " would run, were it restored)");
      break;
    case RepairAction::clear_failed:
      if (row && migrate::rollback_unfinished(*row)) {
        // Its rollback stopped part way, and what it undid was restored by hand: applied as before.
        calls.push_back(protocol.rollback_settled(options.version));
        calls.push_back(protocol.event(options.version, event_name(options.action), checksum, options.reason));
        done = "cleared the unfinished rollback of " + what + ": it stays applied";
        break;
      }
      if (!row || row->state == migrate::LedgerState::applied) refuse("it has not failed");
      // The row stays, to be run again: what earlier runs committed is not forgotten.
      calls.push_back(protocol.clear_failed(options.version, options.reason));
      done = "cleared the failed run of " + what + " (" + migrate::taken_effect(*row) +
             "): up will run it again from its first statement";
      break;
  }

  ledger.run_in_transaction(calls);
  output.progress("Repair: " + done + ". Reason recorded: " + options.reason);
  return {session.connected().target, ledger.name().shown()};
}

}  // namespace pgapply::engine
