#pragma once

#include <string>

#include "catalog/catalog_model.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// pgapply's ledger tables (and what hangs on them: columns, constraints,
// indexes, the history's id sequence) are not part of a database's schema.
struct ModelExclusions {
  std::string ledger_schema;  // empty: no ledger to leave out
  std::string ledger_table;   // its history table is ledger_table + "_history"
  // The role pgapply runs as: its USAGE and CREATE on the ledger's schema,
  // which it needs to make the ledger there (and which pgapply's own
  // message says to grant), are not the schema's privileges that
  // migrations make. Empty: none left out. Read both models of a
  // comparison with it, or a migration's own GRANT of them is a difference.
  std::string ledger_role;
};

// Reads the catalog model of the connection's database (sql/model_*.sql) in
// one REPEATABLE READ READ ONLY transaction, so every query sees the same
// snapshot, with search_path = pg_catalog, so the names the server prints
// are qualified the same way in any database. The connection must be idle
// (no transaction open); it is left idle. Needs PostgreSQL 12 or later
// (attgenerated); throws Error(check) on an older server.
catalog::CatalogModel read_catalog_model(pg::Connection& connection, const ModelExclusions& exclusions = {});

}  // namespace pgapply::engine
