// CONCURRENTLY: where it is missing and where it cannot run.
#include <doctest/doctest.h>

#include "lint_test_support.hpp"

using namespace pgapply::lint;
using test::fires;
using test::first_of;
using test::has_rule;
using test::lint_sql;

TEST_CASE("require-concurrent-index-creation") {
  const char* rule = "require-concurrent-index-creation";
  CHECK(fires("CREATE INDEX users_email ON users (email);", rule));
  CHECK(fires("CREATE UNIQUE INDEX ON app.users (lower(email));", rule));
  CHECK(fires("DO $$ BEGIN CREATE INDEX IF NOT EXISTS users_email ON users (email); END $$;", rule));
  CHECK_FALSE(fires("CREATE INDEX CONCURRENTLY users_email ON users (email);", rule));
  CHECK_FALSE(fires("CREATE INDEX m_day ON ONLY measurements (day);", rule));  // the parent alone: no rows
  // the table is new: nobody writes to it yet
  CHECK_FALSE(fires("CREATE TABLE users (email text);\nCREATE INDEX users_email ON users (email);", rule));
  CHECK_FALSE(fires("CREATE TABLE app.users (email text);\nCREATE INDEX ON users (email);", rule));
  CHECK(fires("CREATE TABLE app.users (email text);\nCREATE INDEX ON other.users (email);", rule));
  // an idempotent file's table, created IF NOT EXISTS, counts as new (as squawk counts it)
  CHECK_FALSE(fires("CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX t_a ON t (a);", rule));
  CHECK_FALSE(fires("CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX IF NOT EXISTS t_a ON t (a);", rule));
  CHECK(fires("CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX u_a ON u (a);", rule));
  // ... and one CREATE SCHEMA makes with it (where CONCURRENTLY cannot go)
  CHECK_FALSE(fires("CREATE SCHEMA s CREATE TABLE t (a int) CREATE INDEX ON t (a);", rule));
  // (PostgreSQL makes its tables before its indexes, whatever their order)
  CHECK_FALSE(fires("CREATE SCHEMA s CREATE INDEX ON t (a) CREATE TABLE t (a int);", rule));
  CHECK(fires("CREATE SCHEMA s CREATE INDEX ON u (a) CREATE TABLE t (a int);", rule));
  // ... but not in a DO block's IF, which may not run
  CHECK(fires("DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE TABLE t (a int); END IF; END $$;\n"
              "CREATE INDEX t_a ON t (a);", rule));
  // a function's body runs later, on the table as it is then
  CHECK(fires("CREATE TABLE log (at timestamptz);\n"
              "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE INDEX ON log (at); END $$;",
              rule));
  // ... unless the body creates the table itself
  CHECK_FALSE(fires("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE log_2 (at int);"
                    " CREATE INDEX ON log_2 (at); END $$;", rule));
}

TEST_CASE("require-concurrent-index-deletion") {
  const char* rule = "require-concurrent-index-deletion";
  CHECK(fires("DROP INDEX users_email;", rule));
  CHECK(fires("DROP INDEX IF EXISTS app.users_email;", rule));
  CHECK_FALSE(fires("DROP INDEX CONCURRENTLY users_email;", rule));
  CHECK_FALSE(fires("CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;", rule));
  CHECK(fires("CREATE INDEX CONCURRENTLY t_a ON t (a);\nDROP INDEX t_a;", rule));  // t is an old table
  // IF NOT EXISTS may have found an old table, whose index the file drops
  CHECK(fires("CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;", rule));
}

TEST_CASE("CREATE INDEX ON ONLY a table the run made without PARTITION BY is an ordinary CREATE INDEX") {
  const std::vector<test::TestFile> files = {
      {"001_t.sql", "CREATE TABLE t (id int);\nCREATE TABLE p (id int) PARTITION BY RANGE (id);\n", std::nullopt},
      // applied long after: both tables are old
      {"002_t.sql", "CREATE INDEX t_id ON ONLY t (id);\nCREATE INDEX p_id ON ONLY p (id);\n", std::nullopt, true}};
  const LintResult result = test::lint_files(files, test::all_rules_on());
  std::vector<std::string> messages;
  for (const auto& finding : result.findings) {
    if (finding.rule == "require-concurrent-index-creation") messages.push_back(finding.message);
  }
  // the plain table's ONLY changes nothing; the partitioned one's index is the parent's alone
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == "CREATE INDEX t_id ON t without CONCURRENTLY (ONLY changes nothing on a table that is not "
                       "partitioned: every row is read while writes wait)");
}

