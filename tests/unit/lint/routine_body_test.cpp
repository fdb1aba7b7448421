// The statements of DO blocks and function bodies: the rules fire there as
// at top level; the SQL of an EXECUTE is linted when its command string is a
// constant, one dynamic-sql-unchecked finding per body when it is built at
// run time.
#include "lint/routine_body.hpp"

#include <doctest/doctest.h>

#include "lint_test_support.hpp"

using namespace pgapply::lint;

namespace {

// "rule line:column" of each finding not ignored, one a line.
std::string placed(const LintResult& result) {
  std::string out;
  for (const auto& finding : result.findings) {
    if (finding.ignored()) continue;
    out += finding.rule + " " + std::to_string(finding.line) + ":" + std::to_string(finding.column) + "\n";
  }
  return out;
}

BodyScan scan_of(const std::string& statement) {
  const auto tokens = pgapply::lexer::tokenize(statement);
  const auto body = routine_body(tokens, "f");
  REQUIRE(body.has_value());
  return body_statements(*body);
}

}  // namespace

TEST_CASE("an EXECUTE of a constant string is linted like the statement written in the body") {
  const std::string direct =
      "DO $$ BEGIN\n"
      "  CREATE INDEX i2 ON accounts (email);\n"
      "  ALTER TABLE accounts DROP COLUMN email;\n"
      "END $$;\n";
  const std::string executed =
      "DO $$ BEGIN\n"
      "  EXECUTE 'CREATE INDEX i2 ON accounts (email)';\n"
      "  EXECUTE $q$ALTER TABLE accounts DROP COLUMN email$q$;\n"
      "END $$;\n";
  CHECK(test::rules_of(test::lint_sql(executed)) == test::rules_of(test::lint_sql(direct)));
  // Each at its place in the string, which reads as the file has it.
  CHECK(placed(test::lint_sql(executed)) ==
        "require-concurrent-index-creation 2:12\nban-drop-column 3:35\n");
  const auto result = test::lint_sql(executed);
  const Finding* drop = test::first_of(result, "ban-drop-column");
  REQUIRE(drop != nullptr);
  CHECK(drop->context == "DO block");
  CHECK(drop->source_line == "  EXECUTE $q$ALTER TABLE accounts DROP COLUMN email$q$;");
}

TEST_CASE("escaped and concatenated constant strings: findings at the start of the string's value") {
  const std::string sql =
      "DO $$ BEGIN\n"
      "  EXECUTE 'ALTER TABLE accounts ' || 'DROP COLUMN email';\n"
      "  EXECUTE 'COMMENT ON TABLE t IS ''x''; DROP TABLE sessions';\n"
      "  EXECUTE E'CREATE INDEX i3\\nON accounts (email)' INTO v USING 1;\n"
      "  EXECUTE ('ALTER TABLE accounts ALTER COLUMN id TYPE bigint');\n"  // one literal: in place
      "END $$;\n";
  CHECK(placed(test::lint_sql(sql)) == "ban-drop-column 2:12\n"
                                          "ban-drop-table 3:12\n"
                                          "require-concurrent-index-creation 4:13\n"
                                          "changing-column-type 5:34\n");
}

TEST_CASE("EXECUTE's statements are in the run in body order, in functions too") {
  // The table is created just before: new, so indexing it is fine.
  CHECK_FALSE(test::fires("DO $$ BEGIN CREATE TABLE t (a bigint); EXECUTE 'CREATE INDEX ON t (a)'; END $$;",
                          "require-concurrent-index-creation"));
  CHECK(test::fires("DO $$ BEGIN EXECUTE 'CREATE INDEX ON t (a)'; CREATE TABLE t (a bigint); END $$;",
                    "require-concurrent-index-creation"));
  const auto result = test::lint_sql(
      "CREATE FUNCTION app.f() RETURNS void LANGUAGE plpgsql AS $fn$\n"
      "BEGIN\n"
      "  IF true THEN EXECUTE 'DROP TABLE sessions'; END IF;\n"
      "END $fn$;\n");
  const Finding* drop = test::first_of(result, "ban-drop-table");
  REQUIRE(drop != nullptr);
  CHECK(drop->line == 3);
  CHECK(drop->context == "function app.f");
}

