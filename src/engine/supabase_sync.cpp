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
    added.push_back(ledger_row(*script, "baseline", "supabase"));
  }
  return added;
}

}  // namespace pgapply::engine
