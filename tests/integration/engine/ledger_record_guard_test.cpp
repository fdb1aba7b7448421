// The ledger's record checks, inside the statement that writes the row, that
// the file ran in the transaction pgapply began for it (pgapply.started, set
// by start_clock, is transaction-local). The runner refuses every COMMIT it
// can see before the server gets it (left out, \gexec's, a joined one), so
// no file can reach this check through up: the statements are run here as
// they would be after a file had committed its transaction itself.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/ledger_protocol.hpp"
#include "pg/connection.hpp"
#include "pg/server_error.hpp"
#include "support/test_database.hpp"

using namespace pgapply;
using namespace pgapply::engine;
using pgapply::test::TestDatabase;

namespace {

void run_calls(pg::Connection& connection, const std::vector<SqlCall>& calls) {
  for (const SqlCall& call : calls) connection.exec_params(call.sql, call.values());
}

LedgerEntry entry_of(const std::string& version, bool new_row, bool in_file_transaction) {
  LedgerEntry entry;
  entry.version = version;
  entry.name = "m" + version;
  entry.file_name = version + "_m" + version + ".sql";
  entry.checksum = "c" + version;
  entry.statements = 1;
  entry.new_row = new_row;
  entry.in_file_transaction = in_file_transaction;
  return entry;
}

// The record's error (SQLSTATE and message), or "" when it was written.
std::string record_error(pg::Connection& connection, const LedgerProtocol& protocol, const LedgerEntry& entry) {
  try {
    run_calls(connection, protocol.applied(entry));
  } catch (const pg::ServerError& error) {
    return error.sqlstate + " " + error.what();
  }
  return "";
}

std::string count(pg::Connection& connection, const std::string& sql) {
  return connection.exec(sql).value_or(0, 0, "NULL");
}

}  // namespace

TEST_CASE("the ledger's record refuses a file recorded outside the transaction pgapply began for it") {
  TestDatabase db;
  auto connection = pg::Connection::open(db.conninfo());
  LedgerName name;
  name.schema = "public";
  name.table = "pgapply_migrations";
  const LedgerProtocol protocol(name);
  for (const SqlCall& call : protocol.create()) connection.exec(call.sql);  // no parameters; several statements
  // 22P02 invalid_text_representation: the one error plain SQL can raise with a message of its own.
  const std::string refused =
      "22P02 invalid input syntax for type numeric: \"pgapply: the file ended the transaction pgapply runs it in";

  // No clock: the file's own COMMIT ended the transaction that set it. Up's
  // plain insert (a version without a row) and the upsert (after a failed
  // run, and in the dry-run script) both refuse, and write nothing.
  CHECK(record_error(connection, protocol, entry_of("1", true, true)).rfind(refused, 0) == 0);
  connection.exec("INSERT INTO pgapply_migrations (version, name, file_name, checksum, state, pgapply_version) "
                  "VALUES ('2', 'm2', '2_m2.sql', 'old', 'failed', 'test')");
  CHECK(record_error(connection, protocol, entry_of("2", false, true)).rfind(refused, 0) == 0);
  CHECK(count(connection, "SELECT string_agg(version || ' ' || state, ',') FROM pgapply_migrations") == "2 failed");
  CHECK(count(connection, "SELECT count(*) FROM pgapply_migrations_history") == "0");

  // In the file's transaction, after the clock: recorded, with the server's duration.
  connection.exec("BEGIN");
  run_calls(connection, {LedgerProtocol::start_clock()});
  CHECK(record_error(connection, protocol, entry_of("1", true, true)).empty());
  CHECK(record_error(connection, protocol, entry_of("2", false, true)).empty());
  connection.exec("COMMIT");
  CHECK(count(connection, "SELECT string_agg(version || ' ' || state || ' ' || (duration_ms IS NOT NULL), ',' "
                          "ORDER BY version) FROM pgapply_migrations") == "1 applied true,2 applied true");

  // A record made outside any file's transaction (baseline, repair): no
  // clock to measure from, and nothing to refuse.
  CHECK(record_error(connection, protocol, entry_of("3", false, false)).empty());
  CHECK(count(connection, "SELECT coalesce(duration_ms::text, 'NULL') FROM pgapply_migrations WHERE version = '3'") ==
        "NULL");
  CHECK(count(connection, "SELECT count(*) FROM pgapply_migrations_history") == "3");
}
