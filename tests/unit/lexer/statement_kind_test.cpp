#include "lexer/statement_kind.hpp"

#include <doctest/doctest.h>

using namespace pgapply::lexer;

namespace {

TransactionControl control(std::string_view text) { return transaction_control(tokenize(text)); }
std::string autocommit(std::string_view text) { return needs_autocommit(tokenize(text)).value_or(""); }

}  // namespace

TEST_CASE("transaction control statements") {
  CHECK(control("BEGIN") == TransactionControl::begin);
  CHECK(control("begin isolation level serializable;") == TransactionControl::begin);
  CHECK(control("START TRANSACTION READ WRITE") == TransactionControl::begin);
  CHECK(control("COMMIT;") == TransactionControl::commit);
  CHECK(control("end transaction") == TransactionControl::commit);
  CHECK(control("ROLLBACK") == TransactionControl::rollback);
  CHECK(control("abort") == TransactionControl::rollback);
  CHECK(control("ROLLBACK TO SAVEPOINT a") == TransactionControl::savepoint);
  CHECK(control("rollback to a") == TransactionControl::savepoint);
  CHECK(control("SAVEPOINT a") == TransactionControl::savepoint);
  CHECK(control("RELEASE SAVEPOINT a") == TransactionControl::savepoint);
  CHECK(control("PREPARE TRANSACTION 'x'") == TransactionControl::prepare_transaction);
  CHECK(control("COMMIT PREPARED 'x'") == TransactionControl::none);
  CHECK(control("select 1") == TransactionControl::none);
  CHECK(control("start") == TransactionControl::none);
}

TEST_CASE("statements that cannot run in a transaction block") {
  CHECK(autocommit("CREATE INDEX CONCURRENTLY i ON t (a)") == "CREATE INDEX CONCURRENTLY");
  CHECK(autocommit("create unique index concurrently if not exists i on t(a)") == "CREATE INDEX CONCURRENTLY");
  CHECK(autocommit("DROP INDEX CONCURRENTLY i") == "DROP INDEX CONCURRENTLY");
  CHECK(autocommit("REINDEX (VERBOSE) TABLE CONCURRENTLY t") == "REINDEX CONCURRENTLY");
  CHECK(autocommit("REINDEX DATABASE d") == "REINDEX DATABASE");
  CHECK(autocommit("VACUUM (ANALYZE) t") == "VACUUM");
  CHECK(autocommit("CREATE DATABASE x") == "CREATE DATABASE");
  CHECK(autocommit("DROP DATABASE IF EXISTS x") == "DROP DATABASE");
  CHECK(autocommit("ALTER DATABASE d SET TABLESPACE t") == "ALTER DATABASE ... SET TABLESPACE");
  CHECK(autocommit("ALTER SYSTEM SET work_mem = '1MB'") == "ALTER SYSTEM");
  CHECK(autocommit("CLUSTER") == "CLUSTER (all tables)");
  CHECK(autocommit("CLUSTER VERBOSE") == "CLUSTER (all tables)");
  CHECK(autocommit("COMMIT PREPARED 'x'") == "COMMIT PREPARED");
  CHECK(autocommit("ALTER TABLE app.m DETACH PARTITION app.m_2020 CONCURRENTLY;") ==
        "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY");
  CHECK(autocommit("ALTER TABLE m DETACH PARTITION m_2020") == "");
  CHECK(autocommit("ALTER TABLE m DETACH PARTITION m_2020 FINALIZE") == "");
  CHECK(autocommit("CLUSTER t USING i") == "");
  CHECK(autocommit("CREATE INDEX i ON t (a)") == "");
  CHECK(autocommit("REINDEX TABLE t") == "");
  CHECK(autocommit("ALTER DATABASE d SET work_mem = '1MB'") == "");
  CHECK(autocommit("select 'VACUUM'") == "");
  CHECK(autocommit("-- VACUUM\nselect 1") == "");
}

TEST_CASE("session settings") {
  CHECK(is_session_setting(tokenize("SET search_path = app")));
  CHECK(is_session_setting(tokenize("set local lock_timeout = '1s'")));
  CHECK(is_session_setting(tokenize("RESET ALL")));
  CHECK_FALSE(is_session_setting(tokenize("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")));
  CHECK_FALSE(is_session_setting(tokenize("select 1")));
}

TEST_CASE("statements that may make a transaction read-only") {
  CHECK(may_make_read_only(tokenize("BEGIN READ ONLY")));
  CHECK(may_make_read_only(tokenize("start transaction isolation level serializable, read only")));
  CHECK(may_make_read_only(tokenize("SET TRANSACTION READ ONLY")));
  CHECK(may_make_read_only(tokenize("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")));
  CHECK(may_make_read_only(tokenize("set local transaction_read_only = on")));
  CHECK(may_make_read_only(tokenize("SET default_transaction_read_only TO true")));
  CHECK(may_make_read_only(tokenize("select set_config('Default_Transaction_Read_Only', 'on', false)")));
  CHECK_FALSE(may_make_read_only(tokenize("BEGIN ISOLATION LEVEL SERIALIZABLE")));
  CHECK_FALSE(may_make_read_only(tokenize("SET TRANSACTION READ WRITE")));
  CHECK_FALSE(may_make_read_only(tokenize("create table read_log (id int)")));
}

TEST_CASE("statements that may change the role without saying so in their first words") {
  const auto unseen = [](std::string_view statement) { return may_change_role_unseen(tokenize(statement), statement); };
  CHECK(unseen("do $$ begin execute 'SET ROLE app_owner'; end $$"));
  CHECK(unseen("DO $$ BEGIN SET SESSION AUTHORIZATION admin; END $$"));
  CHECK(unseen("do $x$ begin perform set_config('role', 'admin', false); end $x$"));
  CHECK(unseen("call backfill()"));
  CHECK_FALSE(unseen("do $$ begin create table t (id int); end $$"));
  CHECK_FALSE(unseen("set role admin"));  // says so: is_session_setting
  CHECK_FALSE(unseen("select 'set role admin'"));
}

TEST_CASE("statements that must come before the transaction's first query") {
  CHECK(sets_transaction(tokenize("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")));
  CHECK(sets_transaction(tokenize("set local transaction_isolation = 'repeatable read'")));
  CHECK(sets_transaction(tokenize("SET transaction_deferrable = on")));
  CHECK(sets_transaction(tokenize("begin isolation level serializable")));
  CHECK(sets_transaction(tokenize("BEGIN TRANSACTION READ ONLY")));
  CHECK(sets_transaction(tokenize("start transaction isolation level repeatable read")));
  CHECK_FALSE(sets_transaction(tokenize("BEGIN")));
  CHECK_FALSE(sets_transaction(tokenize("begin work")));
  CHECK_FALSE(sets_transaction(tokenize("START TRANSACTION")));
  CHECK_FALSE(sets_transaction(tokenize("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE")));
  CHECK_FALSE(sets_transaction(tokenize("SET search_path = app")));
  CHECK_FALSE(sets_transaction(tokenize("select 'SET TRANSACTION'")));
}
