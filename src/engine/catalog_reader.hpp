#pragma once

#include "pg/connection.hpp"
#include "schema/catalog.hpp"

namespace pgapply::engine {

// Reads the schema of the connection's database (user schemas only) and the
// sessions holding locks on its tables, with pgapply's catalog queries
// (sql/catalog_*.sql), into a snapshot for verify, preflight and baseline.
schema::CatalogSnapshot read_catalog(pg::Connection& connection);

}  // namespace pgapply::engine