TEST_CASE("a constant command string in FOR ... IN EXECUTE is linted, one built at run time noted") {
  const auto result = test::lint_sql(
      "DO $$ DECLARE r record; BEGIN\n"
      "  FOR r IN EXECUTE 'DROP TABLE sessions' LOOP END LOOP;\n"
      "END $$;\n"
      "DO $$ DECLARE r record; BEGIN FOR r IN EXECUTE 'SELECT ' || col || ' FROM t' LOOP END LOOP; END $$;\n");
  CHECK(placed(result) == "ban-drop-table 2:32\n"  // at the table it drops
                         "dynamic-sql-unchecked 4:48\n");
}

TEST_CASE("SQL built at run time: one dynamic-sql-unchecked warning per body, not an error") {
  const auto result = test::lint_sql(
      "DO $$ BEGIN\n"
      "  EXECUTE 'CREATE INDEX i2 ON accounts (email)';\n"
      "  EXECUTE format('ALTER TABLE %I DROP COLUMN email', 'accounts');\n"
      "  EXECUTE 'DROP TABLE ' || tname;\n"
      "END $$;\n"
      "DO $$ DECLARE q text := 'DROP TABLE x'; BEGIN EXECUTE q; END $$;\n"
      "DO $$ BEGIN EXECUTE 'SELECT 1'; END $$;\n");
  CHECK(placed(result) == "require-concurrent-index-creation 2:12\n"
                         "dynamic-sql-unchecked 3:11\n"   // at format(
                         "dynamic-sql-unchecked 6:55\n");
  const Finding* dynamic = test::first_of(result, dynamic_sql_rule);
  REQUIRE(dynamic != nullptr);
  CHECK(dynamic->severity == Severity::warning);
  CHECK(dynamic->context == "DO block");
  CHECK(find_rule(dynamic_sql_rule)->default_state == RuleDefault::on);

  // Warnings only: lint exits 0 (it fails on errors, or with --max-warnings).
  const auto only_dynamic = test::lint_sql("DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'x'); END $$;\n");
  CHECK(only_dynamic.errors == 0);
  CHECK(only_dynamic.warnings == 1);

  // A lint-ignore above the EXECUTE silences it, --disable turns it off.
  CHECK(test::rules_of(test::lint_sql("DO $$ BEGIN\n"
                                      "  -- pgapply: lint-ignore dynamic-sql-unchecked builds one GRANT per role\n"
                                      "  EXECUTE format('GRANT SELECT ON t TO %I', 'r');\n"
                                      "END $$;\n"))
            .empty());
  LintSettings off;
  off.enabled[std::string(dynamic_sql_rule)] = false;
  CHECK(test::lint_sql("DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'x'); END $$;\n", off).findings.empty());
}

TEST_CASE("which EXECUTE command strings are read, and where their statements are") {
  const auto scan = scan_of("DO $$ BEGIN EXECUTE 'DROP TABLE a; DROP TABLE b'; EXECUTE lower('X'); END $$");
  REQUIRE(scan.statements.size() == 2);
  CHECK(scan.statements[0].text == "DROP TABLE a;");
  CHECK(scan.statements[1].text == "DROP TABLE b");
  CHECK(scan.statements[0].exact);
  CHECK(scan.statements[1].offset - scan.statements[0].offset == 14);
  REQUIRE(scan.unread_execute.has_value());
  for (const char* unread : {"EXECUTE v", "EXECUTE 'DROP TABLE ' || v", "EXECUTE 'x'::text", "EXECUTE X'00'",
                             "EXECUTE E'\\x41'", "EXECUTE format('DROP TABLE %I', t) USING 1"}) {
    CAPTURE(unread);
    const auto unread_scan = scan_of(std::string("DO $$ BEGIN ") + unread + "; END $$");
    CHECK(unread_scan.statements.empty());
    CHECK(unread_scan.unread_execute.has_value());
  }
  const auto escaped = scan_of("DO $$ BEGIN EXECUTE 'COMMENT ON TABLE t IS ''x'''; END $$");
  REQUIRE(escaped.statements.size() == 1);
  CHECK(escaped.statements[0].text == "COMMENT ON TABLE t IS 'x'");
  CHECK_FALSE(escaped.statements[0].exact);
  CHECK_FALSE(escaped.unread_execute.has_value());
}

