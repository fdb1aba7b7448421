#include "report/baseline_report.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/plural.hpp"
#include "report/json_document.hpp"
#include "report/json_identifiers.hpp"

#include "report/text_table.hpp"

namespace pgapply::report {

namespace {

using schema::BaselineDecision;

// The decision, in capitals where detection stopped.
std::string decision_text(BaselineDecision decision) {
  const std::string_view text = schema::to_string(decision);
  const bool stopped = decision == BaselineDecision::not_there || decision == BaselineDecision::nothing_to_check;
  return stopped ? upper(text) : std::string(text);
}

Tone decision_tone(BaselineDecision decision) {
  switch (decision) {
    case BaselineDecision::proposed:
    case BaselineDecision::requested: return Tone::good;
    case BaselineDecision::not_there:
    case BaselineDecision::nothing_to_check: return Tone::attention;
    case BaselineDecision::not_considered: return Tone::faint;
  }
  return Tone::faint;
}

}  // namespace

std::string render_baseline_text(const schema::BaselineResult& result, Paint paint, const std::string& record_command) {
  std::string out;
  const std::size_t total = result.entries.size();
  if (result.versions.empty()) {
    out += "Baseline: NOTHING to propose";
  } else {
    out += "Baseline: propose " + joined(result.versions, ", ") + " (" + std::to_string(result.versions.size()) +
           " of " + plural(total, "migration") + ") as applied";
  }
  out += result.stopped_at.empty() ? ".\n" : "; stopped at " + result.stopped_at + ".\n";

  std::size_t decision_width = 0;
  std::size_t file_width = 0;
  for (const auto& entry : result.entries) {
    decision_width = std::max(decision_width, decision_text(entry.decision).size());
    file_width = std::max(file_width, entry.file_name.size());
  }
  out += '\n';
  for (const auto& entry : result.entries) {
    std::string line = "  " + paint(decision_tone(entry.decision), decision_text(entry.decision));
    line.append(decision_width - decision_text(entry.decision).size() + 2, ' ');
    line += entry.file_name;
    if (entry.decision != BaselineDecision::not_considered) {
      line.append(file_width - entry.file_name.size() + 2, ' ');
      line += entry.reason;
    }
    out += line + "\n";
    const std::string indent(decision_width + 6, ' ');
    for (const auto& problem : entry.problems) out += indent + problem + "\n";
    for (const auto& note : entry.notes) out += indent + "not checked: " + note + "\n";
  }
  if (!record_command.empty() && !result.versions.empty()) {
    out += "\nDry run: nothing recorded.\nNext: record " + plural(result.versions.size(), "migration") +
           " as applied: " + record_command;
    out += result.suggestion.empty() ? ".\n" : "; " + result.suggestion + ".\n";
  } else if (!result.suggestion.empty()) {
    out += "\nNext: " + result.suggestion + ".\n";
  }
  return out;
}

std::string render_baseline_json(const schema::BaselineResult& result, const BaselineDocument& about) {
  nlohmann::ordered_json migrations = nlohmann::ordered_json::array();
  for (const auto& entry : result.entries) {
    migrations.push_back({{"version", entry.version},
                          {"file", entry.file_name},
                          {"decision", identifier(entry.decision)},
                          {"objects_checked", entry.checked},
                          {"not_compared", entry.not_compared},
                          {"reason", entry.reason},
                          {"problems", entry.problems},
                          {"notes", entry.notes}});
  }
  nlohmann::ordered_json out = json_document("baseline");
  out.update(nlohmann::ordered_json{
      {"database", about.database},
      {"ledger", ledger_json(about.ledger)},
      {"versions", result.versions},
      {"stopped_at", result.stopped_at.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(result.stopped_at)},
      {"suggestion", result.suggestion},
      {"recorded", about.recorded},
      {"migrations", migrations}});
  return dump_document(out);
}

}  // namespace pgapply::report
