#include "engine/operations/history_operation.hpp"

#include "core/embedded_sql.hpp"
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
  const LedgerName& name = session.ledger().name();
  const std::string sql = render_sql(embedded_sql("history_rows.sql"), {{"history", name.quoted_history()}});
  const auto rows = session.ledger().read(
      sql, {options.version, options.limit ? std::optional<std::string>(std::to_string(*options.limit)) : std::nullopt});
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
    result.entries.push_back(std::move(entry));
  }
  return result;
}

}  // namespace

HistoryResult run_history(const HistoryOptions& options, RunOutput& output) {
  return explaining_lock_timeouts(options.context, "", "", [&] { return history_unguarded(options, output); });
}

}  // namespace pgapply::engine
