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
                          lexer::is_session_setting(tokens), lexer::chains(tokens));
  }
  return planner.finish(directives);
}

std::string rejection(const std::string& text, Directives directives = {}) {
  try {
    plan_for(text, directives);
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
  // With its own transaction too, the file cannot run as one transaction:
  // refused, unless it says it runs statement by statement as written.
  CHECK(rejection("BEGIN; select 1; COMMIT;\nVACUUM t;")
            .find("f.sql:2: error: VACUUM cannot run inside a transaction block, and the file's own transaction "
                  "(line 1) would have to commit around it") == 0);
  plan = plan_for("BEGIN; select 1; COMMIT;\nVACUUM t;", Directives{false, {}});
  CHECK(plan.mode == TransactionMode::autocommit);
}

TEST_CASE("directives force the mode") {
  CHECK(plan_for("select 1;", Directives{false, {}}).mode == TransactionMode::autocommit);
  CHECK(plan_for("select 1;", Directives{false, {}}).reason == "the file says -- pgapply: no-transaction");
  // Said by another tool's marker: that marker, as the file writes it.
  CHECK(plan_for("select 1;", Directives{false, "the file says -- +goose NO TRANSACTION (line 1)"}).reason ==
        "the file says -- +goose NO TRANSACTION (line 1)");
  // "in one transaction": its own BEGIN/COMMIT left out.
  const auto plan = plan_for("BEGIN; create table t (a int); COMMIT;", Directives{true, {}});
  CHECK(plan.mode == TransactionMode::wrapped);
  CHECK(plan.left_out == std::vector<std::size_t>{1, 3});
  CHECK(plan.statements == 3);
  CHECK(plan.statements_run() == 1);  // what runs: the CREATE TABLE
  CHECK(plan.reason.find("the file says -- pgapply: transaction") == 0);
  // ... but a statement that cannot run in one would fail there, after the
  // files before it were applied: refused up front, with its line.
  CHECK(rejection("create table t (a int);\nVACUUM t;", Directives{true, {}}) ==
        "f.sql:2: error: VACUUM cannot run inside a transaction block, and the file says -- pgapply: transaction: "
        "split the file, or remove that line to run it statement by statement");
  CHECK(rejection("BEGIN; VACUUM t; COMMIT;", Directives{true, {}}).find("f.sql:1: error: VACUUM") == 0);
}

TEST_CASE("a file of statements around its own transaction runs as one transaction, as psql -1 runs it") {
  auto plan = plan_for("insert into t values (1);\nBEGIN;\nselect 1;\nCOMMIT;\nselect 2;\n");
  CHECK(plan.mode == TransactionMode::wrapped);
  CHECK(plan.left_out == std::vector<std::size_t>{2, 4});
  CHECK(plan.leaves_out(2));
  CHECK_FALSE(plan.leaves_out(3));
  // Statement numbers stay the file's (file:line, progress); 3 of the 5 run.
  CHECK(plan.statements == 5);
  CHECK(plan.statements_run() == 3);
  CHECK(plan.reason == "one transaction for the whole file: its own BEGIN/COMMIT (lines 2, 4) left out");
  // Two transactions, or a stray COMMIT: the same.
  CHECK(plan_for("BEGIN;\nselect 1;\nCOMMIT;\nBEGIN;\nselect 2;\nCOMMIT;").left_out ==
        std::vector<std::size_t>{1, 3, 4, 6});
  CHECK(plan_for("select 1;\nCOMMIT;").left_out == std::vector<std::size_t>{2});
  // Named by what the file has: a COMMIT alone is no BEGIN/COMMIT.
  plan = plan_for("create type t as enum ('a');\ncommit;");
  CHECK(plan.reason == "one transaction for the whole file: its own COMMIT (line 2) left out");
  CHECK(plan.left_out_named == "its own COMMIT (line 2)");
  CHECK(plan_for("select 1;\ncommit;\nselect 2;\ncommit;").reason ==
        "one transaction for the whole file: its own COMMITs (lines 2, 4) left out");
  CHECK(plan_for("BEGIN;\nselect 1;\nCOMMIT;\nselect 2;").left_out_named == "its own BEGIN/COMMIT (lines 1, 3)");
  CHECK(plan_for("BEGIN;\nBEGIN;\nselect 1;\nCOMMIT;").mode == TransactionMode::wrapped);
}

TEST_CASE("files pgapply cannot run as their authors meant are refused with file and line") {
  CHECK(rejection("BEGIN;\nselect 1;\nROLLBACK;").find("f.sql:3: error: the file rolls back") == 0);
  CHECK(rejection("select 1;\nrollback;\nselect 2;").find("f.sql:2: error: the file rolls back") == 0);
  CHECK(rejection("BEGIN;\nselect 1;").find("f.sql:1: error: the file's BEGIN is never committed") == 0);
  CHECK(rejection("BEGIN;\nPREPARE TRANSACTION 'x';")
            .find("f.sql:2: error: PREPARE TRANSACTION hands the file's transaction to a later COMMIT PREPARED, so "
                  "pgapply cannot record the file in it. Remove the PREPARE TRANSACTION, or mark the file") == 0);
  // ROLLBACK TO SAVEPOINT is fine.
  CHECK(plan_for("BEGIN;\nsavepoint s;\nrollback to s;\nCOMMIT;").mode == TransactionMode::own);
  // COMMIT AND CHAIN opens the next transaction: it must be committed too (psql -f rolls it back).
  CHECK(rejection("BEGIN;\nselect 1;\nCOMMIT AND CHAIN;\nselect 2;")
            .find("f.sql:3: error: the file's AND CHAIN begins a transaction that is never committed") == 0);
  CHECK(rejection("BEGIN;\nselect 1;\nend work and chain;\nselect 2;").find("f.sql:3: error:") == 0);
  CHECK(plan_for("BEGIN;\nselect 1;\nCOMMIT AND CHAIN;\nselect 2;\nCOMMIT;").left_out ==
        std::vector<std::size_t>{1, 3, 5});
  CHECK(plan_for("BEGIN;\nselect 1;\nCOMMIT AND NO CHAIN;").mode == TransactionMode::own);
}

TEST_CASE("a no-transaction file whose BEGIN is never committed is refused") {
  // Everything after the BEGIN would roll back at the end of the session,
  // yet the file would be recorded as applied.
  try {
    plan_for("create table t (a int);\nBEGIN;\ninsert into t values (1);\n", Directives{false, {}});
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()).find("f.sql:2: error: the file's BEGIN is never committed") == 0);
  }
  CHECK(plan_for("BEGIN;\nselect 1;\nROLLBACK;\nselect 2;", Directives{false, {}}).mode == TransactionMode::autocommit);
}

