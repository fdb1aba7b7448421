#include "pg/connection.hpp"

#include <doctest/doctest.h>
// Only to reach libpq's notice hooks of a result directly (the lifetime test).
#include <libpq-fe.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"
#include "support/test_database.hpp"

using namespace pgapply;
using namespace pgapply::pg;
using pgapply::test::TestDatabase;
using pgapply::test::scalar;
using pgapply::test::TestServer;

namespace {

template <typename Exception, typename Function>
Exception catch_exception(Function&& function) {
  try {
    function();
  } catch (const Exception& error) {
    return error;
  }
  FAIL("no exception");
  throw std::logic_error("unreachable");
}

ServerError server_error_of(Connection& connection, const std::string& sql) {
  return catch_exception<ServerError>([&] { connection.exec(sql); });
}

}  // namespace

TEST_CASE("connect with a keyword=value string and with a URI") {
  TestDatabase db;
  const auto& server = TestServer::get();

  auto by_conninfo = Connection::open(db.conninfo());
  CHECK(by_conninfo.is_ok());
  CHECK(scalar(by_conninfo, "select current_database()") == db.name());
  CHECK(by_conninfo.dbname() == db.name());
  CHECK(by_conninfo.user() == server.user);
  CHECK(by_conninfo.host() == server.host);  // the socket directory
  CHECK(by_conninfo.port() == server.port);
  CHECK(scalar(by_conninfo, "select inet_client_addr() is null") == "t");  // a Unix socket
  CHECK(describe_target(by_conninfo) == server.user + "@" + server.host + ":" + server.port + "/" + db.name());

  auto by_uri = Connection::open(db.url());
  CHECK(scalar(by_uri, "select current_database()") == db.name());
  CHECK(scalar(by_uri, "select host(inet_client_addr())") == "127.0.0.1");  // TCP
  CHECK(describe_target(by_uri) == server.user + "@127.0.0.1:" + server.port + "/" + db.name());
  CHECK(by_uri.backend_pid() == std::stoi(scalar(by_uri, "select pg_backend_pid()")));
  CHECK(by_uri.backend_pid() != by_conninfo.backend_pid());
}

TEST_CASE("connect parameters: later ones override a URI, empty ones are left out") {
  TestDatabase db;
  auto connection = Connection::open(ConnectParams{
      {"dbname", db.url()},
      {"application_name", "pgapply-param-test"},
      {"options", "-c search_path=custom_path"},
      {"connect_timeout", ""},
      {"host", ""},
  });
  CHECK(scalar(connection, "select current_setting('application_name')") == "pgapply-param-test");
  CHECK(scalar(connection, "show search_path") == "custom_path");
  CHECK(connection.host() == "127.0.0.1");
  CHECK(Connection::open(db.url() + "?application_name=from_uri").parameter_status("application_name") ==
        "from_uri");
}

TEST_CASE("server version, parameters and transaction status") {
  TestDatabase db;
  auto connection = db.connect();
  const int version = connection.server_version();
  CHECK(version >= 140000);
  CHECK(std::to_string(version) == scalar(connection, "show server_version_num"));
  CHECK(connection.parameter_status("server_encoding") == "UTF8");
  CHECK(connection.parameter_status("standard_conforming_strings") == "on");
  CHECK(connection.parameter_status("no_such_parameter") == std::nullopt);

  CHECK(connection.transaction_status() == TransactionStatus::idle);
  connection.exec("begin");
  CHECK(connection.transaction_status() == TransactionStatus::in_transaction);
  CHECK_THROWS_AS(connection.exec("select 1/0"), ServerError);
  CHECK(connection.transaction_status() == TransactionStatus::in_failed_transaction);
  const auto aborted = server_error_of(connection, "select 1");
  CHECK(aborted.sqlstate == sqlstate::in_failed_sql_transaction);
  connection.exec("rollback");
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(to_string(TransactionStatus::in_failed_transaction) == "in failed transaction");
}

