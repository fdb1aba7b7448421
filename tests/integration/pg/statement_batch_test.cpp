#include "pg/statement_batch.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"
#include "support/caught.hpp"
#include "support/test_database.hpp"

using namespace pgapply;
using namespace pgapply::pg;
using pgapply::test::TestDatabase;
using pgapply::test::scalar;

namespace {

struct Received {
  std::size_t index;
  std::string command_status;
  std::string first_value;  // row 0, column 0 if any
};

// Runs the statements as one batch, recording each result.
struct BatchRun {
  std::vector<std::string> statements;
  std::vector<bool> quiet;  // no fence before these
  std::vector<Received> received;

  void run(Connection& connection) {
    std::vector<std::string_view> views(statements.begin(), statements.end());
    StatementBatch batch(connection, views, quiet);
    batch.finish([this](std::size_t index, Result& result) {
      received.push_back({index, result.command_status(),
                          result.rows() > 0 && result.columns() > 0 ? std::string(result.value(0, 0)) : ""});
    });
  }
  ServerError error(Connection& connection) {
    return pgapply::test::caught<ServerError>([&] { run(connection); });
  }
};

using Notices = std::vector<std::pair<std::optional<std::size_t>, std::string>>;

void record_notices(Connection& connection, Notices& notices) {
  connection.set_notice_handler([&notices](const Notice& notice) {
    notices.emplace_back(notice.statement_index, notice.message);
  });
}

}  // namespace

TEST_CASE("batch: 10000 small statements, every result attributed to its index") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  BatchRun batch;
  for (int i = 0; i < 10000; ++i) {
    batch.statements.push_back(i % 2 == 0 ? "insert into t values (" + std::to_string(i) + ") -- a comment"
                                          : "select " + std::to_string(i) + " * 10");
  }
  batch.run(connection);
  REQUIRE(batch.received.size() == 10000);
  for (std::size_t i = 0; i < 10000; i += 997) {
    CAPTURE(i);
    CHECK(batch.received[i].index == i);
    CHECK(batch.received[i].command_status == (i % 2 == 0 ? "INSERT 0 1" : "SELECT 1"));
    if (i % 2 == 1) CHECK(batch.received[i].first_value == std::to_string(i * 10));
  }
  CHECK(scalar(connection, "select count(*) from t") == "5000");
  CHECK(connection.transaction_status() == TransactionStatus::idle);
}

TEST_CASE("batch: statement 5000 fails inside a transaction, nothing after it runs") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int); create sequence s");
  connection.exec("begin");
  BatchRun batch;
  for (int i = 0; i < 20000; ++i) {
    batch.statements.push_back(i == 4999 ? "insert into t values ('not a number')" : "insert into t values (nextval('s'))");
  }
  const auto error = batch.error(connection);
  CHECK(error.sqlstate == sqlstate::invalid_text_representation);
  CHECK(error.statement_index == std::optional<std::size_t>(4999));
  CHECK(error.position == 23);  // within statement 4999's own text
  REQUIRE(batch.received.size() == 4999);
  CHECK(batch.received.back().index == 4998);
  CHECK(connection.transaction_status() == TransactionStatus::in_failed_transaction);
  connection.exec("rollback");
  CHECK(scalar(connection, "select count(*) from t") == "0");
  CHECK(scalar(connection, "select last_value from s") == "4999");  // nextval survives the rollback
}

TEST_CASE("batch: a syntax error stops the whole batch before it runs, attributed by its position") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int); create sequence s");
  BatchRun batch;
  batch.statements = {"insert into t values (nextval('s'))", "select 'é' || 'ü'",
                      "insert into t valuez (nextval('s'))", "select 1"};
  const auto error = batch.error(connection);
  CHECK(error.sqlstate == sqlstate::syntax_error);
  CHECK(error.statement_index == std::optional<std::size_t>(2));
  CHECK(error.position == 15);  // "valuez", counted in characters within statement 2
  CHECK(batch.received.empty());
  CHECK(scalar(connection, "select count(*) from t") == "0");
  CHECK(scalar(connection, "select is_called::text from s") == "false");  // not even statement 0 ran

  BatchRun unterminated;
  unterminated.statements = {"select 1", "select (1"};
  const auto at_end = unterminated.error(connection);
  CHECK(at_end.statement_index == std::optional<std::size_t>(1));
  CHECK(at_end.position == 10);  // just past the statement's text, as for a statement on its own
}