TEST_CASE("a partitioned table: CREATE INDEX is told the ON ONLY way, DROP INDEX that CONCURRENTLY cannot be had") {
  // PostgreSQL refuses CONCURRENTLY on both ("cannot create index on partitioned table ... concurrently").
  const std::vector<test::TestFile> files = {
      {"001_ev.sql", "CREATE TABLE ev (id int, ts timestamptz) PARTITION BY RANGE (ts);\n"
                     "CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n",
       std::nullopt},
      // each applied long after the one before (as lint of a directory takes them): the tables are old
      {"002_ev_ts.sql", "CREATE INDEX ev_ts ON ev (ts);\n", std::nullopt, true},
      {"003_drop.sql", "DROP INDEX ev_ts;\n", std::nullopt, true},
      {"004_partition.sql", "CREATE INDEX ev_2024_id ON ev_2024 (id);\n", std::nullopt, true}};
  const LintResult result = test::lint_files(files, test::all_rules_on());
  const Finding* create = first_of(result, "require-concurrent-index-creation");
  REQUIRE(create != nullptr);
  CHECK(create->file == "002_ev_ts.sql");
  CHECK(create->message == "CREATE INDEX ev_ts ON ev, a partitioned table: every partition is locked while it is indexed");
  CHECK(create->safe_way.find("CREATE INDEX ev_ts ON ONLY ev (...)") == 0);
  CHECK(create->safe_way.find("ALTER INDEX ev_ts ATTACH PARTITION") != std::string::npos);
  CHECK(create->safe_way.find("CREATE INDEX CONCURRENTLY") != std::string::npos);
  // the partition itself is a plain table: CONCURRENTLY, as for any table
  std::size_t creations = 0;
  for (const auto& finding : result.findings) {
    if (finding.rule != "require-concurrent-index-creation") continue;
    ++creations;
    if (finding.file == "004_partition.sql") CHECK(finding.safe_way.find("CREATE INDEX CONCURRENTLY") == 0);
  }
  CHECK(creations == 2);
  const Finding* drop = first_of(result, "require-concurrent-index-deletion");
  REQUIRE(drop != nullptr);
  CHECK(drop->message == "DROP INDEX ev_ts of a partitioned table, which takes no CONCURRENTLY");
  CHECK(drop->safe_way.find("PostgreSQL cannot drop a partitioned table's index CONCURRENTLY") != std::string::npos);
  // Known from the database (preflight): its partitioned tables and their indexes.
  LintSettings known = test::all_rules_on();
  known.partitioned_relations = {{"public", "measurements"}, {"public", "measurements_day"}};
  const LintResult preflight = lint_sql("CREATE INDEX m_id ON measurements (id);\nDROP INDEX measurements_day;\n", known);
  REQUIRE(first_of(preflight, "require-concurrent-index-creation") != nullptr);
  CHECK(first_of(preflight, "require-concurrent-index-creation")->safe_way.find("ON ONLY measurements") !=
        std::string::npos);
  REQUIRE(first_of(preflight, "require-concurrent-index-deletion") != nullptr);
  CHECK(first_of(preflight, "require-concurrent-index-deletion")->message.find("of a partitioned table") !=
        std::string::npos);
  // Not partitioned: as before.
  CHECK(fires("CREATE TABLE t (a int);\nCREATE INDEX t_a ON other (a);\nDROP INDEX other_a;", "require-concurrent-index-deletion"));
}

TEST_CASE("require-concurrent-reindex, from PostgreSQL 12") {
  const char* rule = "require-concurrent-reindex";
  CHECK(fires("REINDEX INDEX users_email;", rule));
  CHECK(fires("REINDEX TABLE users;", rule));
  CHECK(fires("REINDEX (VERBOSE) TABLE users;", rule));
  CHECK_FALSE(fires("REINDEX INDEX CONCURRENTLY users_email;", rule));
  CHECK_FALSE(fires("REINDEX (CONCURRENTLY) TABLE users;", rule));
  CHECK_FALSE(fires("REINDEX SYSTEM;", rule));
  CHECK_FALSE(fires("REINDEX INDEX users_email;", rule, 110000));
  CHECK_FALSE(fires("CREATE TABLE users (a int);\nREINDEX TABLE users;", rule));
}

TEST_CASE("require-concurrent-partition-detach, from PostgreSQL 14") {
  const char* rule = "require-concurrent-partition-detach";
  CHECK(fires("ALTER TABLE measurements DETACH PARTITION measurements_2020;", rule));
  CHECK(fires("ALTER TABLE app.measurements DETACH PARTITION app.measurements_2020;", rule));
  CHECK_FALSE(fires("ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;", rule));
  CHECK_FALSE(fires("ALTER TABLE measurements DETACH PARTITION measurements_2020 FINALIZE;", rule));
  CHECK_FALSE(fires("ALTER TABLE measurements DETACH PARTITION measurements_2020;", rule, 130000));
  CHECK_FALSE(fires("ALTER TABLE measurements ATTACH PARTITION m FOR VALUES IN (1);", rule));
}

