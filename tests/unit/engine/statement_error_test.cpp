#include "engine/statement_error.hpp"

#include <doctest/doctest.h>

using namespace pgapply;

TEST_CASE("statement error: a file's statement at FILE:LINE, pgapply's own statement of the file by what it is") {
  ServerMessage message;
  message.message = "canceling statement due to lock timeout";
  message.sqlstate = "55P03";
  const engine::StatementError statement("report", message, "m/002_b.sql", 3, 2);
  CHECK(statement.where() == "m/002_b.sql:3");
  CHECK(statement.summary() == "m/002_b.sql:3: canceling statement due to lock timeout (SQLSTATE 55P03)");
  // the ledger's record has no line in the file (a hunt saw "m/002_b.sql:0:" in the retry's warning)
  engine::StatementError record("report", message, "m/002_b.sql", 0, 0);
  record.internal_what = "the ledger's record";
  CHECK(record.where() == "m/002_b.sql (at the ledger's record)");
  CHECK(record.ledger_text() == "m/002_b.sql (at the ledger's record): canceling statement due to lock timeout "
                                "(SQLSTATE 55P03)");
}
