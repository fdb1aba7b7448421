#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "settings/connect_settings.hpp"
#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "engine/session.hpp"

namespace pgapply::engine {

struct DownOptions {
  settings::ConnectOptions connection;
  ProjectOptions project;
  std::optional<std::size_t> steps;  // how many to roll back (default 1)
  std::optional<std::string> to;     // roll back every migration above this version
  bool dry_run = false;              // print the SQL instead
  std::chrono::milliseconds lock_wait{60'000};
  SessionSettings session{std::string("5s"), std::nullopt};
  std::optional<std::filesystem::path> backup_dir;
};

// `pgapply down`: rolls back the latest applied migrations, newest first,
// each with its NNN_name.down.sql in a transaction that also removes its
// ledger row (so it is rolled back and unrecorded, or neither). A migration
// without a down file stops everything before anything runs (Error input).
// With dry_run, returns the SQL it would run; otherwise "".
std::string run_down(const DownOptions& options, RunOutput& output);

}  // namespace pgapply::engine
