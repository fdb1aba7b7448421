#include "engine/adoption_hint.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "engine/command_hint.hpp"
#include "engine/foreign_ledger_reader.hpp"

namespace pgapply::engine {

std::string baseline_from_command(const Context& context, migrate::ForeignTool tool, const std::string& from_table,
                                  const std::vector<std::string>& extra) {
  std::vector<std::string> words = {"baseline", "--from", std::string(migrate::to_string(tool))};
  if (!from_table.empty()) {
    words.emplace_back("--from-table");
    words.push_back(from_table);
  }
  return pgapply_command(context, words, extra);
}

std::vector<report::ForeignLedgerNote> foreign_ledger_notes(Ledger& ledger, const Context& context,
                                                            const Project& project,
                                                            const pg::Connection::Outcome* looked_up) {
  std::vector<report::ForeignLedgerNote> notes;
  const auto found_ledgers = detect_foreign_ledgers(ledger.connection(), project, looked_up);
  // (Asked only then: a round trip the common case does without.)
  if (found_ledgers.empty() || ledger.recorded_once()) return notes;
  for (const auto& found : found_ledgers) {
    notes.push_back({std::string(migrate::to_string(found.table.tool)), found.table.shown(), found.applied,
                     found.version, baseline_from_command(context, found.table.tool, ""), found.failed,
                     found.no_file});
  }
  return notes;
}

std::optional<report::ElsewhereLedgerNote> elsewhere_ledger_note(
    Ledger& ledger, const Context& context, const Project& project, const std::vector<std::string>& words,
    std::optional<std::vector<Ledger::Elsewhere>> found) {
  const auto elsewhere = ledger.standing_for_this(found ? std::move(*found) : ledger.elsewhere(project.checksums));
  if (elsewhere.empty()) return std::nullopt;
  const Ledger::Elsewhere& other = elsewhere.front();
  Context named = context;
  named.project.ledger = other.shown;
  using Why = report::ElsewhereLedgerNote::Why;
  const Why why = !other.same_name                ? Why::other_name
                  : other.same_schema             ? Why::letter_case
                  : !ledger.name().schema_given   ? Why::search_path
                                                  : Why::other_name;  // the schema mistyped
  return report::ElsewhereLedgerNote{other.shown,          static_cast<std::size_t>(other.applied),
                                     static_cast<std::size_t>(other.matching), why, ledger.name().schema,
                                     pgapply_command(named, words)};
}

void refuse_beside_foreign_ledger(Ledger& ledger, const Context& context, const Project& project,
                                  const pg::Connection::Outcome* looked_up) {
  const auto foreign = foreign_ledger_notes(ledger, context, project, looked_up);
  if (foreign.empty()) return;
  // (Only a failed run there, nothing applied: not "again".)
  const bool applied = std::any_of(foreign.begin(), foreign.end(), [](const auto& note) { return note.applied > 0; });
  throw Error(ErrorKind::check, std::string(applied ? "refusing to run every migration again: "
                                                    : "refusing to run the migrations beside another tool's failed run: ") +
                                    report::render_foreign_ledgers_text(foreign) +
                                    "(or run them all anyway with --ignore-foreign-ledger)");
}

}  // namespace pgapply::engine
