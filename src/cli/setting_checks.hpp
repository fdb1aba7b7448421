#pragma once

#include <optional>
#include <string>

#include "cli/option_table.hpp"
#include "cli/option_values.hpp"

namespace pgapply::cli {

// Why the commands that take `option` refuse its value, or nullopt when they
// take it. The value is read by the function those commands read it with
// (common_options, lint_options), so `pgapply config` judges a setting as
// `up` or `lint` would. Paths and URLs (--backup, --shadow, --env-file) are
// read only when used: nullopt.
std::optional<std::string> setting_problem(const OptionValues& values, const OptionSpec& option);

}  // namespace pgapply::cli
