#include "engine/supabase_sync.hpp"

#include "engine/foreign_ledger_reader.hpp"
#include "engine/up_operation.hpp"
#include "migrate/foreign_ledger.hpp"

namespace pgapply::engine {

namespace {

const char* const reason = "applied by the Supabase CLI (supabase_migrations.schema_migrations)";

}  // namespace

std::vector<const MigrationScript*> applied_by_supabase_cli(pg::Connection& connection, const Project& project,
                                                            const std::vector<migrate::LedgerRow>& rows) {
  const auto table = find_foreign_ledger(connection, migrate::ForeignTool::supabase);
  if (!table) return {};
  const auto adoption = read_adoption(connection, *table, project, rows);
  std::vector<const MigrationScript*> scripts;
  for (const auto& entry : adoption.entries) {
    if (entry.state == migrate::AdoptionState::matched) scripts.push_back(project.find(entry.version));
  }
  return scripts;
}

std::vector<std::string> record_supabase_cli_migrations(LedgerSession& session, const Project& project) {
  const auto scripts = applied_by_supabase_cli(session.connection(), project, session.ledger().rows());
  std::vector<std::string> names;
  if (scripts.empty()) return names;
  session.ledger().ensure_current();
  const LedgerProtocol& protocol = session.ledger().protocol();
  std::vector<SqlCall> calls;
  for (const MigrationScript* script : scripts) {
    LedgerEntry entry = ledger_entry(*script, "baseline");
    entry.source = "supabase";
    entry.reason = reason;
    calls.push_back(protocol.applied(entry));
    names.push_back(script->file.file_name);
  }
  session.ledger().run_in_transaction(calls);
  return names;
}

std::vector<migrate::LedgerRow> supabase_cli_rows(pg::Connection& connection, const Project& project,
                                                  const std::vector<migrate::LedgerRow>& rows) {
  std::vector<migrate::LedgerRow> added;
  for (const MigrationScript* script : applied_by_supabase_cli(connection, project, rows)) {
    migrate::LedgerRow row;
    row.version = script->file.version;
    row.name = script->file.name;
    row.file_name = script->file.file_name;
    // (A project loaded ProjectLoad::checksums_only did not load a file psql
    // finds nothing to interpret in: its checksum is in `checksums`, and it
    // is loaded here for its statement count.)
    row.checksum = project.checksums.at(script->file.version);
    row.method = "baseline";
    row.source = "supabase";
    const bool loaded = !script->analysis().checksum.empty();
    row.statements =
        static_cast<int>(loaded ? script->loaded.statements() : project.load_up(script->file).statements());
    row.statements_done = row.statements;
    added.push_back(std::move(row));
  }
  return added;
}

}  // namespace pgapply::engine
