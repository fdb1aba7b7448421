#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/option_values.hpp"
#include "engine/context.hpp"
#include "engine/shadow/shadow_database.hpp"
#include "settings/connect_settings.hpp"

namespace pgapply::cli {

// The connection options of a parsed command (asks for the password on the
// terminal for -W).
settings::ConnectOptions connection_settings(const OptionValues& values);
// Only what says where to connect (-d, -h, -p, -U, the env file): no
// --connect-retries, no password prompt (config shows the target).
settings::ConnectOptions connection_target_settings(const OptionValues& values);
// The env file's part of them alone (--env-file, --no-env-file): config
// checks the file with it, so that another setting's problem is not its.
void env_file_settings(const OptionValues& values, settings::ConnectOptions& options);
// --connect-retries: 0 to 1000.
int connect_retries_setting(const OptionValues& values);
// --dir: Error(usage) naming where an empty one came from (PGAPPLY_DIR="").
std::string dir_setting(const OptionValues& values);
// --ledger-format; --ledger as that format allows it (a name PostgreSQL
// would cut short, or the other tool's own, is an Error(usage)); -v NAME=VALUE.
engine::LedgerFormat ledger_format_setting(const OptionValues& values);
std::string ledger_setting(const OptionValues& values, engine::LedgerFormat format);
std::vector<std::pair<std::string, std::string>> variables_setting(const OptionValues& values);
// --dir, --ledger, -v, --allow-undefined-variables of a parsed command.
engine::ProjectOptions project_settings(const OptionValues& values);
// The project settings without the command line's (engine::Context::implied_project).
engine::ProjectOptions implied_project_settings(const OptionValues& values);

// A version given as the value of `option`, canonical; nullopt when not set.
std::optional<std::string> version_setting(const OptionValues& values, std::string_view option);
// A migration's key in the ledger: a version, or r:DESCRIPTION for a
// repeatable migration (R__DESCRIPTION.sql), as status and the hints name it.
std::optional<std::string> ledger_key_setting(const OptionValues& values, std::string_view option);

// --lock-wait (at most 365 days), --lock-timeout, --statement-timeout (at
// most PostgreSQL's 2147483647 ms): durations with a unit (500ms, 5s, 2min;
// a bare number is seconds); nullopt when not set. A refused value's
// message ends with where it came from ("(from pgapply.toml:3)").
std::optional<std::chrono::milliseconds> duration_option(const OptionValues& values, std::string_view option);
// --retries: 0 to 1000.
int retries_setting(const OptionValues& values);

// The engine's shared context: connection, project, --lock-wait, the
// session settings (--lock-timeout, --statement-timeout), durations read by
// duration_option, and the invocation that
// hints running this command again repeat (invocation_settings).
engine::Context context_settings(const OptionValues& values);

// The command and the options its command line gave, other than the project
// and connection options (the hints write those from the context) and
// --color and --help: what a hint that runs the command again repeats.
engine::Invocation invocation_settings(const OptionValues& values);

// --format as the command prints it: one of `choices` (its row's
// format_choices). PGAPPLY_FORMAT is set for every command that takes
// --format: a value only other commands print (sarif for lint, count for
// split) leaves this one at text. On the command line such a value is an
// error, and a value no command prints is one wherever it comes from.
std::string format_setting(const OptionValues& values, std::string_view choices = "text json");
// Whether --format is json (as format_setting reads it).
bool json_setting(const OptionValues& values, std::string_view choices = "text json");
// The same for up and down, whose --dry-run prints a psql script: --format
// json on the command line does not go with it (Error(usage)), and
// PGAPPLY_FORMAT=json leaves the script as it is.
bool run_json_setting(const OptionValues& values, bool dry_run);

// --shadow URL and --no-shadow (also PGAPPLY_SHADOW, pgapply.toml's shadow,
// and SHADOW_DATABASE_URL as other tools name it); without either, a
// throwaway local cluster (engine/shadow/shadow_database.hpp).
// `used`: whether this run may make a shadow (up --no-verify and up --dry-run
// do not): only then is a --shadow-init file read before connecting.
engine::ShadowOptions shadow_settings(const OptionValues& values, bool used = true);

// NAME=VALUE -> pair; Error(usage) otherwise.
std::pair<std::string, std::string> parse_assignment(const std::string& text);

// Reads a password from the terminal without echoing it (from stdin when
// there is no terminal, as in scripts).
std::string read_password(const std::string& prompt);

}  // namespace pgapply::cli