TEST_CASE("an unreachable server gives a ConnectionError with libpq's reason and no password") {
  SUBCASE("TCP port 1 with a password in a URI") {
    const auto error = catch_exception<ConnectionError>(
        [] { Connection::open("postgresql://someone:Sup3rSecretPw@127.0.0.1:1/db?connect_timeout=5"); });
    const std::string message = error.what();
    CHECK(error.kind() == ErrorKind::connection);
    CHECK(message.find("127.0.0.1") != std::string::npos);
    CHECK(message.find("port 1") != std::string::npos);
    CHECK(message.find("refused") != std::string::npos);
    CHECK(message.find("Sup3rSecretPw") == std::string::npos);
    CHECK(message.back() != '\n');
    CHECK(error.reason() == message);
  }
  SUBCASE("a socket directory that does not exist, with password parameters") {
    const auto error = catch_exception<ConnectionError>([] {
      Connection::open(ConnectParams{{"host", "/nonexistent/pgapply-socket-dir"},
                                     {"port", "5432"},
                                     {"user", "u"},
                                     {"password", "Sup3rSecretPw"}});
    });
    const std::string message = error.what();
    CHECK(message.find("/nonexistent/pgapply-socket-dir") != std::string::npos);
    CHECK(message.find("No such file or directory") != std::string::npos);
    CHECK(message.find("Sup3rSecretPw") == std::string::npos);
  }
  SUBCASE("a malformed connection string whose error would quote the password") {
    const auto error = catch_exception<ConnectionError>(
        [] { Connection::open("host=127.0.0.1 port=1 password=my Sup3rSecretPw"); });
    const std::string message = error.what();
    CHECK(message.find("missing \"=\"") != std::string::npos);
    CHECK(message.find("Sup3rSecretPw") == std::string::npos);
  }
  SUBCASE("a database that does not exist") {
    const auto& server = TestServer::get();
    const auto error = catch_exception<ConnectionError>(
        [&] { Connection::open(server.conninfo("pgapply_no_such_database")); });
    CHECK(std::string(error.what()).find("\"pgapply_no_such_database\" does not exist") != std::string::npos);
  }
}

TEST_CASE("a missing table: SQLSTATE 42P01, the message, the position") {
  TestDatabase db;
  auto connection = db.connect();
  const auto error = server_error_of(connection, "select * from missing_table");
  CHECK(error.kind() == ErrorKind::sql);
  CHECK(error.sqlstate == sqlstate::undefined_table);
  CHECK(error.severity == "ERROR");
  CHECK(error.message == "relation \"missing_table\" does not exist");
  CHECK(std::string(error.what()) == error.message);
  CHECK(error.position == 15);
  CHECK_FALSE(error.statement_index.has_value());
  CHECK(error.source_file.empty() == false);
  // The connection is still usable.
  CHECK(scalar(connection, "select 41 + 1") == "42");
}

TEST_CASE("statements sent together: each its own result or error, in order, and the connection usable after") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int primary key)");
  auto outcomes = connection.exec_together({
      {"select $1::int + 1 as n", {"41"}},
      {"insert into t values ($1), ($1)", {"1"}},  // fails alone: a sync after each statement
      {"insert into t values ($1) returning id", {"2"}},
      {"select count(*) from t", {}},
      {"select $1::text is null as missing", {std::nullopt}},
  });
  REQUIRE(outcomes.size() == 5);
  CHECK(outcomes[0].take().value(0, 0) == "42");
  REQUIRE(outcomes[1].error.has_value());
  CHECK(outcomes[1].error->sqlstate == sqlstate::unique_violation);
  CHECK_THROWS_AS(outcomes[1].take(), ServerError);
  CHECK(outcomes[2].take().value(0, 0) == "2");  // committed by its own sync
  CHECK(outcomes[3].take().value(0, 0) == "1");
  CHECK(outcomes[4].take().value(0, 0) == "t");
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select string_agg(id::text, ',' order by id) from t") == "2");
  CHECK(connection.exec_together({}).empty());
}

TEST_CASE("a syntax error's position counts characters, not bytes") {
  TestDatabase db;
  auto connection = db.connect();
  const auto error = server_error_of(connection, "select 'é' from from");
  CHECK(error.sqlstate == sqlstate::syntax_error);
  CHECK(error.message == "syntax error at or near \"from\"");
  CHECK(error.position == 17);
}