TEST_CASE("the rules fire inside a DO block, written there or EXECUTEd as a constant string") {
  struct Case {
    std::string_view rule;
    std::string statement;
    int version = default_pg_version;
    FileMode mode = FileMode::wrapped;
  };
  const std::vector<Case> cases{
      {"prefer-text-field", "CREATE TABLE users (email varchar(255))"},
      {"prefer-bigint-over-int", "CREATE TABLE events (id int PRIMARY KEY)"},
      {"prefer-bigint-over-smallint", "ALTER TABLE flags ADD COLUMN bits smallint"},
      {"prefer-identity", "CREATE TABLE users (id bigserial PRIMARY KEY)"},
      {"prefer-timestamptz", "ALTER TABLE events ADD COLUMN created_at timestamp"},
      {"require-concurrent-reindex", "REINDEX INDEX users_email"},
      {"require-concurrent-partition-detach", "ALTER TABLE measurements DETACH PARTITION measurements_2020"},
      {"ban-create-domain-with-constraint", "CREATE DOMAIN positive_int AS int CHECK (VALUE > 0)"},
      {"ban-alter-domain-with-add-constraint", "ALTER DOMAIN positive_int ADD CONSTRAINT nonzero CHECK (VALUE <> 0)"},
      {"prefer-repack", "CLUSTER events USING events_pkey", 190000},
      {"require-table-schema", "CREATE TABLE users (id bigint)"},
      // A DO block run on its own (the file runs statement by statement) stays
      // applied when a later statement fails: running the file again runs it again.
      {"prefer-robust-stmts", "CREATE TABLE app.users (id bigint)", default_pg_version, FileMode::autocommit},
  };
  for (const auto& c : cases) {
    for (const std::string& sql : {"DO $$ BEGIN " + c.statement + "; END $$;\n",
                                   "DO $$ BEGIN EXECUTE $x$" + c.statement + "$x$; END $$;\n"}) {
      CAPTURE(c.rule);
      CAPTURE(sql);
      const auto result = test::lint_files({{"t.sql", sql, c.mode}}, test::all_rules_on(c.version));
      const Finding* finding = test::first_of(result, c.rule);
      REQUIRE(finding != nullptr);
      CHECK(finding->context == "DO block");
      CHECK(finding->column > 12);  // at the statement in the body, not the DO
    }
  }
}

TEST_CASE("prefer-robust-stmts in a DO block: only where the block stays applied and is not guarded") {
  const std::string rule = "prefer-robust-stmts";
  auto fires_in = [&](const std::string& sql, FileMode mode) {
    return test::has_rule(test::lint_files({{"t.sql", sql, mode}}, test::all_rules_on()), rule);
  };
  const std::string plain = "DO $$ BEGIN CREATE TABLE app.t (id bigint); END $$;\n";
  CHECK(fires_in(plain, FileMode::autocommit));
  CHECK_FALSE(fires_in(plain, FileMode::wrapped));  // a failure rolls the whole file back
  CHECK_FALSE(fires_in("DO $$ BEGIN CREATE TABLE IF NOT EXISTS app.t (id bigint); END $$;\n", FileMode::autocommit));
  CHECK_FALSE(fires_in("DO $$ BEGIN IF to_regclass('app.t') IS NULL THEN CREATE TABLE app.t (id bigint); END IF; "
                       "END $$;\n",
                       FileMode::autocommit));
  CHECK_FALSE(fires_in("DO $$ BEGIN CREATE TABLE app.t (id bigint); EXCEPTION WHEN duplicate_table THEN NULL; "
                       "END $$;\n",
                       FileMode::autocommit));
  // A function's body runs when called, not when the file runs.
  CHECK_FALSE(fires_in("CREATE OR REPLACE FUNCTION app.f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
                       "CREATE TABLE app.t (id bigint); END $$;\n",
                       FileMode::autocommit));
}

TEST_CASE("a BEGIN ATOMIC body is linted as a SQL body, each finding at its place in the file") {
  const std::string atomic =
      "CREATE PROCEDURE p() LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  UPDATE users SET a = 1, a = 2;\n"
      "END;\n";
  const auto result = test::lint_sql(atomic);
  CHECK(placed(result) == "ban-duplicate-column-assignments 3:27\n");  // the second a
  const Finding* found = test::first_of(result, "ban-duplicate-column-assignments");
  REQUIRE(found != nullptr);
  CHECK(found->context == "procedure p");
  const auto scan = scan_of("CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1; SELECT 2; END");
  REQUIRE(scan.statements.size() == 2);
  CHECK(scan.statements[0].text == "SELECT 1;");
  // A word atomic elsewhere, or no END to close it: no body.
  CHECK_FALSE(routine_body(pgapply::lexer::tokenize("CREATE FUNCTION f() RETURNS int BEGIN ATOMIC SELECT 1;"), "f"));
}
