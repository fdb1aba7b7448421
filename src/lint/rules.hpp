#pragma once

// The rules of `pgapply lint`: what each one looks for, why it hurts in
// production, the safe way, its default severity and the PostgreSQL
// versions it applies to. The ids are stable (kebab-case; squawk's id where
// squawk has the rule, so a team moving over keeps its configuration).

#include <string>
#include <string_view>
#include <vector>

namespace pgapply::lint {

enum class Severity { warning, error };

std::string_view to_string(Severity severity);

enum class RuleDefault {
  on,       // runs unless disabled
  opt_in,   // runs only when enabled (--enable RULE)
  off,      // like opt_in, for rules whose job pgapply already does (timeouts)
  always,   // pgapply's own checks of its input: cannot be disabled
};

struct RuleInfo {
  std::string_view id;
  Severity severity = Severity::warning;
  RuleDefault default_state = RuleDefault::on;
  // server_version_num bounds: the rule applies to versions >= min_version
  // and < max_version (0: no bound).
  int min_version = 0;
  int max_version = 0;
  std::string_view title;     // what it looks for, a few words
  std::string_view why;       // one line: the lock it takes and what that blocks, the rewrite...
  std::string_view safe_way;  // one line: what to write instead
  std::string_view example;   // a statement it reports
  // The harm grows with the table: its lock is held while every row is
  // rewritten, scanned or indexed. preflight, which knows the table's size,
  // makes such a finding on a large table an error (WILL BLOCK).
  bool scales_with_table = false;
};

// Every rule, in the order the README lists them.
const std::vector<RuleInfo>& all_rules();

// The rule with this id, or nullptr.
const RuleInfo* find_rule(std::string_view id);

// The rules an id a user writes stands for (--enable, --disable,
// --severity, pgapply.toml, lint-ignore): the rule itself, or the rules of
// one of squawk's other names (prefer-timestamp-tz, require-timeout-settings:
// the lock and statement timeout rules, unused-ignore); empty when unknown.
// Findings name pgapply's ids.
std::vector<std::string_view> rules_named(std::string_view id);

// squawk's other names, with the rules each stands for.
struct RuleAlias {
  std::string_view alias;
  std::vector<std::string_view> rules;
};
const std::vector<RuleAlias>& rule_aliases();

// Whether the rule applies to a server of `version` (server_version_num).
bool applies_to(const RuleInfo& rule, int version);

// "all", "12+", "before 11", "10 to 13".
std::string versions_text(const RuleInfo& rule);

// Ids of the rules that are pgapply's checks of its own input.
inline constexpr std::string_view invalid_file_rule = "invalid-file";
inline constexpr std::string_view invalid_ignore_rule = "invalid-lint-ignore";
inline constexpr std::string_view unused_ignore_rule = "unused-lint-ignore";
// An EXECUTE in a body whose SQL is built at run time: lint could not check it.
inline constexpr std::string_view dynamic_sql_rule = "dynamic-sql-unchecked";

}  // namespace pgapply::lint
