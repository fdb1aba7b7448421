#include "engine/ledger_privileges.hpp"

#include <map>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "engine/ledger.hpp"
#include "migrate/companion_row.hpp"
#include "pg/rows.hpp"
#include "report/text_table.hpp"

namespace pgapply::engine {

pg::Connection::Query ledger_privileges_query(const LedgerName& name) {
  std::optional<std::string> companion_schema;
  std::optional<std::string> companion_table;
  if (companion_tool(name.format)) {
    companion_schema = name.companion_schema_name();
    companion_table = "schema_migrations";
  }
  return {std::string(embedded_sql("ledger_privileges.sql")),
          {name.schema, name.table, name.table + "_history", name.table + "_history_id_seq", companion_schema,
           companion_table}};
}

LedgerPrivileges read_ledger_privileges(pg::Connection& connection, const LedgerName& name) {
  const pg::Connection::Query query = ledger_privileges_query(name);
  return take_ledger_privileges(connection.exec_params(query.sql, query.params));
}

LedgerPrivileges take_ledger_privileges(const pg::Result& result) {
  const pg::Rows rows(result);
  const pg::Row row = rows[0];
  LedgerPrivileges out;
  out.role = row.text("role_name");
  out.database = row.text("database_name");
  out.schema_exists = row.flag("schema_exists");
  out.schema_usage = row.flag("schema_usage");
  out.schema_create = row.flag("schema_create");
  out.database_create = row.flag("database_create");
  out.ledger_exists = row.flag("ledger_exists");
  out.ledger_read = row.flag("ledger_read");
  out.ledger_write = row.flag("ledger_write");
  out.history_exists = row.flag("history_exists");
  out.history_write = row.flag("history_write");
  out.sequence_usage = row.flag("sequence_usage");
  out.companion_exists = row.flag("companion_exists");
  out.companion_schema_usage = row.flag("companion_schema_usage");
  out.companion_select = row.flag("companion_select");
  out.companion_insert = row.flag("companion_insert");
  out.companion_update = row.flag("companion_update");
  out.companion_delete = row.flag("companion_delete");
  return out;
}

namespace {

// What keeps `command` from using pgapply's own two tables.
std::string own_ledger_problem(const LedgerPrivileges& p, const LedgerName& name, const std::string& command) {
  const std::string role = quote_identifier(p.role);
  const std::string schema = quote_identifier(name.schema);
  const std::string who = "the role " + p.role + " ";
  if (p.ledger_exists) {
    const std::string grant = ". Grant it, as the ledger's owner: " + ledger_grants(name, p.role);
    if (!p.schema_usage || !p.ledger_read) {
      return who + "cannot read the ledger " + name.shown() + " (no " +
             (p.schema_usage ? "SELECT on it" : "USAGE on the schema " + name.schema) +
             "): up, status and preflight cannot tell which migrations are applied (preflight takes every one as "
             "pending)" + grant;
    }
    if (!p.ledger_write || (p.history_exists && (!p.history_write || !p.sequence_usage))) {
      std::string lacks = !p.ledger_write ? "INSERT, UPDATE or DELETE on it"
                          : !p.history_write ? "INSERT on " + name.shown() + "_history"
                                             : "USAGE on the sequence " + name.schema + "." + name.table + "_history_id_seq";
      return who + "cannot write the ledger " + name.shown() + " (no " + lacks +
             "): " + command + " would fail before its first migration" + grant;
    }
    return "";
  }
  if (!p.schema_exists) {
    if (p.database_create) return "";
    return who + "cannot create the ledger " + name.shown() + " (its schema " + name.schema +
           " does not exist and the role has no CREATE on the database " + p.database +
           "): " + command + " would fail before its first migration. Grant it, as the database's owner: GRANT CREATE ON DATABASE " +
           quote_identifier(p.database) + " TO " + role + "; or name the ledger in a schema the role may create in (--ledger SCHEMA.TABLE)";
  }
  if (p.schema_usage && p.schema_create) return "";
  return who + "cannot create the ledger " + name.shown() + " (no " + (p.schema_usage ? "CREATE" : "USAGE and CREATE") +
         " on the schema " + name.schema + "): " + command +
         " would fail before its first migration. Grant it, as the schema's owner: "
         "GRANT " + (p.schema_usage ? "CREATE" : "USAGE, CREATE") + " ON SCHEMA " + schema + " TO " + role +
         "; or name the ledger in a schema the role may create in (--ledger SCHEMA.TABLE)";
}

// What keeps `command` from writing the --ledger-format's table, which each
// migration's transaction writes with pgapply's ledger: without this check
// a file run statement by statement took effect before its record failed.
std::string companion_problem(const LedgerPrivileges& p, const LedgerName& name, const std::string& command) {
  const auto tool = companion_tool(name.format);
  if (!tool || !p.companion_exists) return "";  // (made with the ledger when missing)
  std::vector<std::string> lacks;
  if (!p.companion_schema_usage) lacks.push_back("USAGE on its schema");
  const std::map<std::string, bool> has = {{"SELECT", p.companion_select},
                                           {"INSERT", p.companion_insert},
                                           {"UPDATE", p.companion_update},
                                           {"DELETE", p.companion_delete}};
  for (const auto& privilege : companion_privileges(*tool)) {
    if (!has.at(privilege)) lacks.push_back(privilege);
  }
  if (lacks.empty()) return "";
  return "the role " + p.role + " cannot write " + migrate::companion_tool_name(*tool) + "'s table " +
         name.quoted_companion() + ", which --ledger-format " + std::string(to_string(name.format)) +
         " keeps in step with the ledger (it lacks " + report::joined(lacks, ", ") + "): " + command +
         " would fail when it first writes it. Grant it, as that table's owner: " +
         companion_grants(name, p.role);
}

}  // namespace

std::string ledger_privilege_problem(const LedgerPrivileges& p, const LedgerName& name, const std::string& command) {
  std::string problem = own_ledger_problem(p, name, command);
  return problem.empty() ? companion_problem(p, name, command) : problem;
}

std::string acting_role(pg::Connection& connection) {
  try {
    return connection.exec("SELECT current_user::text").value_or(0, 0, connection.user());
  } catch (const std::exception&) {
    return connection.user();
  }
}

void refuse_without_ledger_privileges(pg::Connection& connection, const LedgerName& name, const std::string& command,
                                      const std::string& nothing_done) {
  refuse_without_ledger_privileges(read_ledger_privileges(connection, name), name, command, nothing_done);
}

void refuse_without_ledger_privileges(const LedgerPrivileges& privileges, const LedgerName& name,
                                      const std::string& command, const std::string& nothing_done) {
  const std::string problem = ledger_privilege_problem(privileges, name, command);
  if (!problem.empty()) throw Error(ErrorKind::check, nothing_done + ": " + problem);
}

}  // namespace pgapply::engine
