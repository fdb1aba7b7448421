#pragma once

#include <string>

#include "migrate/plan.hpp"

namespace pgapply::report {

// What `pgapply status` prints: every migration with its state.
//   text: a table (version, state, applied at, duration, file) with a note
//         for each migration that needs attention, and a count per state;
//   json: {"format_version", "command": "status", "database", "ledger":
//         {"table"}, "clean", "counts": {state: n}, "migrations": [{version,
//         name, file, state, checksum, applied_at, ...}]}
std::string render_status_text(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger);
std::string render_status_json(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger);

// Whether nothing is pending, modified, missing or failed.
bool is_clean(const migrate::Plan& plan);

}  // namespace pgapply::report
