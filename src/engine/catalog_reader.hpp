#pragma once

#include "pg/connection.hpp"
#include "schema/catalog.hpp"

namespace pgapply::engine {

// Reads the schema of the connection's database (user schemas only) and the
// sessions holding locks on its tables, with pgapply's catalog queries
// (sql/catalog_*.sql), into a snapshot for verify, preflight and baseline.
schema::CatalogSnapshot read_catalog(pg::Connection& connection);

// What `roles` own or have privileges on outside this database, and the
// databases they own (sql/catalog_role_dependencies.sql), into the snapshot.
void read_role_dependencies(pg::Connection& connection, const std::vector<std::string>& roles,
                            schema::CatalogSnapshot& snapshot);

// The answers to `checks` (schema::RowCheck: a NULL in a column, rows that
// share the values of columns...), added to the snapshot's: each read in a
// read-only transaction of its own that waits at most 1 s for its table's
// lock and 5 s for the answer, 30 s for all of them; one not read says why
// (took too long, permission denied...).
void read_row_checks(pg::Connection& connection, std::vector<schema::RowCheck> checks,
                     schema::CatalogSnapshot& snapshot);

}  // namespace pgapply::engine
