#include "lint/lint_settings.hpp"

#include <doctest/doctest.h>

#include "lint_test_support.hpp"

using namespace pgapply::lint;

TEST_CASE("PostgreSQL versions and severities from text") {
  CHECK(parse_pg_version("14") == 140000);
  CHECK(parse_pg_version("16.2") == 160000);
  CHECK(parse_pg_version("9.6") == 90600);
  CHECK(parse_pg_version("9.6.24") == 90600);
  CHECK_FALSE(parse_pg_version("9").has_value());
  CHECK_FALSE(parse_pg_version("8.4").has_value());
  CHECK_FALSE(parse_pg_version("x").has_value());
  CHECK_FALSE(parse_pg_version("14beta").has_value());
  CHECK(parse_severity("error") == Severity::error);
  CHECK(parse_severity("warning") == Severity::warning);
  CHECK_FALSE(parse_severity("info").has_value());
}

TEST_CASE("a rule's configuration: default, enabled, disabled, severity, version") {
  LintSettings settings;
  CHECK(config_of(settings, *find_rule("ban-drop-table")).enabled);
  CHECK(config_of(settings, *find_rule("ban-drop-table")).severity == Severity::warning);
  CHECK_FALSE(config_of(settings, *find_rule("require-table-schema")).enabled);
  settings.enabled["require-table-schema"] = true;
  settings.enabled["ban-drop-table"] = false;
  settings.severity["ban-drop-column"] = Severity::error;
  CHECK(config_of(settings, *find_rule("require-table-schema")).enabled);
  CHECK_FALSE(config_of(settings, *find_rule("ban-drop-table")).enabled);
  CHECK(config_of(settings, *find_rule("ban-drop-column")).severity == Severity::error);
  CHECK_FALSE(config_of(settings, *find_rule("prefer-repack")).enabled);  // 19+
  settings.pg_version = 190000;
  CHECK(config_of(settings, *find_rule("prefer-repack")).enabled);
  CHECK(settings_problems(settings).empty());
}

TEST_CASE("unknown rules and pgapply's own checks cannot be configured") {
  LintSettings settings;
  settings.enabled["ban-drop-tables"] = true;
  settings.severity["invalid-file"] = Severity::warning;
  const auto problems = settings_problems(settings);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].find("unknown lint rule 'ban-drop-tables' (known: adding-field-with-default,") == 0);
  CHECK(problems[1].find("'invalid-file' checks pgapply's own input") != std::string::npos);
}

TEST_CASE("settings change what a lint run reports") {
  LintSettings settings;
  settings.severity["ban-drop-table"] = Severity::error;
  const auto result = test::lint_sql("DROP TABLE t;", settings);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].severity == Severity::error);
  CHECK(result.errors == 1);
  settings.enabled["ban-drop-table"] = false;
  CHECK(test::lint_sql("DROP TABLE t;", settings).findings.empty());
}
