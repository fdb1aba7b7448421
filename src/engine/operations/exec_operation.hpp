#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/run_output.hpp"
#include "settings/connect_settings.hpp"

namespace pgapply::engine {

struct ExecOptions {
  settings::ConnectOptions connection;
  std::vector<std::string> files;     // "-": standard input (read once)
  std::vector<std::string> commands;  // -c SQL: each run as a file of its own
  std::vector<std::pair<std::string, std::string>> variables;
  bool allow_undefined_variables = false;
};

// `pgapply exec FILE...`: runs files once, psql-style, with no ledger, through
// the same runner and run loop as up: each file in its own transaction (or
// its own BEGIN ... COMMIT, or statement by statement when it must),
// notices and errors as for migrations. Every file is read and checked
// before the first one runs. A failing statement stops the run (Error sql);
// earlier files stay committed. A file too large to keep in memory is read
// again when it runs (psql's streaming).
void run_exec(const ExecOptions& options, RunOutput& output);

}  // namespace pgapply::engine
