#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "pg/connection.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"
#include "support/caught.hpp"
#include "support/test_database.hpp"

using namespace pgapply::pg;
using pgapply::test::TestDatabase;
using pgapply::test::scalar;

namespace {

ServerError copy_error(Connection& connection, const std::string& statement, const std::string& data) {
  return pgapply::test::caught<ServerError>([&] { connection.copy_from_stdin(statement, data); });
}

}  // namespace

TEST_CASE("COPY FROM STDIN in text format, data sent in pieces that split rows") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int, name text, note text)");
  Result started = connection.exec("copy t (id, name, note) from stdin");
  CHECK(started.status() == ResultStatus::copy_in);
  CHECK(connection.in_copy());
  CHECK_THROWS_AS(connection.exec("select 1"), std::logic_error);
  connection.put_copy_data("1\tone\t\\N\n2\ttw");
  connection.put_copy_data("o\twith\\ttab\n");
  connection.put_copy_data("3\tthree\tback\\\\slash\n");
  Result done = connection.put_copy_end();
  CHECK_FALSE(connection.in_copy());
  CHECK(done.status() == ResultStatus::command_ok);
  CHECK(done.command_status() == "COPY 3");
  CHECK(done.affected_rows() == 3);
  CHECK(scalar(connection, "select name from t where id = 2") == "two");
  CHECK(scalar(connection, "select note from t where id = 1") == "<null>");
  CHECK(scalar(connection, "select note from t where id = 2") == "with\ttab");
  CHECK(scalar(connection, "select note from t where id = 3") == "back\\slash");
}

TEST_CASE("COPY FROM STDIN in csv format with a header and quoted fields") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int, name text)");
  Result done = connection.copy_from_stdin("copy t from stdin (format csv, header true)",
                                           "id,name\n"
                                           "1,\"comma, inside\"\n"
                                           "2,\"two\nlines\"\n"
                                           "3,\"a \"\"quote\"\"\"\n"
                                           "4,\n");
  CHECK(done.command_status() == "COPY 4");
  CHECK(scalar(connection, "select name from t where id = 1") == "comma, inside");
  CHECK(scalar(connection, "select name from t where id = 2") == "two\nlines");
  CHECK(scalar(connection, "select name from t where id = 3") == "a \"quote\"");
  CHECK(scalar(connection, "select name from t where id = 4") == "<null>");
}

TEST_CASE("COPY with a bad row: the error's context names the line and the connection stays usable") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int primary key, name text not null)");
  SUBCASE("a value of the wrong type") {
    const auto error = copy_error(connection, "copy t from stdin", "1\tone\nzwei\ttwo\n3\tthree\n");
    CHECK(error.sqlstate == sqlstate::invalid_text_representation);
    CHECK(error.message == "invalid input syntax for type integer: \"zwei\"");
    CHECK(error.context.find("COPY t, line 2, column id: \"zwei\"") != std::string::npos);
  }
  SUBCASE("a constraint violation") {
    const auto error = copy_error(connection, "copy t from stdin (format csv)", "1,one\n2,two\n3,\n");
    CHECK(error.sqlstate == sqlstate::not_null_violation);
    CHECK(error.column_name == "name");
    CHECK(error.context.find("COPY t, line 3: \"3,\"") != std::string::npos);
  }
  CHECK_FALSE(connection.in_copy());
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select count(*) from t") == "0");
  // Inside a transaction, the failed COPY fails the transaction.
  connection.exec("begin");
  CHECK_THROWS_AS(connection.copy_from_stdin("copy t from stdin", "x\ty\n"), ServerError);
  CHECK(connection.transaction_status() == TransactionStatus::in_failed_transaction);
  connection.exec("rollback");
  connection.copy_from_stdin("copy t from stdin", "7\tseven\n");
  CHECK(scalar(connection, "select name from t") == "seven");
}

TEST_CASE("put_copy_end with an error message makes the server fail the COPY") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  connection.exec("copy t from stdin");
  connection.put_copy_data("1\n2\n");
  try {
    connection.put_copy_end("the input file could not be read");
    FAIL("no error");
  } catch (const ServerError& error) {
    CHECK(error.sqlstate == sqlstate::query_canceled);
    CHECK(error.message.find("the input file could not be read") != std::string::npos);
  }
  CHECK(scalar(connection, "select count(*) from t") == "0");
}

TEST_CASE("a large COPY in one call") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int, payload text)");
  std::string data;
  const std::string payload(60, 'p');
  for (int i = 1; i <= 100000; ++i) data += std::to_string(i) + "\t" + payload + "\n";
  REQUIRE(data.size() > 5'000'000);
  Result done = connection.copy_from_stdin("copy t from stdin", data);
  CHECK(done.affected_rows() == 100000);
  CHECK(scalar(connection, "select sum(id) from t") == "5000050000");
}

TEST_CASE("COPY FROM STDIN followed by more statements in the same string") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  connection.exec("copy t from stdin; insert into t values (100); select count(*) from t");
  connection.put_copy_data("1\n2\n");
  Result last = connection.put_copy_end();
  CHECK(last.status() == ResultStatus::tuples_ok);
  CHECK(last.value(0, 0) == "3");
}

TEST_CASE("COPY TO STDOUT through exec: the data is dropped, the connection stays usable") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t as select g as id from generate_series(1, 1000) g");
  Result done = connection.exec("copy t to stdout");
  CHECK(done.command_status() == "COPY 1000");
  CHECK(scalar(connection, "select count(*) from t") == "1000");
}

TEST_CASE("COPY FROM STDIN where it cannot work") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  SUBCASE("copy_from_stdin with a statement that is no COPY") {
    const auto error = copy_error(connection, "select 1", "1\n");
    CHECK(error.message.find("did not start a COPY FROM STDIN") != std::string::npos);
  }
  SUBCASE("put_copy_data without a COPY") {
    CHECK_THROWS_AS(connection.put_copy_data("1\n"), std::logic_error);
    CHECK_THROWS_AS(connection.put_copy_end(), std::logic_error);
  }
  CHECK_FALSE(connection.in_copy());
  CHECK(scalar(connection, "select count(*) from t") == "0");
}
