#include "engine/operations/companion_sync.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/plural.hpp"
#include "core/shell_quote.hpp"
#include "engine/adoption_hint.hpp"
#include "engine/foreign_ledger_reader.hpp"
#include "engine/operations/up_operation.hpp"
#include "engine/script_sink.hpp"
#include "migrate/foreign_ledger.hpp"
#include "migrate/plan.hpp"
#include "migrate/version.hpp"
#include "report/text_table.hpp"

namespace pgapply::engine {

namespace {

// What the companion records as applied that `rows` lack, in version order:
// the versions whose files are what the tool ran, and the files edited since
// ("FILE: why"), which count as neither applied nor pending.
struct CompanionApplied {
  std::optional<ForeignLedgerTable> table;
  std::vector<std::string> versions;
  std::vector<std::string> edited;
  std::vector<std::string> failed;
};

CompanionApplied applied_by_companion(LedgerSession& session, const Project& project,
                                      const std::vector<migrate::LedgerRow>& rows, RunOutput& output) {
  CompanionApplied applied;
  applied.table = find_companion_ledger(session.connection(), session.ledger().name());
  const auto& table = applied.table;
  if (!table) return applied;
  const auto adoption = read_adoption(session.connection(), *table, project, rows);
  // golang-migrate's one row says only how far it got: a file below what
  // pgapply's ledger already records, and lacks, is pgapply's to run (added
  // out of order, or marked pending), not one golang-migrate applied.
  const std::string highest =
      table->tool == migrate::ForeignTool::golang_migrate ? migrate::highest_applied(rows) : std::string();
  // What pgapply's ledger records as applied and the tool's table lacks,
  // and the tool's rows no file is: either way the tool, run next, would not
  // do what pgapply's ledger says. Said, not mended (which is right, the
  // tool's table or pgapply's, only the operator knows: the tool may have
  // rolled a migration back). golang-migrate keeps one row: it lacks none.
  std::set<std::string> applied_here;
  for (const auto& row : rows) {
    if (row.state == migrate::LedgerState::applied) applied_here.insert(row.version);
  }
  std::vector<std::string> lacking;
  std::vector<std::string> without_file;
  bool golang_migrate_unknown = false;
  for (const auto& entry : adoption.entries) {
    const bool below = !highest.empty() && migrate::compare_versions(entry.version, highest) < 0;
    switch (entry.state) {
      case migrate::AdoptionState::matched:
        if (!below) applied.versions.push_back(entry.version);
        break;
      case migrate::AdoptionState::checksum_differs:
        applied.edited.push_back(table->shown() + " records " + entry.row + ", but " + entry.file_name +
                                 " changed since: " + entry.detail);
        break;
      case migrate::AdoptionState::failed:
        applied.failed.push_back(entry.version);
        output.warning(table->shown() + " records " + entry.row + ": " +
                       (entry.file_name.empty() ? "version " + entry.version : entry.file_name) +
                       " does not count as applied (up runs it, and then writes that row clean)");
        break;
      case migrate::AdoptionState::already_recorded:
        if (entry.row.empty() && applied_here.count(entry.version) != 0 &&
            table->tool != migrate::ForeignTool::golang_migrate) {
          lacking.push_back(entry.file_name);
        }
        break;
      case migrate::AdoptionState::no_file:
        if (table->tool == migrate::ForeignTool::golang_migrate && applied_here.count(entry.version) == 0) {
          // Its one row says how far it got, at a version no file is: which
          // files it applied is a guess (golang-migrate's own up refuses,
          // "no migration found"), and a guess recorded is a migration
          // never run. Nothing it records counts, until the operator says.
          applied.edited.push_back(table->shown() + " records " + entry.row + ", which no file in " +
                                   project.dir.string() + " is: what golang-migrate applied is not known "
                                   "(its own up refuses: no migration found for version " + entry.version + ")");
          golang_migrate_unknown = true;
        } else {
          without_file.push_back(entry.row);
        }
        break;
      default:
        break;
    }
  }
  if (golang_migrate_unknown) applied.versions.clear();
  const std::string tool_name = migrate::companion_tool_name(table->tool);
  const auto them = [](const std::vector<std::string>& items) { return items.size() == 1 ? "it" : "them"; };
  if (!lacking.empty()) {
    output.warning(table->shown() + " lacks " + plural(lacking.size(), "migration") + " pgapply's ledger records "
                   "as applied (" + listed(lacking) + "): " + tool_name + " would run " + them(lacking) +
                   " again. pgapply leaves its table as it is (" + tool_name + " may have rolled " + them(lacking) +
                   " back)");
  }
  if (!without_file.empty()) {
    output.warning(table->shown() + " records " + listed(without_file) + ", which no file in " +
                   project.dir.string() + " is: pgapply passes " + them(without_file) + " by; " + tool_name +
                   " may not (the Supabase CLI's db push and golang-migrate's up refuse to go on)");
  }
  return applied;
}

std::string reason(LedgerSession& session) {
  const auto tool = *companion_tool(session.ledger().name().format);
  return "applied by " + migrate::companion_tool_name(tool) + " (" + session.ledger().name().quoted_companion() + ")";
}

enum class EditedCompanionFile { refuse, warn };

CompanionCount companion_count(LedgerSession& session, const Project& project,
                               const std::vector<migrate::LedgerRow>& rows, RunOutput& output,
                               EditedCompanionFile edited) {
  CompanionCount count;
  if (!companion_tool(session.ledger().name().format)) return count;
  const CompanionApplied applied = applied_by_companion(session, project, rows, output);
  count.failed = applied.failed;
  if (!applied.edited.empty()) {
    // Running such a file again would repeat what the tool did; recording
    // it would hide the edit. The operator says which.
    const std::string message =
        report::joined(applied.edited, "; ") + ". Restore the file as " +
        migrate::companion_tool_name(*companion_tool(session.ledger().name().format)) +
        " applied it, or record it as it is now, saying why: " +
        baseline_from_command(session.context(), applied.table->tool, applied.table->given,
                              {"--yes", "--force", std::string(hint_placeholder)}) +
        " ('...' is your reason)";
    if (edited == EditedCompanionFile::refuse) throw Error(ErrorKind::check, "refusing to run: " + message);
    output.warning(message + "; up refuses to run until then");
  }
  for (const std::string& version : applied.versions) {
    const MigrationScript* script = project.find(version);
    // A project loaded for its checksums only (status) has no script for a
    // file psql finds nothing to interpret in: it is loaded here, for its
    // statement count. (The tools have no repeatable migrations.)
    std::optional<MigrationScript> loaded;
    if (script == nullptr) {
      const migrate::MigrationFile& file = *project.discovery.find(version);
      const auto path = project.dir / file.file_name;
      script = &loaded.emplace(MigrationScript{file, path, path.string(), project.load_up(file), std::nullopt});
    }
    LedgerEntry entry = ledger_entry(*script, "baseline");
    entry.source = std::string(to_string(session.ledger().name().format));
    entry.reason = reason(session);
    entry.companion_has_it = true;
    count.entries.push_back(std::move(entry));
  }
  return count;
}

// The rows the entries become once recorded, among `rows` in version order.
void add_in_version_order(std::vector<migrate::LedgerRow>& rows, const std::vector<LedgerEntry>& entries) {
  if (entries.empty()) return;
  for (const LedgerEntry& entry : entries) rows.push_back(ledger_row(entry));
  std::stable_sort(rows.begin(), rows.end(), [](const migrate::LedgerRow& a, const migrate::LedgerRow& b) {
    return migrate::compare_versions(a.version, b.version) < 0;
  });
}

std::vector<SqlCall> applied_calls(const LedgerProtocol& protocol, const std::vector<LedgerEntry>& entries) {
  std::vector<SqlCall> calls;
  for (const LedgerEntry& entry : entries) {
    for (auto& call : protocol.applied(entry)) calls.push_back(std::move(call));
  }
  return calls;
}

std::string recorded_what(const LedgerName& ledger) {
  return migrate::companion_tool_name(*companion_tool(ledger.format)) + " applied";
}

}  // namespace

CompanionCount count_companion_applied(LedgerSession& session, const Project& project,
                                       std::vector<migrate::LedgerRow>& rows, RunOutput& output) {
  CompanionCount count = companion_count(session, project, rows, output, EditedCompanionFile::refuse);
  add_in_version_order(rows, count.entries);
  return count;
}

void record_companion_entries(LedgerSession& session, const std::vector<LedgerEntry>& entries, RunOutput& output) {
  if (entries.empty()) return;
  session.ledger().ensure_current();
  session.ledger().run_in_transaction(applied_calls(session.ledger().protocol(), entries));
  std::string names;
  for (const LedgerEntry& entry : entries) names += (names.empty() ? "" : ", ") + entry.file_name;
  const LedgerName& ledger = session.ledger().name();
  output.progress("Recorded what " + recorded_what(ledger) + " (method baseline, source " +
                  std::string(to_string(ledger.format)) + "): " + names);
}

std::vector<migrate::LedgerRow> rows_counting_companion(LedgerSession& session, const Project& project,
                                                        RunOutput& output) {
  std::vector<migrate::LedgerRow> rows = session.ledger().rows();
  add_in_version_order(rows, companion_count(session, project, rows, output, EditedCompanionFile::warn).entries);
  return rows;
}

std::string print_companion_records(const LedgerProtocol& protocol, const std::vector<LedgerEntry>& entries) {
  if (entries.empty()) return "";
  const LedgerName& ledger = protocol.name();
  return "\n-- What " + recorded_what(ledger) + ", recorded without running it (method baseline, source " +
         std::string(to_string(ledger.format)) + ")\nBEGIN;\n" + print_calls(applied_calls(protocol, entries)) +
         "COMMIT;\n";
}

}  // namespace pgapply::engine
