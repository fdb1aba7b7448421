#pragma once

// What every command that touches a database shares: where the database is,
// where the migrations are, how long to wait for the migration lock, and
// the session settings migrations run with. The command line fills it once
// (cli/common_options) and hands it to the engine's operations.

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/ledger_protocol.hpp"
#include "engine/session_reset.hpp"
#include "settings/connect_settings.hpp"

namespace pgapply::engine {

// Where the migrations are and how to read them.
struct ProjectOptions {
  std::filesystem::path dir = "migrations";
  // Where `dir` was set, for its errors: " (from PGAPPLY_DIR)", " (from pgapply.toml:2)"; "" on the command line.
  std::string dir_source;
  std::string ledger = "pgapply_migrations";
  std::vector<std::pair<std::string, std::string>> variables;  // -v NAME=VALUE
  bool allow_undefined_variables = false;
  // --ledger-format: supabase also keeps the Supabase CLI's history (each
  // migration then needs its Supabase version and statements, see load_project).
  LedgerFormat ledger_format = LedgerFormat::pgapply;
};

// The command this run is, and the options the command line gave it other
// than the project and connection options (which pgapply_command writes from
// ProjectOptions and ConnectOptions): --dry-run, --offline, --target 5,
// --no-verify, --lock-timeout 1s, --format json... A hint that runs this
// command again repeats them, so that the hint of a dry run is a dry run too.
struct Invocation {
  std::string command;                            // "up"; empty: none (no hint repeats anything)
  std::vector<std::vector<std::string>> options;  // each: "--name", then its value if it takes one
};

struct Context {
  settings::ConnectOptions connection;
  ProjectOptions project;
  // What the same command gets with no project option on its command line:
  // the environment's and pgapply.toml's, else the defaults. A hint writes
  // the options of `project` that differ from it (a --ledger-format pgapply
  // given over pgapply.toml's supabase is repeated, though the default).
  ProjectOptions implied_project;
  SessionSettings session{std::string("5s"), std::nullopt, std::nullopt, std::nullopt, ""};
  std::chrono::milliseconds lock_wait{60'000};
  Invocation invocation;
};

}  // namespace pgapply::engine
