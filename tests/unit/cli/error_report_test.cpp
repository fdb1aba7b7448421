// Errors as the JSON "error" object describes them.
#include "cli/error_report.hpp"

#include <doctest/doctest.h>

#include "core/blocking_session.hpp"
#include "core/error.hpp"
#include "engine/statement_error.hpp"

using namespace pgapply;
using namespace pgapply::cli;

TEST_CASE("a located error gives its file, line and column, the message loses its labels") {
  const auto described = describe_error(located_input_error("migrations/002_x.sql:4:7: error: unknown meta-command \\x"));
  CHECK(described.kind == "input");
  CHECK(described.exit_status == 1);
  CHECK(described.file == "migrations/002_x.sql");
  CHECK(described.line == 4);
  CHECK(described.column == 7);
  CHECK(described.message == "unknown meta-command \\x");
  CHECK(described.sqlstate.empty());
}

TEST_CASE("a failed statement gives its SQLSTATE and exit status 3") {
  ServerMessage server;
  server.severity = "ERROR";
  server.sqlstate = "42703";
  server.message = "column \"nme\" does not exist";
  const engine::StatementError error("migrations/003_y.sql:2:8: ERROR:  column \"nme\" does not exist\nHINT: ...",
                                     server, "migrations/003_y.sql", 2, 2);
  const auto described = describe_error(error);
  CHECK(described.kind == "sql");
  CHECK(described.exit_status == 3);
  CHECK(described.file == "migrations/003_y.sql");
  CHECK(described.line == 2);
  CHECK(described.column == 8);
  CHECK(described.sqlstate == "42703");
  CHECK(described.message == "column \"nme\" does not exist");
  CHECK(described.text.find("HINT") != std::string::npos);
}

TEST_CASE("pgapply's own statement waiting past lock_timeout gives exit 5, its SQLSTATE and whom it waited for") {
  BlockingSession holder;
  holder.pid = 42;
  holder.locks = "pgapply_migrations (AccessExclusiveLock)";
  const auto described = describe_error(LockWaitError("a statement of pgapply's own ... waited", "55P03", {holder}));
  CHECK(described.kind == "lock");
  CHECK(described.exit_status == 5);
  CHECK(described.sqlstate == "55P03");
  REQUIRE(described.blocking_sessions.size() == 1);
  CHECK(described.blocking_sessions[0].pid == 42);
}

TEST_CASE("other errors: kind and exit status by kind, anything else is internal, 70") {
  CHECK(describe_error(Error(ErrorKind::lock, "lock held by pid 7")).exit_status == 5);
  CHECK(describe_error(Error(ErrorKind::connection, "no server")).kind == "connection");
  const auto internal = describe_error(std::runtime_error("boom"));
  CHECK(internal.kind == "internal");
  CHECK(internal.exit_status == 70);
  CHECK(internal.message == "internal error: boom");
}

TEST_CASE("a message whose first line introduces a list carries the list on one line") {
  const auto described = describe_error(Error(ErrorKind::input,
                                              "cannot roll back: nothing was rolled back:\n  - 007_a.sql: no down file\n"
                                              "  - 008_b.sql: no down file\nmore text"));
  CHECK(described.message == "cannot roll back: nothing was rolled back: 007_a.sql: no down file; 008_b.sql: no down file");
  CHECK(describe_error(Error(ErrorKind::input, "a: b\nc")).message == "a: b");
}

TEST_CASE("an error about a file that is not a located diagnostic gives the file and line of its place") {
  const auto toml = describe_error(Error(ErrorKind::usage, "pgapply.toml:2: unknown key 'ledgr'", ErrorPlace{"pgapply.toml", 2}));
  CHECK(toml.file == "pgapply.toml");
  CHECK(toml.line == 2);
  CHECK(toml.message == "unknown key 'ledgr'");
  CHECK(toml.text == "pgapply.toml:2: unknown key 'ledgr'");
  const auto lost = describe_error(Error(ErrorKind::connection_lost, "lost the connection. Stopped: 001_a.sql was rolled back.",
                                         ErrorPlace{"migrations/001_a.sql"}));
  CHECK(lost.exit_status == 7);
  CHECK(lost.file == "migrations/001_a.sql");
  CHECK(lost.line == 0);  // null in JSON
  CHECK(lost.message == "lost the connection. Stopped: 001_a.sql was rolled back.");
}
