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

TEST_CASE("squawk's other names for rules configure pgapply's rules") {
  using Ids = std::vector<std::string_view>;
  CHECK(rules_named("prefer-timestamp-tz") == Ids{"prefer-timestamptz"});
  CHECK(rules_named("require-timeout-settings") == Ids{"require-lock-timeout", "require-statement-timeout"});
  CHECK(rules_named("unused-ignore") == Ids{"unused-lint-ignore"});
  CHECK(rules_named("ban-drop-table") == Ids{"ban-drop-table"});
  CHECK(rules_named("no-such-rule").empty());

  LintSettings settings;
  settings.enabled["require-timeout-settings"] = true;
  settings.severity["prefer-timestamp-tz"] = Severity::error;
  settings.enabled["unused-ignore"] = false;
  CHECK(settings_problems(settings).empty());
  CHECK(config_of(settings, *find_rule("require-lock-timeout")).enabled);
  CHECK(config_of(settings, *find_rule("require-statement-timeout")).enabled);
  CHECK(config_of(settings, *find_rule("prefer-timestamptz")).severity == Severity::error);
  CHECK_FALSE(config_of(settings, *find_rule(unused_ignore_rule)).enabled);
  // Findings name pgapply's rules.
  CHECK(test::rules_of(test::lint_sql("ALTER TABLE users ADD COLUMN at timestamp;", settings)) ==
        std::vector<std::string>{"require-lock-timeout", "require-statement-timeout", "prefer-timestamptz"});
  // A rule's own id is more specific than a name for several.
  settings.enabled["require-lock-timeout"] = false;
  CHECK_FALSE(config_of(settings, *find_rule("require-lock-timeout")).enabled);
  CHECK(config_of(settings, *find_rule("require-statement-timeout")).enabled);

  // The unknown-rule message names them with the rules.
  LintSettings unknown;
  unknown.enabled["require-timeouts"] = true;
  REQUIRE(settings_problems(unknown).size() == 1);
  CHECK(settings_problems(unknown)[0].find("; squawk's names prefer-timestamp-tz, require-timeout-settings, "
                                           "unused-ignore)") != std::string::npos);
}