TEST_CASE("scripts that are not migrations: statements around BEGIN/COMMIT in one transaction, as psql -1") {
  using lexer::TransactionControl;
  const auto plan_of = [](const std::vector<TransactionControl>& controls) {
    TransactionPlanner planner("f.sql", false);
    std::size_t line = 0;
    for (const TransactionControl control : controls) planner.add_statement(++line, control, std::nullopt, false);
    return planner.finish({});
  };
  auto plan = plan_of({TransactionControl::none, TransactionControl::begin, TransactionControl::none,
                       TransactionControl::commit});
  CHECK(plan.mode == TransactionMode::wrapped);
  CHECK(plan.left_out == std::vector<std::size_t>{2, 4});
  CHECK(plan.reason == "one transaction for the whole file: its own BEGIN/COMMIT (lines 2, 4) left out");
  // A ROLLBACK, or a BEGIN never committed: as written (never refused, as up would refuse them).
  plan = plan_of({TransactionControl::none, TransactionControl::begin, TransactionControl::rollback});
  CHECK(plan.mode == TransactionMode::autocommit);
  CHECK(plan.reason == "the file controls its own transactions (line 2): it runs as written");
  CHECK(plan_of({TransactionControl::none, TransactionControl::begin}).mode == TransactionMode::autocommit);
  CHECK(plan_of({TransactionControl::begin, TransactionControl::commit}).mode == TransactionMode::own);
  // statements after the COMMIT may need it (ALTER TYPE ... ADD VALUE, then the value used): as written
  CHECK(plan_of({TransactionControl::begin, TransactionControl::none, TransactionControl::commit,
                 TransactionControl::none}).mode == TransactionMode::autocommit);
}

TEST_CASE("a refusal carries its line and reason apart, for lint") {
  try {
    plan_for("create table a (id int);\nbegin;\nrollback;\n");
    FAIL("not refused");
  } catch (const RefusedTransactions& refused) {
    CHECK(refused.line == 3);
    CHECK(refused.reason.find("the file rolls back its own transaction") == 0);
    CHECK(std::string(refused.what()).find("f.sql:3: error: the file rolls back its own transaction") == 0);
  }
}

TEST_CASE("a file that runs statement by statement for a CREATE INDEX CONCURRENTLY: each refusal's mark holds") {
  // A BEGIN never committed: the mark would not help, so it is not offered,
  // and the marked file is refused with the same words.
  const std::string open = "create table t (a int);\nBEGIN;\ninsert into t values (1);\n"
                           "CREATE INDEX CONCURRENTLY i ON t (a);\n";
  const std::string refused = rejection(open);
  CHECK(refused.find("f.sql:2: error: the file's BEGIN is never committed: everything after it would be rolled back "
                     "when the session ends. Add its COMMIT") == 0);
  CHECK(refused.find("no-transaction") == std::string::npos);
  CHECK(rejection(open, Directives{false, {}}) == refused);
  // START TRANSACTION ... ROLLBACK: refused at the statement that chose the
  // mode, with the mark, which then runs it as written.
  const std::string rolled_back = "create table t (a int);\nSTART TRANSACTION;\ninsert into t values (1);\n"
                                  "ROLLBACK;\nCREATE INDEX CONCURRENTLY i ON t (a);\n";
  CHECK(rejection(rolled_back) ==
        "f.sql:5: error: CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and the file runs its own "
        "transactions around it (line 2): split the file, or mark the file -- pgapply: no-transaction to run it "
        "statement by statement as written");
  CHECK(plan_for(rolled_back, Directives{false, {}}).mode == TransactionMode::autocommit);
  // PREPARE TRANSACTION the same way.
  const std::string prepared = "BEGIN;\nselect 1;\nPREPARE TRANSACTION 'x';\nVACUUM;\n";
  CHECK(rejection(prepared).find("f.sql:4: error: VACUUM cannot run inside a transaction block, and the file runs its "
                                 "own transactions around it (line 1)") == 0);
  CHECK(plan_for(prepared, Directives{false, {}}).mode == TransactionMode::autocommit);
}