TEST_CASE("ban-concurrent-index-creation-in-transaction") {
  const char* rule = "ban-concurrent-index-creation-in-transaction";
  CHECK(fires("BEGIN;\nCREATE INDEX CONCURRENTLY users_email ON users (email);\nCOMMIT;", rule));
  CHECK(fires("DO $$ BEGIN CREATE INDEX CONCURRENTLY users_email ON users (email); END $$;", rule));
  CHECK(fires("CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN DROP INDEX CONCURRENTLY i; END $$;", rule));
  CHECK(fires("BEGIN;\nREINDEX INDEX CONCURRENTLY i;\nCOMMIT;", rule));
  CHECK(fires("BEGIN;\nVACUUM users;\nCOMMIT;", rule));
  CHECK(fires("BEGIN;\nALTER TABLE m DETACH PARTITION p CONCURRENTLY;\nCOMMIT;", rule));
  // pgapply runs a file with CONCURRENTLY statement by statement
  CHECK_FALSE(fires("CREATE INDEX CONCURRENTLY users_email ON users (email);", rule));
  CHECK_FALSE(fires("SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY a ON t (x);\nDROP INDEX CONCURRENTLY b;",
                    rule));
  // ... unless the file forces a transaction
  const auto forced = test::lint_files({{"f.sql",
                                         "-- pgapply: transaction\nCREATE INDEX CONCURRENTLY a ON t (x);",
                                         FileMode::wrapped}});
  CHECK(test::has_rule(forced, rule));
}

TEST_CASE("an index on a materialized view the run created is on a new relation") {
  // crates.io's create_recent_crate_downloads: the view is made and indexed
  // in one file; nobody reads it yet.
  const char* rule = "require-concurrent-index-creation";
  CHECK_FALSE(fires("CREATE MATERIALIZED VIEW recent (crate_id, downloads) AS SELECT 1, 2;\n"
                    "CREATE UNIQUE INDEX recent_crate_id ON recent (crate_id);\n", rule));
  CHECK_FALSE(fires("CREATE MATERIALIZED VIEW recent AS SELECT 1 AS a WITH NO DATA;\n"
                    "DROP INDEX IF EXISTS nothing;\nCREATE INDEX recent_a ON recent (a);\n", rule));
  // An old one, or one dropped since: its readers wait.
  CHECK(fires("CREATE INDEX recent_a ON recent (a);\n", rule));
  CHECK(fires("CREATE MATERIALIZED VIEW recent AS SELECT 1 AS a;\nDROP MATERIALIZED VIEW recent;\n"
              "CREATE INDEX recent_a ON recent (a);\n", rule));
}

TEST_CASE("a finding names the table it is about, for preflight to look up its size") {
  const auto table_of = [](const std::string& sql, std::string_view rule) {
    const LintResult result = lint_sql(sql);
    const Finding* finding = first_of(result, rule);
    REQUIRE(finding != nullptr);
    return finding->table.to_string();
  };
  CHECK(table_of("CREATE INDEX users_email ON app.users (email);", "require-concurrent-index-creation") == "app.users");
  // A foreign key locks both tables; it checks the rows of the one it is added to.
  CHECK(table_of("ALTER TABLE orders ADD CONSTRAINT o_fk FOREIGN KEY (user_id) REFERENCES users (id);",
                 "adding-foreign-key-constraint") == "orders");
  CHECK(table_of("ALTER TABLE events ALTER COLUMN id TYPE bigint;", "changing-column-type") == "events");
  CHECK(table_of("REINDEX TABLE events;", "require-concurrent-reindex") == "events");
  CHECK(table_of("CREATE TABLE t (at timestamp);", "prefer-timestamptz") == "t");
  // Which rules' harm grows with the table: the lock is held over every row.
  CHECK(find_rule("require-concurrent-index-creation")->scales_with_table);
  CHECK(find_rule("adding-field-with-default")->scales_with_table);
  CHECK_FALSE(find_rule("prefer-timestamptz")->scales_with_table);
  CHECK_FALSE(find_rule("ban-drop-table")->scales_with_table);
}

TEST_CASE("DROP INDEX of an index an unnamed CREATE INDEX made, on a table the run created, is on a new table") {
  // crates.io: CREATE INDEX ON api_tokens (token), later DROP INDEX api_tokens_token_idx.
  const char* rule = "require-concurrent-index-deletion";
  CHECK_FALSE(fires("CREATE TABLE api_tokens (id bigint, token bytea);\nCREATE INDEX ON api_tokens (token);\n"
                    "DROP INDEX api_tokens_token_idx;\n", rule));
  CHECK_FALSE(fires("CREATE TABLE r (name text);\nCREATE UNIQUE INDEX ON r (lower(name));\nCREATE INDEX ON r (lower(name));\n"
                    "DROP INDEX r_lower_idx1;\n", rule));
  CHECK(fires("CREATE INDEX ON api_tokens (token);\nDROP INDEX api_tokens_token_idx;\n", rule));  // an old table
}
