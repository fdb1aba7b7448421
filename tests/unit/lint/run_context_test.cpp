// What lint knows across the migrations of one run.
#include <doctest/doctest.h>

#include "lint/routine_body.hpp"
#include "lint/run_state.hpp"
#include "lint_test_support.hpp"

using namespace pgapply::lint;

TEST_CASE("a table created by an earlier migration of the run is new in later ones") {
  const auto result = test::lint_files(
      {{"001_create.sql", "CREATE TABLE app.events (id bigint, kind text);\n", {}},
       {"002_index.sql", "CREATE INDEX events_kind ON app.events (kind);\n", {}},
       {"003_not_null.sql", "ALTER TABLE app.events ADD COLUMN source text NOT NULL;\n", {}},
       {"004_old.sql", "CREATE INDEX users_email ON users (email);\n", {}}});
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "require-concurrent-index-creation");
  CHECK(result.findings[0].file == "004_old.sql");
  CHECK(result.files == 4);
}

TEST_CASE("CREATE TABLE IF NOT EXISTS of a table the database lacks is new and empty, when lint knows the database") {
  // preflight lints against the target: ente's 2_create_subscriptions makes
  // subscriptions with IF NOT EXISTS on a database without it, so 4 adding
  // NOT NULL columns to it cannot fail and locks a table nobody uses.
  const std::vector<test::TestFile> files{
      {"002_create.sql", "CREATE TABLE IF NOT EXISTS subscriptions (id bigint);\n", {}},
      {"004_alter.sql", "ALTER TABLE subscriptions ADD COLUMN product_id text NOT NULL;\n"
                        "ALTER TABLE subscriptions ALTER COLUMN id TYPE numeric;\n"
                        "ALTER TABLE users ADD COLUMN x text NOT NULL;\n", {}}};
  // Unknown database (pgapply lint): the table may be an old one, full.
  auto result = test::lint_files(files);
  CHECK(test::rules_of(result) == std::vector<std::string>{"adding-required-field", "changing-column-type",
                                                           "adding-required-field"});
  LintSettings known;
  known.existing_relations = std::vector<pgapply::ddl::QualifiedName>{{"public", "users"}};
  result = test::lint_files(files, known);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].rule == "adding-required-field");
  CHECK(result.findings[0].line == 3);  // users exists: it may have rows
  // A table the database has: IF NOT EXISTS skips it, it stays old.
  known.existing_relations->push_back({"public", "subscriptions"});
  CHECK(test::lint_files(files, known).findings.size() == 3);

  // auth's add_unique_idx: DROP INDEX IF EXISTS of an index the database
  // lacks (and the run did not make) drops nothing.
  const std::vector<test::TestFile> drops{{"005_drop.sql", "DROP INDEX IF EXISTS gone_idx;\nDROP INDEX users_idx;\n", {}}};
  CHECK(test::rules_of(test::lint_files(drops)) ==
        std::vector<std::string>{"require-concurrent-index-deletion", "require-concurrent-index-deletion"});
  known.existing_relations->push_back({"public", "users_idx"});
  result = test::lint_files(drops, known);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].line == 2);
  // Unless the run made an index whose name lint cannot tell: the server
  // named it (users_email_idx is taken, so it is users_email_idx1 or
  // another), or EXECUTE made it, or it is a rename of one lint did not see.
  known.existing_relations->push_back({"public", "users_email_idx"});
  for (const char* maker : {"CREATE INDEX ON users (email);\n", "ALTER INDEX old_idx RENAME TO gone_idx;\n",
                            "DO $$ BEGIN EXECUTE 'CREATE INDEX gone_idx ON users (email)'; END $$;\n"}) {
    INFO(maker);
    std::vector<test::TestFile> made{{"004_make.sql", maker, {}}};
    made.push_back(drops[0]);
    const auto made_result = test::lint_files(made, known);
    CHECK(test::has_rule(made_result, "require-concurrent-index-deletion"));
    const auto first = test::first_of(made_result, "require-concurrent-index-deletion");
    REQUIRE(first != nullptr);
    CHECK(first->line == 1);
  }
}

