// -- pgapply: lint-ignore RULE reason
#include <doctest/doctest.h>

#include "lint/source_text.hpp"
#include "lint_test_support.hpp"

using namespace pgapply::lint;

TEST_CASE("a lint-ignore comment is parsed with its rules and reason") {
  IgnoreComment comment;
  REQUIRE(parse_ignore_comment("  -- pgapply: lint-ignore ban-drop-table the table was never used", comment));
  CHECK(comment.rules == std::vector<std::string>{"ban-drop-table"});
  CHECK(comment.reason == "the table was never used");
  CHECK(comment.unknown.empty());
  REQUIRE(parse_ignore_comment("--pgapply:lint-ignore ban-drop-table, ban-drop-column,renaming-column  why not",
                               comment));
  CHECK(comment.rules == std::vector<std::string>{"ban-drop-table", "ban-drop-column", "renaming-column"});
  CHECK(comment.reason == "why not");
  REQUIRE(parse_ignore_comment("-- pgapply: lint-ignore ban-drop-tables", comment));
  CHECK(comment.reason.empty());
  CHECK(comment.unknown == std::vector<std::string>{"ban-drop-tables"});
  REQUIRE(parse_ignore_comment("-- pgapply: lint-ignore", comment));
  CHECK(comment.rules.empty());
  CHECK_FALSE(parse_ignore_comment("-- pgapply: lint-ignored x y", comment));
  CHECK_FALSE(parse_ignore_comment("-- pgapply: no-transaction", comment));
  CHECK_FALSE(parse_ignore_comment("select 1 -- pgapply: lint-ignore x y", comment));
  // In capitals, and as a /* */ comment alone on its line: the same comment.
  REQUIRE(parse_ignore_comment("-- PGAPPLY: LINT-IGNORE ban-drop-table gone", comment));
  CHECK(comment.rules == std::vector<std::string>{"ban-drop-table"});
  CHECK(comment.reason == "gone");
  REQUIRE(parse_ignore_comment("  /* pgapply: lint-ignore ban-drop-table gone for good */", comment));
  CHECK(comment.rules == std::vector<std::string>{"ban-drop-table"});
  CHECK(comment.reason == "gone for good");
  CHECK_FALSE(parse_ignore_comment("/* pgapply: lint-ignore ban-drop-table gone */ DROP TABLE t;", comment));
}

TEST_CASE("lint-ignore on the line before a statement silences that rule there, with its reason kept") {
  const auto result = test::lint_sql(
      "-- pgapply: lint-ignore ban-drop-table sessions moved to redis in release 41\n"
      "DROP TABLE sessions;\n"
      "DROP TABLE carts;\n");
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].ignored());
  CHECK(*result.findings[0].ignored_reason == "sessions moved to redis in release 41");
  CHECK_FALSE(result.findings[1].ignored());
  CHECK(result.ignored == 1);
  CHECK(result.warnings == 1);
}

TEST_CASE("a /* */ lint-ignore alone on its line silences its rule, as the -- one does, through other comments") {
  const auto result = test::lint_sql(
      "CREATE TABLE z (id bigint);\n"
      "/* pgapply: lint-ignore ban-drop-table f moved to the archive database */\n"
      "/* reviewed by ops */\n"
      "-- and announced\n"
      "DROP TABLE f;\n"
      "DROP TABLE g;\n");
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].ignored());
  CHECK(*result.findings[0].ignored_reason == "f moved to the archive database");
  CHECK_FALSE(result.findings[1].ignored());
}

TEST_CASE("lint-ignore works through a block of comments and inside a DO block's body") {
  const auto above = test::lint_sql(
      "-- pgapply: lint-ignore require-concurrent-index-creation the table has 10 rows\n"
      "-- and another comment\n"
      "CREATE INDEX i ON t (a);\n");
  CHECK(test::rules_of(above).empty());
  const auto inside = test::lint_sql(
      "DO $$\n"
      "BEGIN\n"
      "  -- pgapply: lint-ignore require-concurrent-index-creation t is tiny\n"
      "  CREATE INDEX i ON t (a);\n"
      "  CREATE INDEX j ON t (b);\n"
      "END $$;\n");
  REQUIRE(inside.findings.size() == 2);
  CHECK(inside.findings[0].ignored());
  CHECK(inside.findings[0].line == 4);
  CHECK(inside.findings[0].context == "DO block");
  CHECK_FALSE(inside.findings[1].ignored());
  CHECK(inside.findings[1].line == 5);
  CHECK(inside.findings[1].column == 3);
  CHECK(inside.findings[1].source_line == "  CREATE INDEX j ON t (b);");
}

TEST_CASE("a lint-ignore for another rule, or not directly above, silences nothing") {
  CHECK(test::has_rule(test::lint_sql("-- pgapply: lint-ignore ban-drop-column reason\nDROP TABLE t;"),
                       "ban-drop-table"));
  CHECK(test::has_rule(test::lint_sql("-- pgapply: lint-ignore ban-drop-table reason\n\nDROP TABLE t;"),
                       "ban-drop-table"));
}

