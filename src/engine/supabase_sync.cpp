#include "engine/supabase_sync.hpp"

#include "engine/foreign_ledger_reader.hpp"
#include "engine/up_operation.hpp"
#include "migrate/foreign_ledger.hpp"

namespace pgapply::engine {

namespace {

const char* const reason = "applied by the Supabase CLI (supabase_migrations.schema_migrations)";

}  // namespace

std::vector<std::string> applied_by_supabase_cli(pg::Connection& connection, const Project& project,
                                                 const std::vector<migrate::LedgerRow>& rows) {
  const auto table = find_foreign_ledger(connection, migrate::ForeignTool::supabase);
  if (!table) return {};
  const auto adoption = read_adoption(connection, *table, project, rows);
  std::vector<std::string> versions;
  for (const auto& entry : adoption.entries) {
    if (entry.state == migrate::AdoptionState::matched) versions.push_back(entry.version);
  }
  return versions;
}

std::vector<std::string> record_supabase_cli_migrations(LedgerSession& session, const Project& project) {
  const auto versions = applied_by_supabase_cli(session.connection(), project, session.ledger().rows());
  std::vector<std::string> names;
  if (versions.empty()) return names;
  session.ledger().ensure_current();
  const LedgerProtocol& protocol = session.ledger().protocol();
  std::vector<SqlCall> calls;
  for (const std::string& version : versions) {
    const MigrationScript& script = *project.find(version);  // `up` loads every file
    LedgerEntry entry = ledger_entry(script, "baseline");
    entry.source = "supabase";
    entry.reason = reason;
    calls.push_back(protocol.applied(entry));
    names.push_back(script.file.file_name);
  }
  session.ledger().run_in_transaction(calls);
  return names;
}

std::vector<migrate::LedgerRow> supabase_cli_rows(pg::Connection& connection, const Project& project,
                                                  const std::vector<migrate::LedgerRow>& rows) {
  std::vector<migrate::LedgerRow> added;
  for (const std::string& version : applied_by_supabase_cli(connection, project, rows)) {
    // (A project loaded ProjectLoad::checksums_only has no script for a file
    // psql finds nothing to interpret in: its checksum is in `checksums`, and
    // it is loaded here for its statement count.)
    const migrate::MigrationFile& file = *project.discovery.find(version);  // the CLI has no repeatables
    const MigrationScript* script = project.find(version);
    migrate::LedgerRow row;
    row.version = file.version;
    row.name = file.name;
    row.file_name = file.file_name;
    row.checksum = project.checksums.at(version);
    row.method = "baseline";
    row.source = "supabase";
    row.statements = static_cast<int>(script ? script->loaded.statements() : project.load_up(file).statements());
    row.statements_done = row.statements;
    added.push_back(std::move(row));
  }
  return added;
}

}  // namespace pgapply::engine