TEST_CASE("a migration linted as a run of its own: tables of earlier files are old, their renames still known") {
  // 001 was applied months before 050: users is full and in use by then.
  const auto result = test::lint_files(
      {{"001_users.sql", "CREATE TABLE users (id bigint, email text, name text);\n", {}, true},
       {"010_rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n", {}, true},
       {"050_index.sql",
        "CREATE INDEX users_email ON users (email);\n"
        "CREATE TABLE tags (id bigint, label text);\n"
        "CREATE INDEX tags_label ON tags (label);\n"
        "CREATE INDEX users_name ON users (name);\n",
        {}, true}});
  std::vector<std::string> seen;
  for (const auto& finding : result.findings) seen.push_back(finding.file + ":" + std::to_string(finding.line) + " " + finding.rule);
  // tags is created earlier in the same file: new; users is not.
  CHECK(seen == std::vector<std::string>{"010_rename.sql:1 renaming-column",
                                         "050_index.sql:1 require-concurrent-index-creation",
                                         "050_index.sql:4 require-concurrent-index-creation",
                                         "050_index.sql:4 uses-renamed-column"});
}

TEST_CASE("a table dropped and the run's names compare as PostgreSQL folds them") {
  RunState run;
  run.table_created({"app", "events"}, true);
  CHECK(run.new_table({"", "events"}) != nullptr);
  CHECK(run.new_table({"app", "events"}) != nullptr);
  CHECK(run.new_table({"other", "events"}) == nullptr);
  run.table_renamed({"app", "events"}, "happenings", {"1.sql", 3});
  CHECK(run.new_table({"app", "happenings"}) != nullptr);
  REQUIRE(run.renamed_table({"", "events"}) != nullptr);
  CHECK(run.renamed_table({"", "events"})->origin.text() == "1.sql:3");
  run.table_dropped({"", "happenings"});
  CHECK(run.new_table({"app", "happenings"}) == nullptr);
}

TEST_CASE("the body of a DO block or a function, with where it starts") {
  const std::string statement = "CREATE FUNCTION app.f() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n"
                                "  IF true THEN DROP TABLE t; END IF;\n  EXECUTE format('x %s', v);\nEND $fn$;";
  const auto tokens = pgapply::lexer::tokenize(statement);
  const auto body = routine_body(tokens, "app.f");
  REQUIRE(body.has_value());
  CHECK_FALSE(body->do_block);
  CHECK(body->label == "function app.f");
  CHECK(body->language == "plpgsql");
  CHECK(statement.substr(body->offset, 6) == "\nBEGIN");
  const auto scan = body_statements(*body);
  REQUIRE(scan.statements.size() == 1);
  CHECK(scan.statements[0].text == "DROP TABLE t");
  CHECK(scan.statements[0].conditional);
  CHECK(scan.unread_execute.has_value());

  const std::string sql = "CREATE OR REPLACE PROCEDURE p() AS 'DROP TABLE a; DROP TABLE b'";
  const auto sql_tokens = pgapply::lexer::tokenize(sql);
  const auto sql_body = routine_body(sql_tokens, "p");
  REQUIRE(sql_body.has_value());
  CHECK(sql_body->language == "sql");
  CHECK(body_statements(*sql_body).statements.size() == 2);

  const auto c_tokens = pgapply::lexer::tokenize("CREATE FUNCTION f() RETURNS int LANGUAGE c AS 'lib', 'f'");
  CHECK(body_statements(*routine_body(c_tokens, "f")).statements.empty());
  CHECK_FALSE(routine_body(pgapply::lexer::tokenize("CREATE TABLE t (a text DEFAULT 'x')"), "").has_value());
}

TEST_CASE("findings in a function's body are located in the file and say where they are") {
  const auto result = test::lint_sql(
      "CREATE FUNCTION app.rotate() RETURNS void LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "  ALTER TABLE app.log ALTER COLUMN id TYPE bigint;\n"
      "END $$;\n");
  const Finding* finding = test::first_of(result, "changing-column-type");
  REQUIRE(finding != nullptr);
  CHECK(finding->line == 3);
  CHECK(finding->column == 23);
  CHECK(finding->context == "function app.rotate");
  CHECK(finding->source_line == "  ALTER TABLE app.log ALTER COLUMN id TYPE bigint;");
}

TEST_CASE("a statement with interpolated text is located through the caller's map") {
  Linter linter({});
  linter.add_source("f.sql", "\\set t users\nDROP TABLE :t;\n");
  linter.begin_file({"f.sql", FileMode::wrapped, false, std::nullopt, ""});
  StatementInput input;
  input.text = "DROP TABLE users;";
  input.file = "f.sql";
  input.line = 2;
  input.locate = [](std::size_t offset) { return Position{2, offset < 11 ? offset + 1 : 12}; };
  linter.statement(input);
  linter.end_file();
  const auto result = linter.finish();
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].line == 2);
  CHECK(result.findings[0].column == 12);  // the table's name, mapped back to ":t"
  CHECK(result.findings[0].source_line == "DROP TABLE :t;");
}