TEST_CASE("a lint-ignore without a reason or with an unknown rule is an error, and silences nothing") {
  const auto result = test::lint_sql(
      "-- pgapply: lint-ignore ban-drop-table\n"
      "DROP TABLE a;\n"
      "-- pgapply: lint-ignore ban-drop-tables typo in the rule\n"
      "DROP TABLE b;\n"
      "-- pgapply: lint-ignore\n"
      "DROP TABLE c;\n");
  std::vector<std::string> rules;
  for (const auto& finding : result.findings) rules.push_back(finding.rule + ":" + std::to_string(finding.line));
  CHECK(rules == std::vector<std::string>{"invalid-lint-ignore:1", "ban-drop-table:2", "invalid-lint-ignore:3",
                                          "ban-drop-table:4", "invalid-lint-ignore:5", "ban-drop-table:6"});
  CHECK(result.errors == 3);
  const Finding* finding = test::first_of(result, "invalid-lint-ignore");
  CHECK(finding->message.find("without a reason") != std::string::npos);
  CHECK(result.findings[2].message.find("ban-drop-tables") != std::string::npos);
}

TEST_CASE("a lint-ignore that silences nothing is a warning, unless its rule is off here") {
  const auto result = test::lint_sql("-- pgapply: lint-ignore ban-drop-table not needed any more\nDROP VIEW v;");
  CHECK(test::rules_of(result) == std::vector<std::string>{"unused-lint-ignore"});
  LintSettings settings;
  settings.enabled["ban-drop-table"] = false;
  CHECK(test::rules_of(test::lint_sql("-- pgapply: lint-ignore ban-drop-table reason\nDROP VIEW v;", settings))
            .empty());
}

TEST_CASE("a lint-ignore may name a rule by squawk's other name for it") {
  IgnoreComment comment;
  REQUIRE(parse_ignore_comment("-- pgapply: lint-ignore require-timeout-settings,prefer-timestamp-tz reason", comment));
  CHECK(comment.rules ==
        std::vector<std::string>{"require-lock-timeout", "require-statement-timeout", "prefer-timestamptz"});
  CHECK(comment.unknown.empty());
  const auto result = test::lint_sql(
      "-- pgapply: lint-ignore prefer-timestamp-tz the column holds local wall-clock times\n"
      "CREATE TABLE shifts (starts timestamp);\n",
      test::all_rules_on());
  const Finding* finding = test::first_of(result, "prefer-timestamptz");
  REQUIRE(finding != nullptr);
  CHECK(finding->ignored());
  CHECK_FALSE(test::has_rule(result, unused_ignore_rule));
}

TEST_CASE("a byte order mark is not shown in the source line, columns stay right, and line 1 may hold a lint-ignore") {
  const std::string bom = "\xEF\xBB\xBF";
  auto result = test::lint_sql(bom + "CREATE TABLE t (id int);  DROP TABLE users;\n");
  const Finding* drop = test::first_of(result, "ban-drop-table");
  REQUIRE(drop != nullptr);
  CHECK(drop->source_line == "CREATE TABLE t (id int);  DROP TABLE users;");
  CHECK(drop->line == 1);
  CHECK(drop->column == 38);  // `users`, counted in the line as shown
  CHECK(drop->source_line.substr(drop->column - 1, 5) == "users");

  result = test::lint_sql(bom + "-- pgapply: lint-ignore ban-drop-table the table was never used\nDROP TABLE users;\n");
  REQUIRE(test::first_of(result, "ban-drop-table") != nullptr);
  CHECK(test::first_of(result, "ban-drop-table")->ignored());
  CHECK(test::first_of(result, "invalid-lint-ignore") == nullptr);

  const SourceText text("x.sql", bom + "SELECT 1;\n" + bom + "SELECT 2;\n");
  CHECK(text.line(1) == "SELECT 1;");
  CHECK(text.line(2) == bom + "SELECT 2;");  // only a file's first bytes are a byte order mark
}

