// Transactions, timeouts, and robustness where a failure is not rolled back.
#include <doctest/doctest.h>

#include "lint_test_support.hpp"

using namespace pgapply::lint;
using test::fires;

TEST_CASE("transaction-nesting: BEGIN inside BEGIN, COMMIT or ROLLBACK without BEGIN") {
  const char* rule = "transaction-nesting";
  CHECK(fires("BEGIN;\nBEGIN;\nCREATE TABLE t (id bigint);\nCOMMIT;", rule));
  CHECK(fires("CREATE TABLE t (id bigint);\nCOMMIT;", rule));
  CHECK(fires("BEGIN;\nCOMMIT;\nROLLBACK;", rule));
  CHECK_FALSE(fires("BEGIN;\nCREATE TABLE t (id bigint);\nCOMMIT;", rule));
  CHECK_FALSE(fires("SET lock_timeout = '1s';\nBEGIN;\nSAVEPOINT a;\nROLLBACK TO SAVEPOINT a;\nCOMMIT;", rule));
  CHECK_FALSE(fires("CREATE TABLE t (id bigint);", rule));
  const auto result = test::lint_sql("BEGIN;\nBEGIN;\nCOMMIT;", test::all_rules_on());
  const Finding* finding = test::first_of(result, rule);
  REQUIRE(finding != nullptr);
  CHECK(finding->line == 2);
  CHECK(finding->message.find("opened at line 1") != std::string::npos);
}

TEST_CASE("ban-uncommitted-transaction") {
  const char* rule = "ban-uncommitted-transaction";
  CHECK(fires("BEGIN;\nCREATE TABLE t (id bigint);", rule));
  CHECK(fires("BEGIN;\nCOMMIT;\nBEGIN;\nCREATE TABLE t (id bigint);", rule));
  CHECK_FALSE(fires("BEGIN;\nCREATE TABLE t (id bigint);\nCOMMIT;", rule));
  CHECK_FALSE(fires("BEGIN;\nCREATE TABLE t (id bigint);\nROLLBACK;", rule));
  CHECK_FALSE(fires("CREATE TABLE t (id bigint);", rule));
  const auto result = test::lint_sql("CREATE TABLE a (id bigint);\n\nbegin;\nCREATE TABLE t (id bigint);");
  const Finding* finding = test::first_of(result, rule);
  REQUIRE(finding != nullptr);
  CHECK(finding->line == 3);
  CHECK(finding->source_line == "begin;");
}

TEST_CASE("transaction-not-recordable: what up refuses, unless another transaction finding says it") {
  Linter linter({});
  const std::string text = "BEGIN;\nCREATE TABLE b (id bigint);\nROLLBACK;\n";
  linter.add_source("1_x.sql", text);
  FileContext context;
  context.file = "1_x.sql";
  context.mode = FileMode::as_written;
  context.refusal_line = 3;
  context.refusal = "the file rolls back its own transaction, so what it does would never be applied";
  linter.begin_file(context);
  linter.end_file();
  const auto result = linter.finish();
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "transaction-not-recordable");
  CHECK(result.findings[0].line == 3);
  CHECK(result.findings[0].severity == Severity::error);
  CHECK(result.findings[0].source_line == "ROLLBACK;");

  Linter open({});
  const std::string never = "BEGIN;\nCREATE TABLE b (id bigint);\n";
  open.add_source("2_x.sql", never);
  context.file = "2_x.sql";
  context.refusal_line = 1;
  context.refusal = "the file's BEGIN is never committed: add its COMMIT";
  open.begin_file(context);
  open.statement({std::string_view(never).substr(0, 6), "2_x.sql", 1, 1, {}});
  open.statement({std::string_view(never).substr(7, 27), "2_x.sql", 2, 1, {}});
  open.end_file();
  CHECK(test::rules_of(open.finish()) == std::vector<std::string>{"ban-uncommitted-transaction"});
}

