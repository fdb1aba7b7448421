#pragma once

#include <string>
#include <vector>

#include "engine/context.hpp"

namespace pgapply::engine {

// `pgapply WORDS...` as the user can run it where this run ran, for every
// hint that names a pgapply command: the words (each shell-quoted), then the
// --dir, --ledger, --ledger-format, -v, --allow-undefined-variables,
// --env-file/--no-env-file and connection options of this run that are not
// the defaults; when the words run this run's command again, its other
// command-line options (context.invocation: --dry-run, --offline, --target,
// --format...) but those the words or `extra` give; then `extra` (--yes...).
// A -d (or --shadow) that holds a password is left out, and the command says
// so; a -v whose name says it is secret (pg::looks_like_password_key: pw,
// db_password, api_token) is written with a shell variable for its value
// (-v "pw=$PW"), and the command says to set it. Only for commands that take the migrations and connection options (up,
// status, repair, baseline, down...).
std::string pgapply_command(const Context& context, const std::vector<std::string>& words,
                            const std::vector<std::string>& extra = {});

}  // namespace pgapply::engine
