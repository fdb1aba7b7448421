#pragma once

#include <filesystem>
#include <string>

#include "pg/connection.hpp"

namespace pgapply::engine {

// The pg_dump for a server of `server_version` (150018): the one of its major
// version under /usr/lib/postgresql, else "pg_dump" (found on PATH).
std::string find_pg_dump(int server_version);

// Dumps the database with pg_dump into DIR/DBNAME-YYYYMMDD-HHMMSS.sql (plain
// SQL: it restores with psql, or pgapply exec) before anything changes. The
// pg_dump of the server's major version is preferred (next to the server's
// programs, /usr/lib/postgresql/MAJOR/bin), else the one on PATH. It runs
// without a shell; the connection's settings and password reach it through
// its environment, never its command line. Throws Error(backup) if it fails:
// then nothing must be applied. Returns the file written.
std::filesystem::path back_up(pg::Connection& connection, const std::filesystem::path& dir);

}  // namespace pgapply::engine
