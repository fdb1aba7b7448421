#pragma once

#include <map>
#include <string>

#include "pg/connection.hpp"

namespace pgapply::pg {

// The settings a connection was made with, as the PG* environment variables
// a libpq program (pg_dump) reads: PGHOST, PGPORT, PGDATABASE, PGUSER,
// PGPASSWORD, PGSSLMODE... So a child connects exactly where this connection
// did, and a password never appears on a command line.
std::map<std::string, std::string> child_environment(const Connection& connection);

}  // namespace pgapply::pg
