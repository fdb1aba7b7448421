#include "engine/foreign_ledger_reader.hpp"

#include <set>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "core/sql_template.hpp"
#include "engine/ledger_privileges.hpp"
#include "io/files.hpp"
#include "migrate/checksum.hpp"
#include "migrate/flyway_checksum.hpp"
#include "migrate/supabase_history.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"
#include "psql/variables.hpp"

namespace pgapply::engine {

namespace {

using migrate::ForeignTool;

std::string_view rows_sql(ForeignTool tool) {
  switch (tool) {
    case ForeignTool::flyway: return embedded_sql("foreign_flyway_rows.sql");
    case ForeignTool::dbmate: return embedded_sql("foreign_dbmate_rows.sql");
    case ForeignTool::golang_migrate: return embedded_sql("foreign_golang_migrate_rows.sql");
    case ForeignTool::goose: return embedded_sql("foreign_goose_rows.sql");
    case ForeignTool::supabase: return embedded_sql("foreign_supabase_rows.sql");
    case ForeignTool::sqitch: return embedded_sql("foreign_sqitch_rows.sql");
  }
  return "";
}

}  // namespace

pg::Connection::Query foreign_ledgers_query(const std::vector<ForeignLedgerTable>& wanted) {
  std::vector<std::string> names;
  for (const auto& table : wanted) {
    names.push_back(table.given.empty() ? std::string(migrate::default_foreign_table(table.tool)) : table.given);
  }
  return {std::string(embedded_sql("foreign_ledger_find.sql")), {migrate::text_array_literal(names)}};
}

std::vector<std::optional<ForeignLedgerTable>> find_foreign_ledgers(pg::Connection& connection,
                                                                   const std::vector<ForeignLedgerTable>& wanted) {
  const pg::Connection::Query query = foreign_ledgers_query(wanted);
  return take_foreign_ledgers(connection.exec_params(query.sql, query.params), wanted);
}

std::vector<std::optional<ForeignLedgerTable>> take_foreign_ledgers(const pg::Result& result,
                                                                   const std::vector<ForeignLedgerTable>& wanted) {
  std::vector<std::optional<ForeignLedgerTable>> found(wanted.size());
  const pg::Rows rows(result);
  for (const auto& row : rows) {
    const auto at = static_cast<std::size_t>(row.integer("position") - 1);
    ForeignLedgerTable table = wanted.at(at);
    table.schema = row.text("schema_name");
    table.table = row.text("table_name");
    table.has_dirty = row.flag("has_dirty");
    table.has_name_and_statements = row.flag("has_name_and_statements");
    table.outside_search_path = row.flag("outside_search_path");
    found[at] = std::move(table);
  }
  return found;
}

std::optional<ForeignLedgerTable> find_foreign_ledger(pg::Connection& connection, ForeignTool tool,
                                                      const std::string& table) {
  ForeignLedgerTable wanted;
  wanted.tool = tool;
  wanted.given = table;
  try {
    return find_foreign_ledgers(connection, {wanted}).front();
  } catch (const pg::ServerError& error) {
    // to_regclass rejects a malformed name ("a.b.c.d"), and a schema the
    // role may not use, with an error.
    const std::string name = table.empty() ? std::string(migrate::default_foreign_table(tool)) : table;
    throw Error(ErrorKind::usage, "--from-table " + name + ": " + error.what());
  }
}

std::optional<ForeignLedgerTable> find_companion_ledger(pg::Connection& connection, const LedgerName& name) {
  const auto tool = companion_tool(name.format);
  if (!tool) return std::nullopt;
  auto found = find_foreign_ledger(connection, *tool, name.quoted_companion());
  if (!found) return std::nullopt;
  // One name, two shapes: golang-migrate's schema_migrations has a dirty column, dbmate's has none.
  const bool other = *tool == ForeignTool::dbmate ? found->has_dirty
                     : *tool == ForeignTool::golang_migrate && !found->has_dirty;
  if (other) {
    const std::string fits = found->has_dirty ? "golang-migrate" : "dbmate";
    throw Error(ErrorKind::check, "--ledger-format " + std::string(to_string(name.format)) + ": " + found->shown() +
                                      (found->has_dirty ? " has a dirty column" : " has no dirty column") +
                                      ": it is " + fits + "'s ledger, not " + std::string(migrate::to_string(*tool)) +
                                      "'s (--ledger-format " + fits + " keeps it)");
  }
  return found;
}

std::vector<migrate::ForeignRow> read_foreign_rows(pg::Connection& connection, const ForeignLedgerTable& table) {
  const std::string tool(migrate::to_string(table.tool));
  const std::string sql =
      render_sql(rows_sql(table.tool), {{"table", quote_qualified_name(table.schema, table.table)}});
  pg::Result result;
  try {
    result = connection.exec(sql);
  } catch (const pg::ServerError& error) {
    if (pg::sqlstate::is_permission_denied(error.sqlstate)) {
      const std::string acting = acting_role(connection);
      const std::string role = quote_identifier(acting);
      throw Error(ErrorKind::check, "the role " + acting + " cannot read " + tool + "'s ledger " +
                                        table.shown() + " (" + error.message + "). Grant it, as that table's owner: " +
                                        "GRANT USAGE ON SCHEMA " + quote_identifier(table.schema) + " TO " + role +
                                        "; GRANT SELECT ON " + quote_qualified_name(table.schema, table.table) +
                                        " TO " + role + ";");
    }
    throw Error(ErrorKind::check, table.shown() + " does not read as " + tool + "'s ledger: " + error.what());
  }
  std::vector<migrate::ForeignRow> rows;
  for (const pg::Row row : pg::Rows(result)) {
    migrate::ForeignRow entry;
    entry.position = row.integer("position");
    entry.version = row.text("version");
    entry.description = row.text("description");
    entry.kind = row.text("kind");
    entry.script = row.text("script");
    entry.checksum = row.optional_integer("checksum");
    entry.applied_by = row.text("applied_by");
    entry.applied_at = row.text("applied_at");
    entry.failed = row.flag("failed");
    entry.applied = row.flag("applied");
    entry.script_hash = row.optional_text("script_hash");
    if (table.tool == migrate::ForeignTool::sqitch) entry.project = row.text("project");
    if (const auto statements = row.optional_text("statements")) {
      entry.statements = migrate::parse_text_array(*statements);
      if (!entry.statements) {
        throw Error(ErrorKind::check, table.shown() + ": the statements of version " + entry.version +
                                          " do not read as a text[] (" + *statements + ")");
      }
    }
    rows.push_back(std::move(entry));
  }
  return rows;
}

namespace {

// Every migration file, in version order, then the repeatable ones (from
// the discovery: a project loaded for its checksums only has no script for
// some), as `tool`'s rows are matched to them. Flyway's checksums and the
// Supabase CLI's statements (each file read again) only `with_checksums`:
// counting what the tool applied needs neither.
std::vector<migrate::AdoptionFile> adoption_files(const Project& project, ForeignTool tool, bool with_checksums) {
  std::vector<migrate::AdoptionFile> files;
  for (const auto* found : {&project.discovery.migrations, &project.discovery.repeatables}) {
    for (const migrate::MigrationFile& migration : *found) {
      migrate::AdoptionFile file;
      file.version = migrate::ledger_key(migration);
      file.file_name = migration.file_name;
      file.name = migration.name;
      file.repeatable = migrate::is_repeatable_key(file.version);
      // Flyway's checksum is of the file as Flyway reads it: the whole file;
      // the Supabase CLI's statements too, as it splits the file.
      if (with_checksums && tool == ForeignTool::flyway) {
        const std::string bytes = io::read_file(project.dir / migration.file_name);
        file.flyway_checksums = migrate::flyway_checksums(bytes);
        // A repeatable's, Flyway takes with its placeholders replaced (and
        // takes the file's as it is as equivalent, as older Flyways wrote it).
        if (file.repeatable) {
          const std::string replaced = psql::with_flyway_placeholders(bytes, project.variables, migration.file_name);
          if (replaced != bytes) {
            auto readings = migrate::flyway_checksums(replaced);
            file.flyway_checksums->insert(file.flyway_checksums->begin(), readings.begin(), readings.end());
          }
        }
      }
      if (with_checksums && tool == ForeignTool::sqitch) {
        file.sqitch_hash = migrate::sha1_hex(io::read_file(project.dir / migration.file_name));
      }
      if (with_checksums && tool == ForeignTool::supabase) {
        file.supabase_statements = migrate::supabase_statements(io::read_file(project.dir / migration.file_name));
      }
      files.push_back(std::move(file));
    }
    // goose's migrations in Go, among the versioned ones by version: goose applied them too.
    if (found == &project.discovery.migrations && tool == ForeignTool::goose) {
      for (const migrate::MigrationFile& migration : project.discovery.code_migrations) {
        migrate::AdoptionFile file;
        file.version = migration.version;
        file.file_name = migration.file_name;
        file.name = migration.name;
        files.push_back(std::move(file));
      }
      std::stable_sort(files.begin(), files.end(), [](const migrate::AdoptionFile& a, const migrate::AdoptionFile& b) {
        return migrate::compare_versions(a.version, b.version) < 0;
      });
    }
  }
  return files;
}

}  // namespace

migrate::Adoption read_adoption(pg::Connection& connection, const ForeignLedgerTable& table, const Project& project,
                                const std::vector<migrate::LedgerRow>& ledger,
                                const std::map<std::string, std::string>& taken_back) {
  std::set<std::string> recorded;
  for (const auto& row : ledger) recorded.insert(row.version);
  migrate::Adoption adoption = migrate::match_foreign_ledger(
      table.tool, read_foreign_rows(connection, table), adoption_files(project, table.tool, true), recorded, taken_back);
  adoption.table = table.shown();
  return adoption;
}

std::vector<ForeignLedgerTable> every_tool_ledger() {
  std::vector<ForeignLedgerTable> wanted;
  for (const ForeignTool tool : migrate::foreign_tools()) wanted.push_back(ForeignLedgerTable{tool, "", "", "", false});
  return wanted;
}

std::vector<ForeignLedgerFound> detect_foreign_ledgers(pg::Connection& connection, const Project& project,
                                                       const pg::Connection::Outcome* looked_up) {
  std::vector<ForeignLedgerFound> found;
  const std::vector<ForeignLedgerTable> wanted = every_tool_ledger();
  std::vector<std::optional<ForeignLedgerTable>> tables;
  try {
    tables = looked_up != nullptr && !looked_up->error ? take_foreign_ledgers(looked_up->result, wanted)
                                                       : find_foreign_ledgers(connection, wanted);
  } catch (const pg::ServerError&) {
    // A schema the role may not use (supabase_migrations, sqitch) fails the
    // lookup of all: one at a time then, passing over those.
    for (const auto& table : wanted) {
      try {
        tables.push_back(find_foreign_ledgers(connection, {table}).front());
      } catch (const pg::ServerError&) {
        tables.emplace_back();
      }
    }
  }
  for (auto& table : tables) {
    if (!table) continue;
    const ForeignTool tool = table->tool;
    // One schema_migrations: golang-migrate's or dbmate's, by its dirty column.
    if ((tool == ForeignTool::dbmate && table->has_dirty) || (tool == ForeignTool::golang_migrate && !table->has_dirty)) {
      continue;
    }
    try {
      ForeignLedgerFound entry{*table, 0, ""};
      const auto rows = read_foreign_rows(connection, *table);
      // Counted as baseline --from matches them: golang-migrate's one row
      // stands for every file up to its version, and goose's newest row of a
      // version decides. A Flyway checksum that differs still counts as
      // applied: the files are not read again for it (status loads once).
      const migrate::Adoption adoption =
          migrate::match_foreign_ledger(tool, rows, adoption_files(project, tool, false), {});
      entry.applied = adoption.applied_by_tool();
      entry.failed = adoption.count(migrate::AdoptionState::failed);
      entry.no_file = adoption.count(migrate::AdoptionState::no_file);
      // (not its NilVersion, -1: no version it is at)
      if (tool == ForeignTool::golang_migrate && !rows.empty() && rows.front().version.rfind('-', 0) != 0) {
        entry.version = rows.front().version;
      }
      // One search_path does not find is this project's ledger only when its every row has a file here (in a
      // database shared with another service, its billing.schema_migrations is not a ledger to adopt).
      if (table->outside_search_path && (entry.no_file > 0 || entry.applied == 0)) continue;
      if (entry.applied > 0 || entry.failed > 0) found.push_back(std::move(entry));
    } catch (const Error&) {
      // Not that tool's table after all, or not readable: not a ledger to adopt.
    }
  }
  return found;
}

}  // namespace pgapply::engine
