#pragma once

#include "engine/loaded_script.hpp"
#include "engine/run_output.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// Before a statement-by-statement file that failed or was interrupted runs
// again: an interrupted CREATE INDEX CONCURRENTLY leaves its index behind,
// INVALID, and a re-run of `CREATE INDEX CONCURRENTLY IF NOT EXISTS` would
// skip it for good (REINDEX CONCURRENTLY leaves <name>_ccnew). Every such
// invalid index the file builds is dropped concurrently, saying so.
void drop_invalid_indexes(pg::Connection& connection, const LoadedScript& script, RunOutput& output);

}  // namespace pgapply::engine
