#include "engine/operations/adoption_operation.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/plural.hpp"
#include "core/shell_quote.hpp"
#include "engine/adoption_hint.hpp"
#include "engine/foreign_ledger_reader.hpp"
#include "engine/ledger_session.hpp"
#include "engine/operations/up_operation.hpp"
#include "report/adoption_report.hpp"

namespace pgapply::engine {

BaselineResult run_baseline_from(const BaselineOptions& options, RunOutput& output) {
  const auto tool = migrate::parse_foreign_tool(*options.from);
  if (!tool) {
    std::string tools;
    for (const auto known : migrate::foreign_tools()) tools += (tools.empty() ? "" : ", ") + std::string(to_string(known));
    throw Error(ErrorKind::usage, "baseline --from " + *options.from + ": not a tool pgapply adopts (" + tools + ")");
  }
  if (options.force && says_nothing(*options.force)) {
    throw Error(ErrorKind::usage, "--force needs a reason: --force 'why'");
  }
  if (options.force && *options.force == hint_placeholder) {
    throw Error(ErrorKind::usage, "--force '...' is the hint's placeholder: write why, --force 'the rows were fixed by hand'");
  }
  const std::string tool_name(migrate::to_string(*tool));
  const Project project =
      load_project(options.context.project, [&output](const std::string& text) { output.warning(text); });
  LedgerSession session(options.context, output, options.yes ? LedgerAccess::change : LedgerAccess::read);
  pg::Connection& connection = session.connection();

  const auto table = find_foreign_ledger(connection, *tool, options.from_table);
  if (!table) {
    const std::string name =
        options.from_table.empty() ? std::string(migrate::default_foreign_table(*tool)) : options.from_table;
    throw Error(ErrorKind::usage, "baseline --from " + tool_name + ": there is no table " + name + " in " +
                                      connection.dbname() + " (on the search_path when unqualified)" +
                                      (options.from_table.empty() ? "; name the tool's table with --from-table" : ""));
  }
  // dbmate's and golang-migrate's tables share a name: the dirty column tells them apart.
  if (*tool == migrate::ForeignTool::dbmate && table->has_dirty) {
    throw Error(ErrorKind::check, table->shown() + " has a dirty column: it is golang-migrate's ledger, not dbmate's: " +
                                      baseline_from_command(options.context, migrate::ForeignTool::golang_migrate,
                                                            table->given));
  }
  if (*tool == migrate::ForeignTool::golang_migrate && !table->has_dirty) {
    throw Error(ErrorKind::check, table->shown() + " has no dirty column: it is not golang-migrate's ledger (dbmate's "
                                                   "schema_migrations has only a version): " +
                                      baseline_from_command(options.context, migrate::ForeignTool::dbmate, table->given));
  }
  const migrate::Adoption adoption =
      read_adoption(connection, *table, project, session.ledger().rows(), session.ledger().taken_back());

  report::AdoptionOutcome outcome;
  const bool forced = options.force.has_value() && !adoption.consistent();
  // What is recorded: what matched; forced, also what the tool applied from a file since edited.
  const auto records = [forced](migrate::AdoptionState state) {
    return state == migrate::AdoptionState::matched || (forced && state == migrate::AdoptionState::checksum_differs);
  };
  const std::size_t matched = adoption.count(migrate::AdoptionState::matched);
  std::size_t to_record = 0;
  for (const auto& entry : adoption.entries) to_record += records(entry.state) ? 1 : 0;
  if (forced) outcome.force_reason = *options.force;
  BaselineResult result;
  const auto command = [&](std::vector<std::string> extra) {
    return baseline_from_command(options.context, *tool, table->given, extra);
  };
  if (adoption.refused()) {
    outcome.why_not = tool_name + " recorded a failed or dirty migration: repair it with " + tool_name +
                      " first (--force does not record past it)";
    result.problem = "nothing recorded: " + outcome.why_not;
  } else if (!adoption.consistent() && !options.force) {
    outcome.why_not = "the ledger and the files disagree (the rows in capitals)";
    result.problem = "nothing recorded: " + tool_name + "'s ledger and the files disagree";
    // Only Flyway (its checksum) and the Supabase CLI (its statements) keep
    // what they ran: only their rows can differ from the files.
    const std::size_t differing = adoption.count(migrate::AdoptionState::checksum_differs);
    const std::size_t forcible = matched + differing;
    if (forcible > 0) {
      outcome.next = "fix the files or the ledger and run this again; or record the " +
                     plural(forcible, "migration") + " " + tool_name + " applied anyway" +
                     (differing > 0 ? " (those whose checksum differs too)" : "") + ", saying why: " +
                     command({"--yes", "--force", std::string(hint_placeholder)}) + " ('...' is your reason)";
    }
  } else if (to_record == 0) {
    outcome.why_not = adoption.count(migrate::AdoptionState::already_recorded) > 0
                          ? "everything " + tool_name + " applied is in pgapply's ledger already"
                          : "nothing to record";
  } else if (!options.yes) {
    std::vector<std::string> extra{"--yes"};
    if (forced) extra.insert(extra.end(), {"--force", *options.force});
    outcome.next = "record the " + plural(to_record, "migration") + " " + tool_name + " applied: " + command(extra);
  } else {
    session.ledger().ensure_current();
    const LedgerProtocol& protocol = session.ledger().protocol();
    std::string reason = "from " + tool_name + " (" + adoption.table + ")";
    if (forced) reason += "; forced: " + *options.force;
    std::vector<SqlCall> calls;
    for (const auto& entry : adoption.entries) {
      if (!records(entry.state)) continue;
      LedgerEntry ledger_row = recorded_entry(project, entry.version, "baseline");
      ledger_row.source = tool_name;
      if (!entry.applied_at.empty()) ledger_row.applied_at = entry.applied_at;
      if (!entry.applied_by.empty()) ledger_row.applied_by = entry.applied_by;
      ledger_row.reason = reason;
      for (auto& call : protocol.applied(ledger_row)) calls.push_back(std::move(call));
      outcome.recorded_versions.push_back(entry.version);
    }
    session.ledger().run_in_transaction(calls);
    // --ledger-format golang-migrate keeps its one row at the highest
    // version recorded: a row at a version no file is goes down to it.
    if (*tool == migrate::ForeignTool::golang_migrate &&
        companion_tool(session.ledger().name().format) == migrate::ForeignTool::golang_migrate &&
        !outcome.recorded_versions.empty()) {
      const auto gone = std::find_if(adoption.entries.begin(), adoption.entries.end(), [](const auto& entry) {
        return entry.state == migrate::AdoptionState::no_file;  // (its one row)
      });
      if (gone != adoption.entries.end()) {
        outcome.companion_note = adoption.table + " now says " + outcome.recorded_versions.back() +
                                 ", the highest version recorded, where it said " + gone->version +
                                 ", which no file is (--ledger-format golang-migrate keeps it at the highest "
                                 "applied version)";
      }
    }
  }
  outcome.database = session.connected().target;
  outcome.ledger = session.ledger().name().shown();
  result.report = options.json ? report::render_adoption_json(adoption, outcome)
                               : report::render_adoption_text(adoption, outcome, report::Paint{output.color()});
  return result;
}

}  // namespace pgapply::engine
