#pragma once

// A query that can change no table's rows: a migration's `SELECT 1;` or
// `SELECT pg_advisory_xact_lock(42);` before a constraint does not make
// preflight's row checks after it uncertain.

#include <string_view>

namespace pgapply::ddl {

// Whether `query` is a SELECT that reads no relation and makes none (no
// FROM or INTO at its top level, no subquery), calls none but PostgreSQL's
// own immutable or stable functions and the volatile ones that write no
// rows (advisory locks, pg_sleep, pg_notify, random, clock_timestamp,
// nextval and setval...),
// none named with a schema other than pg_catalog (a user's function may
// share a built-in one's name), and casts to no type of the user's (whose
// domain CHECK may call one of the user's functions), nor runs a query it
// is given as text or by a relation's name (query_to_xml, table_to_xml,
// ts_stat). false for anything else: a query of a view or table (a view may
// call a function that writes), set_config (what later statements name).
// Whether an operator or a function of the user's may stand in for
// one of PostgreSQL's own is the catalog's to tell (preflight's).
bool changes_no_rows(std::string_view query);

// Whether `statement` is ANALYZE, CLUSTER, VACUUM FULL or VACUUM ...
// ANALYZE: maintenance that runs the expressions of indexes and extended
// statistics over the rows (a plain VACUUM runs none; REINDEX, which does,
// is DDL the facts name).
bool runs_index_expressions(std::string_view statement);

// Whether an EXPLAIN `statement` runs what it explains: ANALYZE (not set
// false), or a call of the user's the planner may fold.
bool explain_runs(std::string_view statement);

}  // namespace pgapply::ddl
