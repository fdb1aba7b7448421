#include "cli/setting_checks.hpp"

#include <map>
#include <string_view>

#include "cli/common_options.hpp"
#include "cli/lint_options.hpp"
#include "core/error.hpp"
#include "settings/connect.hpp"

namespace pgapply::cli {

namespace {

using Reader = void (*)(const OptionValues&);

// The setting's reader, by option name (flags are read as flags).
const std::map<std::string_view, Reader>& readers() {
  static const std::map<std::string_view, Reader> table = {
      {"dir", [](const OptionValues& values) { dir_setting(values); }},
      {"ledger",
       [](const OptionValues& values) {
         engine::LedgerFormat format = engine::LedgerFormat::pgapply;
         try {
           format = ledger_format_setting(values);
         } catch (const Error&) {
           // --ledger-format's own problem, shown on its row.
         }
         ledger_setting(values, format);
       }},
      {"ledger-format", [](const OptionValues& values) { ledger_format_setting(values); }},
      {"set", [](const OptionValues& values) { variables_setting(values); }},
      {"lock-wait", [](const OptionValues& values) { duration_option(values, "lock-wait"); }},
      {"lock-timeout", [](const OptionValues& values) { duration_option(values, "lock-timeout"); }},
      {"statement-timeout", [](const OptionValues& values) { duration_option(values, "statement-timeout"); }},
      {"retries", [](const OptionValues& values) { retries_setting(values); }},
      {"connect-retries", [](const OptionValues& values) { connect_retries_setting(values); }},
      {"shadow", [](const OptionValues& values) { shadow_settings(values); }},  // with --no-shadow: refused
      {"shadow-init", [](const OptionValues& values) { shadow_settings(values); }},  // a file that cannot be read
      {"format", [](const OptionValues& values) { format_setting(values); }},
      {"color", [](const OptionValues& values) { values.choice("color"); }},
      {"pg-version", [](const OptionValues& values) { pg_version_setting(values); }},
      {"enable", [](const OptionValues& values) { check_rule_option(values, "enable"); }},
      {"disable", [](const OptionValues& values) { check_rule_option(values, "disable"); }},
      {"severity", [](const OptionValues& values) { check_rule_option(values, "severity"); }},
      {"max-warnings", [](const OptionValues& values) { max_warnings_setting(values); }},
      {"env-file",
       [](const OptionValues& values) {
         settings::ConnectOptions options;
         env_file_settings(values, options);
         settings::connect_target(options);
       }},
  };
  return table;
}

}  // namespace

std::optional<Error> setting_problem(const OptionValues& values, const OptionSpec& option) {
  if (values.items(option.name).empty()) return std::nullopt;
  try {
    if (option.kind == OptionKind::flag) {
      values.flag(option.name);
    } else if (const auto found = readers().find(option.name); found != readers().end()) {
      found->second(values);
    }
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

}  // namespace pgapply::cli
