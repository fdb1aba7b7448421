#include "lint/lint_settings.hpp"

#include <algorithm>
#include <charconv>

namespace pgapply::lint {

namespace {

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The setting for `rule` in `settings` (a map by the ids users write): its
// own id's, else that of a squawk name for it (--enable
// require-timeout-settings --disable require-lock-timeout: the lock timeout
// rule is off, the statement timeout rule on).
template <typename Value>
const Value* setting_of(const std::map<std::string, Value>& settings, const RuleInfo& rule) {
  if (const auto found = settings.find(std::string(rule.id)); found != settings.end()) return &found->second;
  for (const auto& alias : rule_aliases()) {
    if (std::find(alias.rules.begin(), alias.rules.end(), rule.id) == alias.rules.end()) continue;
    if (const auto found = settings.find(std::string(alias.alias)); found != settings.end()) return &found->second;
  }
  return nullptr;
}

}  // namespace

RuleConfig config_of(const LintSettings& settings, const RuleInfo& rule) {
  RuleConfig config;
  config.severity = rule.severity;
  config.enabled = rule.default_state == RuleDefault::on || rule.default_state == RuleDefault::always;
  if (rule.default_state != RuleDefault::always) {
    if (const bool* enabled = setting_of(settings.enabled, rule)) config.enabled = *enabled;
    if (const Severity* severity = setting_of(settings.severity, rule)) config.severity = *severity;
  }
  if (!applies_to(rule, settings.pg_version)) config.enabled = false;
  return config;
}

std::string known_rules() {
  std::string out;
  for (const auto& rule : all_rules()) {
    if (rule.default_state == RuleDefault::always) continue;
    out += (out.empty() ? "" : ", ") + std::string(rule.id);
  }
  out += "; squawk's names ";
  for (const auto& alias : rule_aliases()) {
    out += std::string(&alias == &rule_aliases().front() ? "" : ", ") + std::string(alias.alias);
  }
  return out;
}

std::optional<RuleIdProblem> rule_id_problem(const std::string& id) {
  const auto rules = rules_named(id);
  if (rules.empty()) return RuleIdProblem{"unknown lint rule '" + id + "'", true};
  if (find_rule(rules.front())->default_state == RuleDefault::always) {
    return RuleIdProblem{"the lint rule '" + id + "' checks pgapply's own input and cannot be configured", false};
  }
  return std::nullopt;
}

std::vector<std::string> settings_problems(const LintSettings& settings) {
  std::vector<std::string> problems;
  auto check = [&](const std::string& id) {
    if (auto problem = rule_id_problem(id)) {
      problems.push_back(problem->message + (problem->unknown ? " (known: " + known_rules() + ")" : ""));
    }
  };
  for (const auto& [id, on] : settings.enabled) check(id);
  for (const auto& [id, severity] : settings.severity) check(id);
  if (settings.pg_version < 90000) problems.push_back("the PostgreSQL version must be 9.0 or later");
  return problems;
}

std::optional<int> parse_pg_version(std::string_view text) {
  const auto dot = text.find('.');
  const auto major = parse_number(text.substr(0, dot));
  // Past any real major version (and past what server_version_num can hold).
  if (!major || *major > 999) return std::nullopt;
  if (*major >= 10) {
    if (dot != std::string_view::npos && !parse_number(text.substr(dot + 1))) return std::nullopt;
    return *major * 10000;
  }
  // 9.x: the second number is part of the major version.
  if (*major != 9 || dot == std::string_view::npos) return std::nullopt;
  const auto rest = text.substr(dot + 1);
  const auto second_dot = rest.find('.');
  const auto minor = parse_number(rest.substr(0, second_dot));
  if (!minor || *minor > 6) return std::nullopt;
  return 90000 + *minor * 100;
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "error") return Severity::error;
  if (text == "warning") return Severity::warning;
  return std::nullopt;
}

}  // namespace pgapply::lint
