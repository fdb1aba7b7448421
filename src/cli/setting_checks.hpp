#pragma once

#include <optional>
#include <string>

#include "cli/option_table.hpp"
#include "cli/option_values.hpp"

namespace pgapply::cli {

// Why the commands that take `option` refuse its value (the Error they
// throw, with where the value came from), or nullopt when they take it. The
// value is read by the function those commands read it with (common_options,
// lint_options), so `pgapply config` judges a setting as `up` or `lint`
// would. Of the paths and URLs, --env-file and --shadow-init are read (as
// every command that takes them reads them before connecting); --backup
// and --shadow are read only when used.
std::optional<Error> setting_problem(const OptionValues& values, const OptionSpec& option);

}  // namespace pgapply::cli
