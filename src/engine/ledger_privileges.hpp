#pragma once

// Whether the connecting role can do with the ledger what `up` does, asked
// of the catalog without touching the ledger: for preflight, which reports a
// missing privilege as a finding (naming the role, the table and the GRANT),
// and for up and down, which refuse to start without them.

#include <string>

#include "engine/ledger_protocol.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

struct LedgerPrivileges {
  std::string role;
  std::string database;
  bool schema_exists = false;
  bool schema_usage = false;
  bool schema_create = false;
  bool database_create = false;
  bool ledger_exists = false;
  bool ledger_read = false;
  bool ledger_write = false;  // INSERT, UPDATE and DELETE
  bool history_exists = false;
  bool history_write = false;  // SELECT and INSERT
  bool sequence_usage = false;
  // The --ledger-format's table (none without one, or not made yet).
  bool companion_exists = false;
  bool companion_schema_usage = false;
  bool companion_select = false;
  bool companion_insert = false;
  bool companion_update = false;
  bool companion_delete = false;

  // The ledger exists and the role may read it (status, preflight).
  bool can_read() const { return ledger_exists && schema_usage && ledger_read; }
};

LedgerPrivileges read_ledger_privileges(pg::Connection& connection, const LedgerName& name);

// The role whose privileges the session's statements are checked against
// (current_user: the one of a connection's options=-c role=..., not the
// login role under it), for a GRANT hint after a permission error; the
// login role if the session cannot say (an aborted transaction).
std::string acting_role(pg::Connection& connection);
// read_ledger_privileges in two halves, for a read sent with others.
pg::Connection::Query ledger_privileges_query(const LedgerName& name);
LedgerPrivileges take_ledger_privileges(const pg::Result& result);

// What keeps `command` (up, down) from using the ledger, in one sentence
// that names the role, the table and the GRANT (or the --ledger) that fixes
// it; "" when nothing does.
std::string ledger_privilege_problem(const LedgerPrivileges& privileges, const LedgerName& name,
                                     const std::string& command = "up");

// Before `command` runs anything: throws Error(check) with "<nothing_done>:
// <the problem>" when ledger_privilege_problem finds one. Else the first
// ledger write would fail with a bare "permission denied", after a
// statement-by-statement file's first write, and the run's account of what
// took effect would be wrong.
void refuse_without_ledger_privileges(pg::Connection& connection, const LedgerName& name, const std::string& command,
                                      const std::string& nothing_done);
// The same with the privileges read already.
void refuse_without_ledger_privileges(const LedgerPrivileges& privileges, const LedgerName& name,
                                      const std::string& command, const std::string& nothing_done);

}  // namespace pgapply::engine
