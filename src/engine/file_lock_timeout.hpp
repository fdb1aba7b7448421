#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "engine/loaded_script.hpp"

namespace pgapply::engine {

// The lock_timeout a file set itself before its statement `statement_index`
// (1-based, as StatementError counts them): after `SET [SESSION | LOCAL]
// lock_timeout {TO | =} value`, that is the limit a lock wait runs out of,
// not pgapply's --lock-timeout. A later RESET (lock_timeout, ALL) or SET
// ... TO DEFAULT gives it back to pgapply.
struct FileLockTimeout {
  std::string value;                // as written: "500ms", "2s", "1000"
  std::chrono::milliseconds limit;  // as PostgreSQL reads it (a bare number: milliseconds); 0 when unreadable
  std::string where;                // FILE:LINE of the SET
};
std::optional<FileLockTimeout> file_lock_timeout(const LoadedScript& script, std::size_t statement_index);

}  // namespace pgapply::engine
