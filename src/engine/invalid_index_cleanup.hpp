#pragma once

#include "engine/loaded_script.hpp"
#include "engine/run_output.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// Before any statement-by-statement file runs (up calls it for each, not
// only for one that failed or was interrupted: a REINDEX's copies may be
// another run's, by hand or by another file): an interrupted CREATE INDEX
// CONCURRENTLY leaves its index behind, INVALID, and a re-run of `CREATE
// INDEX CONCURRENTLY IF NOT EXISTS` would skip it for good (an unnamed one
// would make another, t_a_idx1, beside it); an interrupted REINDEX
// CONCURRENTLY leaves <index>_ccnew (or _ccold), which REINDEX ...
// CONCURRENTLY skips from then on. Every such invalid index of the file's
// statements (for REINDEX TABLE, SCHEMA and DATABASE: every _ccnew/_ccold
// copy in their scope) is dropped concurrently, saying so. One the role may
// not drop stops the run (check) with the DROP INDEX to run; for REINDEX
// TABLE, SCHEMA and DATABASE, which skip it, a warning says so and the file
// runs.
void drop_invalid_indexes(pg::Connection& connection, const LoadedScript& script, RunOutput& output);

// What an operator must know when the statement of `script` at FILE:LINE
// `where` failed or was cancelled, if it is a CREATE INDEX CONCURRENTLY or a
// REINDEX ... CONCURRENTLY: the INVALID indexes it left behind, asked of
// `connection` (idle), by name, and who drops them (`up_drops_it`: up, before
// it runs the file again; else the operator, with the DROP to run); "" for
// any other statement, or when it left none (it failed before it made one,
// or on one there already). When the connection cannot say, what it may
// have left, unnamed.
std::string invalid_index_note(pg::Connection& connection, const LoadedScript& script, const std::string& where,
                               bool up_drops_it);

}  // namespace pgapply::engine