TEST_CASE("squawk's ignore comments are read: squawk-ignore above a statement, squawk-ignore-file for the file") {
  IgnoreComment comment;
  REQUIRE(parse_ignore_comment("-- squawk-ignore ban-drop-column, prefer-timestamp-tz -- checked with the team", comment));
  CHECK(comment.directive() == "squawk-ignore");
  CHECK(comment.rules == std::vector<std::string>{"ban-drop-column", "prefer-timestamptz"});
  CHECK(comment.reason == "checked with the team");
  CHECK_FALSE(comment.whole_file());
  REQUIRE(parse_ignore_comment("--squawk-ignore ban-drop-table", comment));
  CHECK(comment.reason == "(squawk-ignore comment, no reason given)");  // squawk asks for none
  REQUIRE(parse_ignore_comment("-- squawk-ignore-file", comment));
  CHECK(comment.whole_file());
  CHECK(comment.every_rule());
  CHECK_FALSE(parse_ignore_comment("-- squawk-ignored ban-drop-table", comment));

  // above the statement it silences, as in squawk; the next statement is not
  auto result = test::lint_sql(
      "-- squawk-ignore ban-drop-table\n"
      "DROP TABLE sessions;\n"
      "DROP TABLE carts;\n");
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].ignored());
  CHECK_FALSE(result.findings[1].ignored());

  // squawk-ignore-file with rules: those rules, anywhere in the file, wherever the comment is
  result = test::lint_sql(
      "DROP TABLE sessions;\n"
      "ALTER TABLE users DROP COLUMN nickname;\n"
      "-- squawk-ignore-file ban-drop-table\n"
      "DROP TABLE carts;\n");
  CHECK(test::first_of(result, "ban-drop-table")->ignored());
  CHECK(result.ignored == 2);
  REQUIRE(test::first_of(result, "ban-drop-column") != nullptr);
  CHECK_FALSE(test::first_of(result, "ban-drop-column")->ignored());

  // squawk-ignore-file alone: every rule
  result = test::lint_sql("-- squawk-ignore-file\nDROP TABLE sessions;\nALTER TABLE users DROP COLUMN nickname;\n");
  CHECK(result.ignored == 2);
  CHECK(result.errors == 0);
  CHECK(result.warnings == 0);
}

TEST_CASE("a squawk-ignore naming an unknown rule is an error that says which comment, and one that silences nothing is no finding") {
  auto result = test::lint_sql("-- squawk-ignore ban-drop-tables\nDROP TABLE a;\n");
  const Finding* invalid = test::first_of(result, "invalid-lint-ignore");
  REQUIRE(invalid != nullptr);
  CHECK(invalid->message == "squawk-ignore names an unknown rule: ban-drop-tables");
  CHECK_FALSE(test::first_of(result, "ban-drop-table")->ignored());

  // squawk never reports its own comments as silencing nothing: neither does pgapply
  result = test::lint_sql("-- squawk-ignore-file ban-drop-table\nDROP VIEW v;\n-- squawk-ignore ban-drop-column\nSELECT 1;\n");
  CHECK(test::first_of(result, "unused-lint-ignore") == nullptr);
  CHECK(result.warnings == 0);
}

TEST_CASE("squawk-ignore where squawk reads it: a block comment, after the statement on its line, inside a statement") {
  const std::string rule = "ban-drop-column";
  auto result = test::lint_sql("/* squawk-ignore ban-drop-column */\nALTER TABLE t DROP COLUMN c;\n");
  REQUIRE(test::first_of(result, rule) != nullptr);
  CHECK(test::first_of(result, rule)->ignored());
  // (squawk's rule covers the comment's line and the next: the statement after that is not)
  result = test::lint_sql("ALTER TABLE t DROP COLUMN d; -- squawk-ignore ban-drop-column\n\nALTER TABLE t DROP COLUMN e;\n");
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].ignored());
  CHECK_FALSE(result.findings[1].ignored());
  result = test::lint_sql(
      "CREATE TABLE t (\n"
      "  -- squawk-ignore prefer-bigint-over-int\n"
      "  id int,\n"
      "  n int\n"
      ");\n",
      test::all_rules_on());
  std::vector<std::string> seen;
  for (const auto& finding : result.findings) {
    if (finding.rule == "prefer-bigint-over-int") seen.push_back(std::to_string(finding.line) + (finding.ignored() ? " ignored" : ""));
  }
  CHECK(seen == std::vector<std::string>{"3 ignored", "4"});
  CHECK_FALSE(test::has_rule(result, unused_ignore_rule));
  result = test::lint_sql("/* squawk-ignore-file */\nDROP TABLE sessions;\n");
  CHECK(result.ignored == 1);
  // within another comment's text it is no comment of its own, as in squawk
  result = test::lint_sql("ALTER TABLE t DROP COLUMN d; -- dropped on purpose -- squawk-ignore ban-drop-column\n");
  REQUIRE(test::first_of(result, rule) != nullptr);
  CHECK_FALSE(test::first_of(result, rule)->ignored());
}

TEST_CASE("a squawk-ignore-file in a function's body is no comment to squawk: it silences nothing outside the body") {
  const auto result = test::lint_sql(
      "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "  -- squawk-ignore-file\n"
      "  PERFORM 1;\n"
      "END $$;\n"
      "ALTER TABLE users DROP COLUMN legacy_flag;\n");
  REQUIRE(test::first_of(result, "ban-drop-column") != nullptr);
  CHECK_FALSE(test::first_of(result, "ban-drop-column")->ignored());
  CHECK(result.ignored == 0);
}
