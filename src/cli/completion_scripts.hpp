#pragma once

// Shell completions for bash, zsh and fish, generated at build time
// (pgapply-docs bash|zsh|fish) from the command and option tables: commands,
// each command's options, --format and --color choices, directories for
// --dir and --backup, and migration versions for --target, --to, --from...
// read when completing from the --dir on the command line, else from
// `pgapply config --get dir` (PGAPPLY_DIR, pgapply.toml, the default).

#include <string>

namespace pgapply::cli {

std::string render_bash_completion();
std::string render_zsh_completion();
std::string render_fish_completion();

}  // namespace pgapply::cli