TEST_CASE("RAISE EXCEPTION with DETAIL, HINT and ERRCODE gives every field") {
  TestDatabase db;
  auto connection = db.connect();
  const auto error = server_error_of(connection, R"(
    do $$
    begin
      raise exception 'boom %', 42
        using detail = 'the detail', hint = 'the hint', errcode = '22023';
    end
    $$)");
  CHECK(error.sqlstate == sqlstate::invalid_parameter_value);
  CHECK(error.message == "boom 42");
  CHECK(error.detail == "the detail");
  CHECK(error.hint == "the hint");
  CHECK(error.context.find("PL/pgSQL function inline_code_block line 3 at RAISE") != std::string::npos);
  CHECK(error.position == 0);
}

TEST_CASE("a failing query inside PL/pgSQL has an internal query and position") {
  TestDatabase db;
  auto connection = db.connect();
  const auto error = server_error_of(connection, "do $$ begin perform * from nowhere_table; end $$");
  CHECK(error.sqlstate == sqlstate::undefined_table);
  CHECK(error.internal_query == "SELECT * from nowhere_table");
  CHECK(error.internal_position == 15);
  CHECK(error.context.find("PL/pgSQL function inline_code_block line 1 at PERFORM") != std::string::npos);
}

TEST_CASE("a unique violation names schema, table and constraint") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table items (id int primary key, name text not null)");
  connection.exec("insert into items values (1, 'one')");
  const auto duplicate = server_error_of(connection, "insert into items values (1, 'again')");
  CHECK(duplicate.sqlstate == sqlstate::unique_violation);
  CHECK(duplicate.schema_name == "public");
  CHECK(duplicate.table_name == "items");
  CHECK(duplicate.constraint_name == "items_pkey");
  CHECK(duplicate.detail == "Key (id)=(1) already exists.");
  const auto null_name = server_error_of(connection, "insert into items values (2, null)");
  CHECK(null_name.sqlstate == sqlstate::not_null_violation);
  CHECK(null_name.column_name == "name");
  const auto bad_type = server_error_of(connection, "select 'x'::int");
  CHECK(bad_type.sqlstate == sqlstate::invalid_text_representation);
  const auto domain = server_error_of(connection,
                                      "create domain positive as int check (value > 0);"
                                      "select (-1)::positive");
  CHECK(domain.sqlstate == sqlstate::check_violation);
  CHECK(domain.datatype_name == "positive");
}

TEST_CASE("notices arrive in order with their severity") {
  TestDatabase db;
  auto connection = db.connect();
  std::vector<Notice> notices;
  connection.set_notice_handler([&notices](const Notice& notice) { notices.push_back(notice); });
  connection.exec("set client_min_messages = debug1");
  connection.exec(R"(
    do $$
    begin
      raise notice 'first %', 1 using hint = 'a hint';
      raise warning 'second';
      raise info 'third' using detail = 'some detail';
      raise debug 'fourth';
      raise log 'fifth';
    end
    $$)");
  REQUIRE(notices.size() >= 4);
  // DEBUG1 also lets some of the server's own DEBUG messages through: keep ours.
  std::vector<Notice> ours;
  for (const auto& notice : notices) {
    if (notice.context.find("inline_code_block") != std::string::npos) ours.push_back(notice);
  }
  REQUIRE(ours.size() == 5);
  CHECK(ours[0].severity == "NOTICE");
  CHECK(ours[0].message == "first 1");
  CHECK(ours[0].hint == "a hint");
  CHECK(ours[0].sqlstate == sqlstate::successful_completion);
  CHECK(ours[1].severity == "WARNING");
  CHECK(ours[1].message == "second");
  CHECK(ours[1].sqlstate == sqlstate::warning);
  CHECK(ours[2].severity == "INFO");
  CHECK(ours[2].detail == "some detail");
  CHECK(ours[3].severity == "DEBUG");
  CHECK(ours[3].message == "fourth");
  CHECK(ours[4].severity == "LOG");
  for (const auto& notice : ours) CHECK_FALSE(notice.statement_index.has_value());
}

TEST_CASE("notices of several statements in one exec keep their order") {
  TestDatabase db;
  auto connection = db.connect();
  std::vector<std::string> messages;
  connection.set_notice_handler([&messages](const Notice& notice) { messages.push_back(notice.message); });
  connection.exec(
      "do $$ begin raise notice 'a'; end $$;"
      "create table if not exists t (id int);"
      "create table if not exists t (id int);"
      "do $$ begin raise notice 'b'; raise notice 'c'; end $$");
  CHECK(messages == std::vector<std::string>{"a", "relation \"t\" already exists, skipping", "b", "c"});
}