TEST_CASE("batch: a failure without an explicit transaction rolls back the implicit one") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int primary key)");
  BatchRun batch;
  for (int i = 0; i < 100; ++i) batch.statements.push_back("insert into t values (" + std::to_string(i == 50 ? 7 : i) + ")");
  const auto error = batch.error(connection);
  CHECK(error.sqlstate == sqlstate::unique_violation);
  CHECK(error.statement_index == std::optional<std::size_t>(50));
  CHECK(error.constraint_name == "t_pkey");
  CHECK(batch.received.size() == 50);
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select count(*) from t") == "0");
  BatchRun again;
  again.statements = {"insert into t values (1)", "insert into t values (2)"};
  again.run(connection);
  CHECK(scalar(connection, "select count(*) from t") == "2");
}

TEST_CASE("batch: notices are attributed exactly, even right after a statement without rows") {
  TestDatabase db;
  auto connection = db.connect();
  Notices notices;
  record_notices(connection, notices);
  connection.exec(R"(
    create table n (id int);
    create function noisy() returns trigger language plpgsql as $$
      begin raise notice 'trigger %', new.id; return new; end $$;
    create trigger noisy before insert on n for each row when (new.id % 7 = 0) execute function noisy())");
  BatchRun batch;
  std::size_t expected = 0;
  for (int i = 0; i < 3000; ++i) {
    const bool is_do = i % 10 == 3;
    batch.statements.push_back(is_do ? "do $$ begin raise notice 'do %', " + std::to_string(i) + "; end $$"
                                     : "insert into n values (" + std::to_string(i) + ")");
    if (is_do || i % 7 == 0) ++expected;
  }
  batch.run(connection);
  std::size_t checked = 0;
  for (const auto& [index, message] : notices) {
    REQUIRE(index.has_value());
    const bool from_do = message.starts_with("do ");
    CHECK(message == (from_do ? "do " : "trigger ") + std::to_string(*index));
    ++checked;
  }
  CHECK(checked == expected);
}

TEST_CASE("batch: statements marked quiet go without a fence, results and the others' notices stay exact") {
  TestDatabase db;
  auto connection = db.connect();
  Notices notices;
  record_notices(connection, notices);
  BatchRun batch;
  std::size_t expected = 0;
  for (int i = 0; i < 3000; ++i) {
    const bool quiet = i % 3 != 0;  // two quiet statements after each noisy one
    batch.statements.push_back(quiet ? (i % 3 == 1 ? "reset all" : "select " + std::to_string(i))
                                     : "do $$ begin raise notice 'do %', " + std::to_string(i) + "; end $$");
    batch.quiet.push_back(quiet);
    if (!quiet) ++expected;
  }
  batch.run(connection);
  REQUIRE(batch.received.size() == 3000);
  for (std::size_t i = 0; i < 3000; ++i) {
    CAPTURE(i);
    CHECK(batch.received[i].index == i);
    CHECK(batch.received[i].command_status == (i % 3 == 0 ? "DO" : i % 3 == 1 ? "RESET" : "SELECT 1"));
    if (i % 3 == 2) CHECK(batch.received[i].first_value == std::to_string(i));
  }
  REQUIRE(notices.size() == expected);
  for (const auto& [index, message] : notices) {
    REQUIRE(index.has_value());
    CHECK(message == "do " + std::to_string(*index));
  }
  // An error in a quiet statement is still its own.
  BatchRun failing;
  failing.statements = {"select 1", "reset all", "set lock_timeout = 'nonsense'", "select 4"};
  failing.quiet = {false, true, true, true};
  const ServerError error = failing.error(connection);
  CHECK(error.statement_index == std::optional<std::size_t>(2));
  CHECK(failing.received.size() == 2);
}

TEST_CASE("batch: a notice raised while parsing, with a position, goes to its statement") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("set standard_conforming_strings = off");
  std::vector<std::pair<std::optional<std::size_t>, int>> notices;
  connection.set_notice_handler([&notices](const Notice& notice) { notices.emplace_back(notice.statement_index, notice.position); });
  BatchRun batch;
  batch.statements = {"select 1", "select 2", "select 'a\\b'"};
  batch.run(connection);
  // "nonstandard use of \\ in a string literal", raised before anything ran.
  REQUIRE(notices.size() == 1);
  CHECK(notices[0] == std::make_pair(std::optional<std::size_t>(2), 8));
  CHECK(batch.received.size() == 3);
}

