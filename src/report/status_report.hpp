#pragma once

#include <string>

#include "migrate/plan.hpp"

namespace pgapply::report {

// What `pgapply status` prints: every migration with its state.
//   text: a table (version, state, applied at, duration, file) with a note
//         for each migration that needs attention, and a count per state;
//   json: {"database": ..., "ledger": ..., "migrations": [{version, name,
//         file, state, checksum, applied_at, ...}], "counts": {...}}
std::string render_status_text(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger);
std::string render_status_json(const migrate::Plan& plan, const std::string& database,
                               const std::string& ledger);

// Whether nothing is pending, modified, missing or failed.
bool is_clean(const migrate::Plan& plan);

}  // namespace pgapply::report