TEST_CASE("a notice handler that throws: the statement completes, then the exception propagates") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  int calls = 0;
  connection.set_notice_handler([&calls](const Notice&) {
    ++calls;
    throw std::runtime_error("handler failed");
  });
  CHECK_THROWS_WITH_AS(connection.exec("do $$ begin raise notice 'x'; raise notice 'y'; insert into t values (1); end $$"),
                       "handler failed", std::runtime_error);
  CHECK(calls == 2);
  connection.set_notice_handler({});
  CHECK(scalar(connection, "select count(*) from t") == "1");
  CHECK(connection.transaction_status() == TransactionStatus::idle);
}

TEST_CASE("a Result outlives its Connection") {
  TestDatabase db;
  std::vector<Notice> notices;
  Result result;
  {
    auto connection = db.connect();
    connection.set_notice_handler([&notices](const Notice& notice) { notices.push_back(notice); });
    result = connection.exec("select 'kept' as a, null::text as b, 3 as c");
  }
  REQUIRE(result.rows() == 1);
  REQUIRE(result.columns() == 3);
  CHECK(result.status() == ResultStatus::tuples_ok);
  CHECK(result.value(0, 0) == "kept");
  CHECK(result.column_name(1) == "b");
  CHECK(result.is_null(0, 1));
  CHECK(result.get(0, 1) == std::nullopt);
  CHECK(result.get(0, 0) == std::optional<std::string_view>("kept"));
  CHECK(result.value_or(0, 1, "fallback") == "fallback");
  CHECK(result.value_or(0, 0, "fallback") == "kept");
  CHECK_THROWS_AS(result.value(1, 0), std::out_of_range);
  CHECK_THROWS_AS(result.value(0, 3), std::out_of_range);
  CHECK_THROWS_AS(result.column_name(-1), std::out_of_range);
  // libpq reports a bad index through the notice hooks the result copied from
  // its connection: the connection is gone, the hooks' argument must not be.
  CHECK(notices.empty());
  CHECK(PQgetvalue(result.native_handle(), 5, 0) == nullptr);
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].message.find("row number 5 is out of range") != std::string::npos);
}

TEST_CASE("exec_params passes text parameters and NULLs unchanged") {
  TestDatabase db;
  auto connection = db.connect();
  const std::vector<std::optional<std::string>> values = {
      std::string("plain"),
      std::nullopt,
      std::string(""),
      std::string("it's \"quoted\" \\ with backslash"),
      std::string("line1\nline2\ttab"),
      std::string("ünïcödé ✓"),
      std::string("$1 and $2; select 1"),
      std::string("NULL"),
  };
  auto result = connection.exec_params(
      "select $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, "
      "$2::text is null, $3::text is null",
      values);
  REQUIRE(result.rows() == 1);
  for (int column = 0; column < 8; ++column) {
    CAPTURE(column);
    if (values[column]) {
      CHECK_FALSE(result.is_null(0, column));
      CHECK(result.value(0, column) == *values[column]);
    } else {
      CHECK(result.is_null(0, column));
    }
  }
  CHECK(result.value(0, 8) == "t");
  CHECK(result.value(0, 9) == "f");

  connection.exec("create table kv (k int, v text)");
  auto inserted = connection.exec_params("insert into kv select g, $1 from generate_series(1, $2::int) g",
                                         {std::string("x"), std::string("3")});
  CHECK(inserted.status() == ResultStatus::command_ok);
  CHECK(inserted.command_status() == "INSERT 0 3");
  CHECK(inserted.affected_rows() == 3);
  CHECK(connection.exec("create table other (id int)").affected_rows() == 0);
  CHECK(connection.exec("update kv set v = 'y' where k > 1").affected_rows() == 2);
  const auto error = catch_exception<ServerError>([&] { connection.exec_params("select $1::int", {std::string("nope")}); });
  CHECK(error.sqlstate == sqlstate::invalid_text_representation);
  const auto multiple = catch_exception<ServerError>([&] { connection.exec_params("select 1; select 2", {}); });
  CHECK(multiple.sqlstate == sqlstate::syntax_error);
  CHECK(multiple.message == "cannot insert multiple commands into a prepared statement");
}