TEST_CASE("empty-migration: a file the caller says has nothing to run, a lint-ignore at its end silences it") {
  const auto lint_empty = [](const std::string& text, LintSettings settings = {}) {
    Linter linter(std::move(settings));
    linter.add_source("1_e.sql", text);
    FileContext context;
    context.file = "1_e.sql";
    context.empty = true;
    linter.begin_file(context);
    linter.end_file();
    return linter.finish();
  };
  auto result = lint_empty("-- placeholder\n");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "empty-migration");
  CHECK(result.findings[0].severity == Severity::error);
  CHECK(result.findings[0].line == 1);
  CHECK(result.findings[0].source_line == "-- placeholder");
  CHECK(result.findings[0].message == "the file has no statements: pgapply up refuses it (exit 4) unless --allow-empty");
  CHECK(result.findings[0].safe_way.find("pgapply up --allow-empty") != std::string::npos);
  CHECK(result.errors == 1);

  CHECK(lint_empty("").findings.size() == 1);
  result = lint_empty("-- nothing yet\n-- pgapply: lint-ignore empty-migration applied with --allow-empty on purpose\n");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].ignored());
  CHECK(result.errors == 0);

  LintSettings off;
  off.enabled["empty-migration"] = false;
  CHECK(lint_empty("-- placeholder\n", off).findings.empty());
}

TEST_CASE("CONCURRENTLY in the file's own transaction: one finding, not also up's refusal") {
  Linter linter({});
  const std::string text = "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;\n";
  linter.add_source("3_x.sql", text);
  FileContext context;
  context.file = "3_x.sql";
  context.mode = FileMode::as_written;
  context.refusal_line = 2;
  context.refusal = "CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and the file's own transaction";
  linter.begin_file(context);
  linter.statement({std::string_view(text).substr(0, 6), "3_x.sql", 1, 1, {}});
  linter.statement({std::string_view(text).substr(7, 37), "3_x.sql", 2, 1, {}});
  linter.statement({std::string_view(text).substr(45, 7), "3_x.sql", 3, 1, {}});
  linter.end_file();
  CHECK(test::rules_of(linter.finish()) == std::vector<std::string>{"ban-concurrent-index-creation-in-transaction"});
}

TEST_CASE("a wrapped file's own BEGIN/COMMIT pairs are no finding, and its statements share one transaction") {
  // pgapply runs it as one transaction, the BEGINs and COMMITs left out
  const std::string sql = "CREATE TABLE a (id bigint);\nBEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\n"
                          "COMMIT;\nBEGIN;\nALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;\n";
  const auto result = test::lint_files({{"w.sql", sql, FileMode::wrapped}});
  CHECK(test::rules_of(result) == std::vector<std::string>{"constraint-missing-not-valid"});
  CHECK(test::first_of(result, "constraint-missing-not-valid")->line == 6);
}

TEST_CASE("VALIDATE in the transaction that added it NOT VALID: a foreign key's under its own rule, a new table's none") {
  const auto fk = test::lint_sql("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;\n"
                                 "ALTER TABLE t VALIDATE CONSTRAINT fk;\n");
  CHECK(test::rules_of(fk) == std::vector<std::string>{"adding-foreign-key-constraint"});
  CHECK(test::first_of(fk, "adding-foreign-key-constraint")->message.find("SHARE ROW EXCLUSIVE") != std::string::npos);
  // a table created in the run has no rows to check
  CHECK(test::rules_of(test::lint_sql("CREATE TABLE t (id bigint, p_id bigint);\n"
                                      "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;\n"
                                      "ALTER TABLE t VALIDATE CONSTRAINT fk;\n"
                                      "ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0) NOT VALID;\n"
                                      "ALTER TABLE t VALIDATE CONSTRAINT c;\n"))
            .empty());
}

