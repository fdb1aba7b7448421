#pragma once

// One row of the ledger's history table (sql/ledger_create.sql,
// <ledger>_history): what pgapply did to the ledger, for `pgapply history`.
// Plain data: the engine reads the rows, report/history_report renders them.

#include <cstdint>
#include <string>

namespace pgapply::migrate {

struct HistoryEntry {
  std::int64_t id = 0;
  std::string version;    // canonical
  std::string event;      // as recorded: applied, failed, rolled_back, baseline, repair_..., ...
  std::string at;         // timestamptz as text (ISO 8601)
  std::string by_user;    // current_user
  std::string client;     // OS user@host; empty when NULL
  std::string checksum;   // empty when NULL
  std::string reason;     // empty when NULL
  std::string pgapply_version;
};

}  // namespace pgapply::migrate
