#pragma once

#include <optional>
#include <string_view>

#include "cli/option_values.hpp"
#include "lint/lint_settings.hpp"

namespace pgapply::cli {

// The readers of lint's options (beside common_options for the shared ones).
//
// --pg-version, --enable, --disable and --severity as lint reads them (a
// rule list may be RULE,RULE). Error(usage) for a version or severity it
// cannot read, a rule both enabled and disabled, an unknown rule.
lint::LintSettings lint_settings(const OptionValues& values);

// --enable, --disable or --severity alone (for config's row of it): every
// rule it names that lint does not know or cannot configure, each with where
// it came from, as one Error(usage).
void check_rule_option(const OptionValues& values, std::string_view option);

// --pg-version alone, as lint_settings reads it (server_version_num);
// nullopt when not set. config checks the setting with it, so that a rule
// list's problem does not mark a good --pg-version.
std::optional<int> pg_version_setting(const OptionValues& values);

// --max-warnings: 0 or more; nullopt when not set.
std::optional<long long> max_warnings_setting(const OptionValues& values);

}  // namespace pgapply::cli
