#include "report/adoption_report.hpp"

#include "core/plural.hpp"
#include "report/json_document.hpp"
#include "report/text_table.hpp"

namespace pgapply::report {

namespace {

using migrate::AdoptionState;

constexpr AdoptionState all_states[] = {AdoptionState::matched,     AdoptionState::already_recorded,
                                        AdoptionState::pending,     AdoptionState::changed,
                                        AdoptionState::rolled_back, AdoptionState::no_row,
                                        AdoptionState::no_file,     AdoptionState::failed,
                                        AdoptionState::checksum_differs};

// "no_file" -> "no file"; a state that stops the baseline in capitals.
std::string state_text(AdoptionState state) {
  std::string text(migrate::to_string(state));
  for (char& c : text) c = c == '_' ? ' ' : c;
  return migrate::is_inconsistent(state) ? upper(text) : text;
}

std::string state_cell(AdoptionState state, Paint paint) {
  switch (state) {
    case AdoptionState::matched:
    case AdoptionState::already_recorded: return paint(Tone::good, state_text(state));
    case AdoptionState::pending:
    case AdoptionState::changed:
    case AdoptionState::rolled_back: return paint(Tone::attention, state_text(state));
    case AdoptionState::no_row:
    case AdoptionState::no_file:
    case AdoptionState::failed:
    case AdoptionState::checksum_differs: return paint(Tone::bad, state_text(state));
  }
  return state_text(state);
}

}  // namespace

std::string render_adoption_text(const migrate::Adoption& adoption, const AdoptionOutcome& outcome, Paint paint) {
  std::vector<std::string> counts;
  for (const AdoptionState state : all_states) {
    if (const auto count = adoption.count(state)) counts.push_back(std::to_string(count) + " " + state_text(state));
  }
  std::string out = "Baseline from " + std::string(migrate::to_string(adoption.tool)) + " (" + adoption.table +
                    "): " + (counts.empty() ? std::string("no rows and no files") : joined(counts, ", ")) + ".\n";
  if (!adoption.entries.empty()) {
    TextTable table;
    for (const auto& entry : adoption.entries) {
      std::string when;
      if (!entry.applied_at.empty()) when = entry.applied_at;
      if (!entry.applied_by.empty()) when += (when.empty() ? "by " : " by ") + entry.applied_by;
      table.add({state_cell(entry.state, paint),
                 entry.file_name.empty() ? "(no file: " + entry.version + ")" : entry.file_name,
                 entry.row.empty() ? "-" : entry.row, when},
                entry.detail);
    }
    out += '\n';
    out += table.render("  ");
  }
  out += "\n";
  if (!outcome.recorded_versions.empty()) {
    out += "Recorded " + plural(outcome.recorded_versions.size(), "migration") +
           " as applied without running " + (outcome.recorded_versions.size() == 1 ? "it" : "them") +
           " (method baseline, source " +
           std::string(migrate::to_string(adoption.tool)) + ")" +
           (outcome.force_reason.empty() ? "" : ", forced: " + outcome.force_reason) + ".\n";
    if (!outcome.companion_note.empty()) out += outcome.companion_note + ".\n";
  } else if (!outcome.why_not.empty()) {
    out += "Nothing recorded: " + outcome.why_not + ".\n";
  } else {
    out += "Dry run: nothing recorded.\n";
  }
  if (!outcome.next.empty()) out += "Next: " + outcome.next + "\n";
  return out;
}

std::string render_adoption_json(const migrate::Adoption& adoption, const AdoptionOutcome& outcome) {
  const auto nullable = [](const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); };
  Json counts = Json::object();
  for (const AdoptionState state : all_states) counts[std::string(migrate::to_string(state))] = adoption.count(state);
  Json migrations = Json::array();
  for (const auto& entry : adoption.entries) {
    migrations.push_back({{"version", entry.version},
                          {"file", nullable(entry.file_name)},
                          {"state", std::string(migrate::to_string(entry.state))},
                          {"row", nullable(entry.row)},
                          {"at", nullable(entry.applied_at)},
                          {"by", nullable(entry.applied_by)},
                          {"detail", entry.detail}});
  }
  Json out = json_document("baseline");
  out.update(Json{{"database", outcome.database},
                  {"ledger", ledger_json(outcome.ledger)},
                  {"from", std::string(migrate::to_string(adoption.tool))},
                  {"from_table", adoption.table},
                  {"consistent", adoption.consistent()},
                  {"recorded", outcome.recorded_versions},
                  {"force_reason", nullable(outcome.force_reason)},
                  {"why_not", nullable(outcome.why_not)},
                  {"next", nullable(outcome.next)},
                  {"companion_note", nullable(outcome.companion_note)},
                  {"counts", counts},
                  {"migrations", migrations}});
  return dump_document(out);
}

}  // namespace pgapply::report
