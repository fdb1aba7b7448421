#include "engine/operations/history_operation.hpp"

#include "engine/ledger_session.hpp"
#include "engine/lock_blockers.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

HistoryResult history_unguarded(const HistoryOptions& options, RunOutput& output) {
  LedgerSession session(options.context, output, LedgerAccess::read);
  HistoryResult result;
  result.database = session.connected().target;
  result.ledger = session.ledger().name().shown();
  if (!session.ledger().exists()) return result;
  const SqlCall call = session.ledger().protocol().history_rows(
      options.version, options.limit ? SqlParam(std::to_string(*options.limit)) : SqlParam());
  const auto rows = session.ledger().read(call.sql, call.values());
  for (const pg::Row row : pg::Rows(rows)) {
    migrate::HistoryEntry entry;
    entry.id = row.integer("id");
    entry.version = row.text("version");
    entry.event = row.text("event");
    entry.at = row.text("at");
    entry.by_user = row.text("by_user");
    entry.client = row.text("client");
    entry.checksum = row.text("checksum");
    entry.reason = row.text("reason");
    entry.pgapply_version = row.text("pgapply_version");
    result.total = static_cast<std::size_t>(row.integer("total"));
    result.entries.push_back(std::move(entry));
  }
  return result;
}

}  // namespace

HistoryResult run_history(const HistoryOptions& options, RunOutput& output) {
  return explaining_lock_timeouts(options.context, "", "", [&] { return history_unguarded(options, output); });
}

}  // namespace pgapply::engine
