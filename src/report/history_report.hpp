#pragma once

#include <string>
#include <vector>

#include "migrate/history_entry.hpp"
#include "report/paint.hpp"

namespace pgapply::report {

// What `pgapply history` prints: the rows of the ledger's history table,
// oldest first.
//   text: a table: at, version, event, by (user and client), reason or checksum;
//   json: {"format_version", "command": "history", "database", "ledger":
//         {"table"}, "events": [{id, version, event (snake_case: rolled_back),
//         at, by, client, checksum, reason, pgapply_version}],
//         "total_events"}
// `total`: the events there are, of which --limit showed `entries`.
// With `paint` on, the event cell is painted (applied, failed, rolled-back).
std::string render_history_text(const std::vector<migrate::HistoryEntry>& entries, std::size_t total,
                                const std::string& database, const std::string& ledger, Paint paint = {});
std::string render_history_json(const std::vector<migrate::HistoryEntry>& entries, std::size_t total,
                                const std::string& database, const std::string& ledger);

}  // namespace pgapply::report
