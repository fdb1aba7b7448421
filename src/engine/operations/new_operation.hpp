#pragma once

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/ledger_protocol.hpp"

namespace pgapply::engine {

struct NewOptions {
  std::filesystem::path dir = "migrations";
  std::string description;
  bool down = false;       // also the rollback file, where the format keeps it apart
  bool timestamp = false;  // version YYYYMMDDHHMMSS in UTC
  // --ledger-format: where its tool would read NNN_name.down.sql as a migration, the rollback goes in down/.
  LedgerFormat ledger_format = LedgerFormat::pgapply;
};

// `pgapply new NAME`: creates the next migration in `dir`, in the format of
// its newest migration (migrate::new_migration), creating the directory if
// needed. `now` is the clock. Returns the paths created. Throws Error (usage
// for a bad name, input when a file exists or the directory has two files
// with one version).
std::vector<std::filesystem::path> create_migration(const NewOptions& options, std::time_t now);

}  // namespace pgapply::engine
