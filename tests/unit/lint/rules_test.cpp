// The rule registry, and every rule's README example reported by its rule.
#include "lint/rules.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "lint_test_support.hpp"

using namespace pgapply::lint;

TEST_CASE("rule ids are unique kebab-case, with one-line texts") {
  std::set<std::string_view> ids;
  for (const auto& rule : all_rules()) {
    CAPTURE(rule.id);
    CHECK(ids.insert(rule.id).second);
    CHECK(std::all_of(rule.id.begin(), rule.id.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }));
    CHECK_FALSE(rule.title.empty());
    CHECK_FALSE(rule.why.empty());
    CHECK_FALSE(rule.safe_way.empty());
    CHECK_FALSE(rule.example.empty());
    CHECK(rule.why.find('\n') == std::string_view::npos);
    CHECK(rule.safe_way.find('\n') == std::string_view::npos);
    CHECK(find_rule(rule.id) == &rule);
  }
  CHECK(find_rule("no-such-rule") == nullptr);
  CHECK(ids.size() >= 40);
}

TEST_CASE("every rule squawk has exists under squawk's id") {
  for (const char* id : {"adding-field-with-default", "adding-foreign-key-constraint", "adding-not-nullable-field",
                         "adding-required-field", "adding-serial-primary-key-field",
                         "ban-alter-domain-with-add-constraint", "ban-char-field",
                         "ban-concurrent-index-creation-in-transaction", "ban-create-domain-with-constraint",
                         "ban-drop-column", "ban-drop-database", "ban-drop-not-null", "ban-drop-table",
                         "ban-duplicate-column-assignments", "ban-truncate-cascade", "ban-uncommitted-transaction",
                         "changing-column-type", "constraint-missing-not-valid", "disallowed-unique-constraint",
                         "identifier-too-long", "prefer-bigint-over-int", "prefer-bigint-over-smallint",
                         "prefer-identity", "prefer-repack", "prefer-robust-stmts", "prefer-text-field",
                         "prefer-timestamptz", "renaming-column", "renaming-table",
                         "require-concurrent-index-creation", "require-concurrent-index-deletion",
                         "require-concurrent-partition-detach", "require-concurrent-reindex",
                         "require-enum-value-ordering", "require-lock-timeout", "require-statement-timeout",
                         "require-table-schema", "transaction-nesting"}) {
    CAPTURE(id);
    CHECK(find_rule(id) != nullptr);
  }
  // squawk 2.63's other names: accepted, and stand for pgapply's rules.
  for (const char* alias : {"prefer-timestamp-tz", "require-timeout-settings", "unused-ignore"}) {
    CAPTURE(alias);
    CHECK(find_rule(alias) == nullptr);
    CHECK_FALSE(rules_named(alias).empty());
  }
}

TEST_CASE("opt-in and off rules are squawk's opt-in ones and the timeouts pgapply sets itself") {
  CHECK(find_rule("require-table-schema")->default_state == RuleDefault::opt_in);
  CHECK(find_rule("prefer-robust-stmts")->default_state == RuleDefault::opt_in);
  CHECK(find_rule("require-lock-timeout")->default_state == RuleDefault::off);
  CHECK(find_rule("require-statement-timeout")->default_state == RuleDefault::off);
  CHECK(std::string(find_rule("require-lock-timeout")->why).find("pgapply already sets lock_timeout") !=
        std::string::npos);
}

TEST_CASE("versions a rule applies to") {
  CHECK(versions_text(*find_rule("ban-drop-table")) == "all");
  CHECK(versions_text(*find_rule("require-concurrent-reindex")) == "12+");
  CHECK(versions_text(*find_rule("prefer-identity")) == "10+");
  CHECK(applies_to(*find_rule("require-concurrent-partition-detach"), 140000));
  CHECK_FALSE(applies_to(*find_rule("require-concurrent-partition-detach"), 130000));
}

TEST_CASE("each rule reports its own README example") {
  for (const auto& rule : all_rules()) {
    if (rule.id == invalid_file_rule || rule.id == "transaction-not-recordable" || rule.id == "empty-migration") {
      continue;  // the engine's
    }
    CAPTURE(rule.id);
    CAPTURE(rule.example);
    const int version = std::max(rule.min_version, default_pg_version);
    CHECK(test::fires(std::string(rule.example), rule.id, version));
  }
}

TEST_CASE("the README lists every rule with its severity, example and safe way") {
  std::ifstream in(PGAPPLY_SOURCE_DIR "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const auto section = readme.find("### Rules");
  REQUIRE(section != std::string::npos);
  for (const auto& rule : all_rules()) {
    CAPTURE(rule.id);
    const auto entry = readme.find("* `" + std::string(rule.id) + "` (" + std::string(to_string(rule.severity)), section);
    REQUIRE(entry != std::string::npos);
    const auto end = readme.find("\n* `", entry + 1);
    const std::string item = readme.substr(entry, end - entry);
    CHECK(item.find("Example: `" + std::string(rule.example) + "`") != std::string::npos);
    CHECK(item.find("Safe way: " + std::string(rule.safe_way)) != std::string::npos);
  }
}
