#include "cli/lint_options.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace pgapply::cli {

namespace {

// "a,b" and "a" "b" alike.
std::vector<std::string> rule_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = std::min(value.find(',', start), value.size());
      if (comma > start) out.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

// Every problem of one of --enable, --disable, --severity: each rule it
// names that is unknown or cannot be configured, each value with where it
// came from ("--disable: unknown lint rule 'b' (from PGAPPLY_DISABLE)").
struct RuleProblem {
  std::string message;
  ErrorPlace place;      // of the value at fault (pgapply.toml and its line)
  bool unknown = false;  // an unknown rule: the error lists the known ones
};

std::vector<RuleProblem> rule_option_problems(const OptionValues& values, std::string_view option) {
  std::vector<RuleProblem> problems;
  for (const OptionItem& item : values.items(option)) {
    std::vector<std::string> ids;
    if (option == "severity") {
      const auto equals = item.value.find('=');
      if (equals == std::string::npos || !lint::parse_severity(item.value.substr(equals + 1))) {
        problems.push_back({"--severity expects RULE=error or RULE=warning, not '" + item.value + "'" +
                                item.source.suffix(),
                            item.source.place()});
        continue;
      }
      ids.push_back(item.value.substr(0, equals));
    } else {
      ids = rule_list({item.value});
    }
    for (const auto& id : ids) {
      if (auto problem = lint::rule_id_problem(id)) {
        problems.push_back({"--" + std::string(option) + ": " + problem->message + item.source.suffix(),
                            item.source.place(), problem->unknown});
      }
    }
  }
  return problems;
}

// The problems as one usage error (with the known rules once, when one is
// unknown), at the first one's place.
void throw_rule_problems(const OptionValues& values, const std::vector<std::string_view>& options) {
  std::vector<RuleProblem> problems;
  for (const auto option : options) {
    auto found = rule_option_problems(values, option);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  if (problems.empty()) return;
  std::string message;
  bool unknown = false;
  for (const auto& problem : problems) {
    message += (message.empty() ? "" : "; ") + problem.message;
    unknown = unknown || problem.unknown;
  }
  if (unknown) message += " (known: " + lint::known_rules() + ")";
  throw Error(ErrorKind::usage, message, problems.front().place);
}

}  // namespace

void check_rule_option(const OptionValues& values, std::string_view option) { throw_rule_problems(values, {option}); }

std::optional<int> pg_version_setting(const OptionValues& values) {
  const std::string pg_version = values.text("pg-version").value_or("");
  if (pg_version.empty()) return std::nullopt;
  const auto version = lint::parse_pg_version(pg_version);
  if (!version) {
    throw Error(ErrorKind::usage, "--pg-version expects a PostgreSQL major version (14, 9.6), not '" + pg_version + "'");
  }
  return version;
}

lint::LintSettings lint_settings(const OptionValues& values) {
  throw_rule_problems(values, {"enable", "disable", "severity"});
  const std::vector<std::string> severity = values.list("severity");
  lint::LintSettings settings;
  if (const auto version = pg_version_setting(values)) settings.pg_version = *version;
  // Each rule's highest source in each list: a rule given to both takes the
  // higher one (--enable on the command line over pgapply.toml's disable), as
  // for any setting; both from the same source are an error.
  const auto sources_of = [&values](std::string_view option) {
    std::map<std::string, ValueSource> highest;
    for (const OptionItem& item : values.items(option)) {
      for (const auto& rule : rule_list({item.value})) {
        const auto [at, added] = highest.emplace(rule, item.source);
        if (!added && item.source.kind >= at->second.kind) at->second = item.source;
      }
    }
    return highest;
  };
  const auto enabled_by = sources_of("enable");
  const auto disabled_by = sources_of("disable");
  for (const auto& [rule, source] : enabled_by) settings.enabled[rule] = true;
  for (const auto& [rule, source] : disabled_by) {
    const auto enabled = enabled_by.find(rule);
    if (enabled != enabled_by.end() && enabled->second.kind == source.kind) {
      throw enabled->second.conflict(source, "the lint rule '" + rule + "' is given to both --enable and --disable");
    }
    if (enabled == enabled_by.end() || source.kind > enabled->second.kind) settings.enabled[rule] = false;
  }
  // Each RULE=LEVEL and each rule was checked above, the version by pg_version_setting.
  for (const auto& assignment : severity) {
    const auto equals = assignment.find('=');
    settings.severity[assignment.substr(0, equals)] = *lint::parse_severity(assignment.substr(equals + 1));
  }
  return settings;
}

std::optional<long long> max_warnings_setting(const OptionValues& values) {
  return values.whole_number("max-warnings", 0);
}

}  // namespace pgapply::cli