TEST_CASE("exec of several statements returns the last result, a failure rolls back the implicit transaction") {
  TestDatabase db;
  auto connection = db.connect();
  auto last = connection.exec("create table t (id int); insert into t values (1), (2); select id from t order by id");
  CHECK(last.status() == ResultStatus::tuples_ok);
  CHECK(last.rows() == 2);
  CHECK(connection.exec("").status() == ResultStatus::empty_query);
  CHECK(connection.exec("insert into t values (3); select count(*) from t; delete from t where id = 1").command_status() ==
        "DELETE 1");

  const auto error = server_error_of(connection, "insert into t values (10); select 1/0; insert into t values (11)");
  CHECK(error.sqlstate == sqlstate::division_by_zero);
  CHECK(error.statement_index == 1);  // the statement after the one that answered
  CHECK_FALSE(server_error_of(connection, "select 1/0; select 1").statement_index.has_value());  // the first
  // One implicit transaction: the first insert was rolled back, the third never ran.
  CHECK(scalar(connection, "select string_agg(id::text, ',' order by id) from t") == "2,3");
}

TEST_CASE("cancel() from another thread stops a running statement") {
  TestDatabase db;
  auto connection = db.connect();
  const auto started = std::chrono::steady_clock::now();
  std::thread canceller([&connection] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::string reason;
    CHECK(connection.cancel(&reason));
    CHECK(reason.empty());
  });
  const auto error = catch_exception<ServerError>([&] { connection.exec("select pg_sleep(60)"); });
  canceller.join();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(error.sqlstate == sqlstate::query_canceled);
  CHECK(error.message == "canceling statement due to user request");
  CHECK(elapsed < std::chrono::seconds(30));
  CHECK(scalar(connection, "select 'after cancel'") == "after cancel");

  // A handle keeps working after the connection moved.
  CancelHandle handle = connection.cancel_handle();
  Connection moved = std::move(connection);
  std::thread second([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(handle.cancel());
  });
  const auto again = catch_exception<ServerError>([&] { moved.exec("select pg_sleep(60)"); });
  second.join();
  CHECK(again.sqlstate == sqlstate::query_canceled);
}

TEST_CASE("a lost connection gives a ConnectionError") {
  TestDatabase db;
  auto connection = db.connect();
  auto admin = db.connect();
  admin.exec_params("select pg_terminate_backend($1::int)", {std::to_string(connection.backend_pid())});
  // The backend may take a moment to go.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto error = catch_exception<ConnectionError>([&] { connection.exec("select 1"); });
  CHECK(error.kind() == ErrorKind::connection_lost);  // made, then lost: not "cannot connect"
  CHECK_FALSE(std::string(error.what()).empty());
  CHECK_FALSE(connection.is_ok());
  CHECK(connection.transaction_status() == TransactionStatus::unknown);
  CHECK_THROWS_AS(connection.exec("select 1"), ConnectionError);
}

TEST_CASE("statements sent together on a session an administrator ended: the server's reason is said") {
  TestDatabase db;
  auto connection = db.connect();
  auto admin = db.connect();
  admin.exec_params("select pg_terminate_backend($1::int)", {std::to_string(connection.backend_pid())});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto error = catch_exception<ConnectionError>([&] {
    connection.exec_together({{"select 1", {}}, {"select 2", {}}});
  });
  const std::string message = error.what();
  CHECK(message.find("FATAL:  terminating connection due to administrator command") != std::string::npos);
  CHECK(message.find("server closed the connection unexpectedly") != std::string::npos);
  CHECK_FALSE(connection.is_ok());
}

TEST_CASE("statements with NUL bytes are refused, moved-from connections too") {
  TestDatabase db;
  auto connection = db.connect();
  const auto error = catch_exception<Error>([&] { connection.exec(std::string("select 1\0; drop table x", 23)); });
  CHECK(error.kind() == ErrorKind::input);
  CHECK_THROWS_AS(connection.exec_params("select $1", {std::string("a\0b", 3)}), Error);
  Connection moved = std::move(connection);
  CHECK_THROWS_AS(connection.exec("select 1"), std::logic_error);  // NOLINT(bugprone-use-after-move)
  CHECK_FALSE(connection.is_ok());
  CHECK(scalar(moved, "select 1") == "1");
}
