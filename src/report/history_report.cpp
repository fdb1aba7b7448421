#include "report/history_report.hpp"

#include <algorithm>

#include "core/plural.hpp"
#include "report/json_document.hpp"
#include "report/json_identifiers.hpp"
#include "report/text_table.hpp"

namespace pgapply::report {

namespace {

std::string event_cell(const std::string& event, Paint paint) {
  if (event == "applied") return paint(Tone::good, event);
  if (event == "failed") return paint(Tone::bad, event);
  if (event == "rolled-back") return paint(Tone::attention, event);
  return event;
}

}  // namespace

std::string render_history_text(const std::vector<migrate::HistoryEntry>& entries, std::size_t total,
                                const std::string& database, const std::string& ledger, Paint paint) {
  std::string out = "History of ledger " + ledger + " in " + database + "\n";
  if (entries.empty()) return out + "No events.\n";
  TextTable table({"at", "version", "event", "by", "reason"});
  for (const auto& entry : entries) {
    std::string by = entry.by_user;
    if (!entry.client.empty()) by += " (" + entry.client + ")";
    std::string why = entry.reason;
    if (why.empty() && !entry.checksum.empty()) why = "checksum " + entry.checksum.substr(0, 12) + "...";
    table.add({entry.at, entry.version, event_cell(entry.event, paint), by, why});
  }
  out += "\n" + table.render("  ") + "\n";
  if (total > entries.size()) {
    return out + "The newest " + std::to_string(entries.size()) + " of " + plural(total, "event") + " (--limit).\n";
  }
  return out + plural(entries.size(), "event") + ".\n";
}

std::string render_history_json(const std::vector<migrate::HistoryEntry>& entries, std::size_t total,
                                const std::string& database, const std::string& ledger) {
  Json events = Json::array();
  for (const auto& entry : entries) {
    events.push_back({{"id", entry.id},
                      {"version", entry.version},
                      {"event", snake_case(entry.event)},
                      {"at", entry.at},
                      {"by", entry.by_user},
                      {"client", text_or_null(entry.client)},
                      {"checksum", text_or_null(entry.checksum)},
                      {"reason", text_or_null(entry.reason)},
                      {"pgapply_version", entry.pgapply_version}});
  }
  Json out = json_document("history");
  out["database"] = database;
  out["ledger"] = ledger_json(ledger);
  out["events"] = events;
  out["total_events"] = std::max(total, entries.size());
  return dump_document(out);
}

}  // namespace pgapply::report
