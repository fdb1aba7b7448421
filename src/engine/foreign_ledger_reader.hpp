#pragma once

// Reads other migration tools' ledgers (migrate/foreign_ledger.hpp) on a
// connection: for `baseline --from`, and for up and status, which look for
// them when pgapply's own ledger is empty.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/ledger_protocol.hpp"
#include "engine/project.hpp"
#include "migrate/foreign_ledger.hpp"
#include "migrate/ledger_row.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// A foreign ledger table that exists.
struct ForeignLedgerTable {
  migrate::ForeignTool tool = migrate::ForeignTool::flyway;
  std::string schema;
  std::string table;
  std::string given;  // as --from-table named it ("" for the tool's default)
  bool has_dirty = false;
  // Columns name and statements (the Supabase CLI's table has them since mid-2023)
  bool has_name_and_statements = false;
  // Found in the one schema that has a table of its name, not through
  // search_path: another service's ledger, perhaps (detect_foreign_ledgers).
  bool outside_search_path = false;

  std::string shown() const { return schema + "." + table; }
};

// The tool's table (`table`, else its default), resolved as the tool finds
// it; nullopt when there is none. Error(usage) naming it when the server
// refuses the name.
std::optional<ForeignLedgerTable> find_foreign_ledger(pg::Connection& connection, migrate::ForeignTool tool,
                                                      const std::string& table = "");

// Several at once, in one round trip: for each of `wanted` (its tool, and
// `given` or "" for the tool's default), the table that exists, else nullopt.
// Throws pg::ServerError when a name is malformed or names a schema the role
// may not use (to_regclass).
std::vector<std::optional<ForeignLedgerTable>> find_foreign_ledgers(pg::Connection& connection,
                                                                   const std::vector<ForeignLedgerTable>& wanted);
// find_foreign_ledgers in two halves, for a read sent with others.
pg::Connection::Query foreign_ledgers_query(const std::vector<ForeignLedgerTable>& wanted);
std::vector<std::optional<ForeignLedgerTable>> take_foreign_ledgers(const pg::Result& result,
                                                                   const std::vector<ForeignLedgerTable>& wanted);

// --ledger-format: the companion ledger (LedgerName::quoted_companion) that
// exists; nullopt for none (or pgapply's format). A schema_migrations of the
// other shape (golang-migrate's has a dirty column, dbmate's none) is an
// Error(check) naming the format that fits it.
std::optional<ForeignLedgerTable> find_companion_ledger(pg::Connection& connection, const LedgerName& name);

// Every row. Throws Error(check) when the table does not read as that
// tool's ledger (naming the table, the tool and what the server said).
// golang-migrate's table reads as dbmate's too: callers tell the two apart by
// has_dirty (baseline --from refuses the wrong one, naming the right command).
std::vector<migrate::ForeignRow> read_foreign_rows(pg::Connection& connection, const ForeignLedgerTable& table);

// The table's rows matched to the project's files (migrate::match_foreign_ledger;
// Flyway's checksums computed from the files as Flyway reads them), the
// versions of `ledger` (pgapply's rows) already recorded, `taken_back` as
// match_foreign_ledger reads it. Throws as read_foreign_rows does.
migrate::Adoption read_adoption(pg::Connection& connection, const ForeignLedgerTable& table, const Project& project,
                                const std::vector<migrate::LedgerRow>& ledger,
                                const std::map<std::string, std::string>& taken_back = {});

// A foreign ledger that records something applied, for up and status.
struct ForeignLedgerFound {
  ForeignLedgerTable table;
  // The migrations it records as applied, matched to the project's files as
  // baseline --from matches them (migrate::Adoption::applied_by_tool): what
  // baseline --from would record, and the rows without a file.
  std::size_t applied = 0;
  std::string version;  // golang-migrate: the one version its row holds; "" for the other tools
  // Its rows of a failed run (Flyway's success = false) or left dirty
  // (golang-migrate): a ledger of only those is a ledger all the same.
  std::size_t failed = 0;
  std::size_t no_file = 0;  // of `applied`, those whose file the project lacks
};

// Every tool's default table that exists and records something applied or failed
// (schema_migrations is golang-migrate's when it has a dirty column, else
// dbmate's), read against the project's files. Tables pgapply may not read
// are passed over.
// `looked_up`: the answer to foreign_ledgers_query(every_tool_ledger()),
// when it was sent with other reads (a failed one is asked again, tool by tool).
std::vector<ForeignLedgerFound> detect_foreign_ledgers(pg::Connection& connection, const Project& project,
                                                       const pg::Connection::Outcome* looked_up = nullptr);
// What detect_foreign_ledgers looks for: every tool's default table.
std::vector<ForeignLedgerTable> every_tool_ledger();

}  // namespace pgapply::engine
