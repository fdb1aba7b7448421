#include "psql/transaction_plan.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "split/splitter.hpp"

using namespace pgapply;
using namespace pgapply::psql;

namespace {

TransactionPlan plan_for(const std::string& text, Directives directives = {}) {
  TransactionPlanner planner("f.sql");
  for (const auto& item : split::split(text)) {
    if (item.kind != split::ItemKind::sql) continue;
    const auto tokens = lexer::tokenize(std::string_view(text).substr(item.start, item.end - item.start));
    planner.add_statement(item.line, lexer::transaction_control(tokens), lexer::needs_autocommit(tokens),
                          lexer::is_session_setting(tokens));
  }
  return planner.finish(directives);
}

std::string rejection(const std::string& text) {
  try {
    plan_for(text);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::input);
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an ordinary file runs wrapped in pgapply's transaction") {
  const auto plan = plan_for("create table t (a int);\ninsert into t values (1);\n");
  CHECK(plan.mode == TransactionMode::wrapped);
  CHECK(plan.statements == 2);
}

TEST_CASE("a file wrapped in BEGIN and COMMIT runs as its own transaction") {
  auto plan = plan_for("-- x\nBEGIN;\ncreate table t (a int);\nsavepoint s;\nrollback to s;\nCOMMIT;\n");
  CHECK(plan.mode == TransactionMode::own);
  CHECK(plan.commit_statement == 5);
  CHECK(plan.reason.find("line 2") != std::string::npos);
  plan = plan_for("SET lock_timeout = '1s';\nstart transaction isolation level serializable;\nselect 1;\nend;");
  CHECK(plan.mode == TransactionMode::own);
  CHECK(plan.commit_statement == 4);
}

TEST_CASE("a statement that cannot run in a transaction makes the file run statement by statement") {
  auto plan = plan_for("create table t (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);\n");
  CHECK(plan.mode == TransactionMode::autocommit);
  CHECK(plan.reason == "CREATE INDEX CONCURRENTLY at line 2 cannot run inside a transaction block");
  // Even with BEGIN/COMMIT in it: they then run as written, as psql would.
  plan = plan_for("BEGIN; select 1; COMMIT;\nVACUUM t;");
  CHECK(plan.mode == TransactionMode::autocommit);
}

TEST_CASE("directives force the mode") {
  CHECK(plan_for("select 1;", Directives{false}).mode == TransactionMode::autocommit);
  CHECK(plan_for("VACUUM t;", Directives{true}).mode == TransactionMode::wrapped);
  CHECK(plan_for("BEGIN; VACUUM t; COMMIT;", Directives{true}).mode == TransactionMode::own);
}

TEST_CASE("files whose transactions cannot be recorded atomically are refused with file and line") {
  CHECK(rejection("BEGIN;\nselect 1;\nCOMMIT;\nselect 2;") .find("f.sql:4: error: a statement after the file's COMMIT at line 3") == 0);
  CHECK(rejection("BEGIN;\nselect 1;\nROLLBACK;").find("f.sql:3: error: the file rolls back") == 0);
  CHECK(rejection("insert into t values (1);\nBEGIN;\nselect 1;\nCOMMIT;").find("f.sql:1: error: this statement runs before") == 0);
  CHECK(rejection("BEGIN;\nselect 1;").find("f.sql:1: error: the file's BEGIN is never committed") == 0);
  CHECK(rejection("select 1;\nCOMMIT;").find("f.sql:2: error: COMMIT, ROLLBACK or PREPARE") == 0);
  CHECK(rejection("BEGIN;\nBEGIN;\nCOMMIT;").find("f.sql:2: error: a second BEGIN") == 0);
}

TEST_CASE("scripts that are not migrations run their own transactions as written") {
  TransactionPlanner planner("f.sql", false);
  planner.add_statement(1, lexer::TransactionControl::begin, std::nullopt, false);
  planner.add_statement(2, lexer::TransactionControl::commit, std::nullopt, false);
  planner.add_statement(3, lexer::TransactionControl::none, std::nullopt, false);
  const auto plan = planner.finish({});
  CHECK(plan.mode == TransactionMode::autocommit);
  CHECK(plan.reason == "the file controls its own transactions (line 3): it runs as written");
}

TEST_CASE("a refusal carries its line and reason apart, for lint") {
  try {
    plan_for("create table a (id int);\nbegin;\ncommit;\n");
    FAIL("not refused");
  } catch (const RefusedTransactions& refused) {
    CHECK(refused.line == 1);
    CHECK(refused.reason == "this statement runs before the file's BEGIN at line 2 and would commit on its own");
    CHECK(std::string(refused.what()).find("f.sql:1: error: this statement runs before") == 0);
  }
}