// The server ends an implicit transaction before the last statement's
// completion, so what the commit raises comes as that statement's.
TEST_CASE("batch: an error and a notice at the implicit commit come with the last statement") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec(R"(
    create table parent (id int primary key);
    create table child (parent_id int references parent deferrable initially deferred);
    create table d (id int);
    create function note() returns trigger language plpgsql as $$
      begin raise notice 'deferred %', new.id; return null; end $$;
    create constraint trigger d_note after insert on d deferrable initially deferred
      for each row execute function note())");
  BatchRun failing;
  failing.statements = {"insert into parent values (1)", "insert into child values (1)", "insert into child values (2)"};
  const auto error = failing.error(connection);
  CHECK(error.sqlstate == sqlstate::foreign_key_violation);
  CHECK(error.statement_index == std::optional<std::size_t>(2));
  CHECK(failing.received.size() == 2);
  CHECK(scalar(connection, "select count(*) from parent") == "0");

  Notices notices;
  record_notices(connection, notices);
  BatchRun noting;
  noting.statements = {"do $$ begin raise notice 'in 0'; end $$", "insert into d values (7)",
                       "do $$ begin raise notice 'in 2'; end $$"};
  noting.run(connection);
  REQUIRE(notices.size() == 3);
  CHECK(notices[0] == std::make_pair(std::optional<std::size_t>(0), std::string("in 0")));
  CHECK(notices[1] == std::make_pair(std::optional<std::size_t>(2), std::string("in 2")));
  CHECK(notices[2] == std::make_pair(std::optional<std::size_t>(2), std::string("deferred 7")));
}

TEST_CASE("batch: COPY TO STDOUT works, COPY FROM STDIN fails as its statement") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t as select g as id from generate_series(1, 500) g");
  BatchRun out;
  out.statements = {"select 1", "copy t to stdout", "select 3"};
  out.run(connection);
  REQUIRE(out.received.size() == 3);
  CHECK(out.received[1].command_status == "COPY 500");
  CHECK(out.received[2].first_value == "3");

  BatchRun in;
  in.statements = {"select 1", "copy t from stdin", "select 3"};
  const auto error = in.error(connection);
  CHECK(error.statement_index == std::optional<std::size_t>(1));
  CHECK(error.message.find("COPY FROM STDIN cannot run in a statement batch") != std::string::npos);
  CHECK(scalar(connection, "select 'usable'") == "usable");
}

TEST_CASE("batch: the connection is busy until the batch is finished, and abandoning it cancels the rest") {
  TestDatabase db;
  auto connection = db.connect();
  connection.exec("create table t (id int)");
  const auto started = std::chrono::steady_clock::now();
  {
    const std::vector<std::string_view> statements = {"insert into t values (1)", "select pg_sleep(60)",
                                                      "insert into t values (2)"};
    StatementBatch batch(connection, statements);
    CHECK_THROWS_AS(connection.exec("select 1"), std::logic_error);
    CHECK_THROWS_AS(StatementBatch(connection, statements), std::logic_error);
  }  // not finished: cancelled
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));
  CHECK(connection.transaction_status() == TransactionStatus::idle);
  CHECK(scalar(connection, "select count(*) from t") == "0");  // the implicit transaction rolled back
}

TEST_CASE("batch: what on_result throws comes out once the connection is idle") {
  TestDatabase db;
  auto connection = db.connect();
  const std::vector<std::string_view> statements = {"select 1", "select 2", "select 3"};
  StatementBatch batch(connection, statements);
  std::size_t calls = 0;
  CHECK_THROWS_WITH_AS(batch.finish([&](std::size_t, Result&) {
    ++calls;
    throw std::runtime_error("sink failed");
  }), "sink failed", std::runtime_error);
  CHECK(calls == 1);
  CHECK(scalar(connection, "select 'usable'") == "usable");
}

TEST_CASE("batch: a statement giving several results (two in one text, a rule's actions) is not misattributed") {
  TestDatabase db;
  auto connection = db.connect();
  BatchRun batch;
  batch.statements = {"select 1; select 2", "select 3"};
  batch.run(connection);
  // the fence before "select 3" sorts its result from the first text's second
  REQUIRE(batch.received.size() == 2);
  CHECK(batch.received[0].index == 0);
  CHECK(batch.received[0].first_value == "1");
  CHECK(batch.received[1].index == 1);
  CHECK(batch.received[1].first_value == "3");
  CHECK(scalar(connection, "select 'usable'") == "usable");
}

TEST_CASE("batch: statements of a few MB each, with big results, do not deadlock") {
  TestDatabase db;
  auto connection = db.connect();
  const std::string big = "select length('" + std::string(3 << 20, 'x') + "'), repeat('y', 3 << 20)";
  BatchRun batch;
  batch.statements = {big, big, big};
  batch.run(connection);
  REQUIRE(batch.received.size() == 3);
  CHECK(batch.received[2].first_value == std::to_string(3 << 20));
}