TEST_CASE("require-lock-timeout and require-statement-timeout are off unless enabled, then once per file") {
  const std::string sql = "ALTER TABLE users ADD COLUMN a text;\nALTER TABLE users ADD COLUMN b text;";
  CHECK_FALSE(test::has_rule(test::lint_sql(sql), "require-lock-timeout"));
  const auto result = test::lint_sql(sql, test::all_rules_on());
  const auto rules = test::rules_of(result);
  CHECK(std::count(rules.begin(), rules.end(), "require-lock-timeout") == 1);
  CHECK(test::has_rule(result, "require-statement-timeout"));
  CHECK_FALSE(fires("SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN a text;", "require-lock-timeout"));
  CHECK_FALSE(fires("SET \"lock_timeout\" = '2s';\nALTER TABLE users ADD COLUMN a text;", "require-lock-timeout"));  // quoted, as squawk reads it
  CHECK(fires("SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN a text;", "require-statement-timeout"));
  CHECK_FALSE(fires("SELECT set_config('statement_timeout', '5s', false);\nDROP TABLE t;",
                    "require-statement-timeout"));
  CHECK_FALSE(fires("CREATE TABLE t (id bigint);\nINSERT INTO t VALUES (1);", "require-lock-timeout"));
  CHECK(fires("DO $$ BEGIN ALTER TABLE users ADD COLUMN a text; END $$;", "require-lock-timeout"));
  CHECK(fires("TRUNCATE users;", "require-lock-timeout"));
  // the timeout must come before
  CHECK(fires("DROP TABLE t;\nSET LOCAL lock_timeout = '1s';", "require-lock-timeout"));
  // ... and be one: 0 or DEFAULT switches it off (pgapply's own 5s with it), RESET too
  CHECK(fires("SET lock_timeout = 0;\nDROP TABLE t;", "require-lock-timeout"));
  CHECK(fires("SET lock_timeout TO '0ms';\nDROP TABLE t;", "require-lock-timeout"));
  CHECK(fires("SET lock_timeout TO DEFAULT;\nDROP TABLE t;", "require-lock-timeout"));
  CHECK(fires("SELECT set_config('lock_timeout', '0', false);\nDROP TABLE t;", "require-lock-timeout"));
  CHECK(fires("SET lock_timeout = '2s';\nRESET lock_timeout;\nDROP TABLE t;", "require-lock-timeout"));
  CHECK_FALSE(fires("SET lock_timeout = 100;\nDROP TABLE t;", "require-lock-timeout"));
  CHECK_FALSE(fires("SET lock_timeout = '0.5s';\nDROP TABLE t;", "require-lock-timeout"));
}

TEST_CASE("prefer-robust-stmts: only where a failure is not rolled back (opt-in)") {
  const char* rule = "prefer-robust-stmts";
  const std::string file = "CREATE INDEX CONCURRENTLY users_email ON users (email);\n";  // runs statement by statement
  CHECK(fires(file, rule));
  CHECK_FALSE(fires("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users (email);", rule));
  CHECK(fires(file + "ALTER TABLE users ADD COLUMN email text;", rule));
  CHECK_FALSE(fires("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);\n"
                    "ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;", rule));
  CHECK(fires(file + "ALTER TABLE users DROP COLUMN email;", rule));
  CHECK(fires(file + "DROP TABLE t;", rule));
  CHECK(fires(file + "DROP TYPE mood;", rule));
  CHECK(fires(file + "CREATE TABLE t (id bigint);", rule));
  CHECK(fires(file + "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);", rule));
  CHECK_FALSE(fires("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\n"
                    "ALTER TABLE t DROP CONSTRAINT IF EXISTS c;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);",
                    rule));
  // in a transaction a failure undoes everything: running again is fine
  CHECK_FALSE(fires("ALTER TABLE users ADD COLUMN email text;\nCREATE TABLE t (id bigint);", rule));
  CHECK_FALSE(fires("VACUUM t;\nBEGIN;\nCREATE TABLE t (id bigint);\nCOMMIT;", rule));
  CHECK_FALSE(test::has_rule(test::lint_sql(file), rule));  // opt-in
}
