#pragma once

// Scratch databases for integration tests.
//
// The CTest fixture (tests/CMakeLists.txt, scripts/pg-tmp) starts one
// throwaway server per ctest run and points PGAPPLY_TEST_PG_ENV at a file of
// KEY=VALUE lines. Without that variable the process environment is used
// instead, so `scripts/pg-tmp run build/tests/integration_tests` works by
// hand. With neither, TestServer::get() throws, failing the test with a
// message that says how to run it.
//
// Each test case makes its own TestDatabase: tests run in parallel processes.

#include <map>
#include <string>
#include <string_view>

#include "pg/connection.hpp"

namespace pgapply::test {

using Environment = std::map<std::string, std::string>;

struct TestServer {
  std::string host;      // PGHOST: the socket directory
  std::string port;      // PGPORT
  std::string user;      // PGUSER: a superuser
  std::string database;  // PGDATABASE: the maintenance database (postgres)
  std::string url;       // DATABASE_URL: over TCP to 127.0.0.1
  std::string bin_dir;   // PGAPPLY_PG_BIN: the server's programs (pg_dump, psql, ...); may be empty
  std::string dir;       // PGAPPLY_PG_DIR: the server's directory; may be empty

  // Read once per process. Throws std::runtime_error when no server is known.
  static const TestServer& get();

  // host=... port=... user=... dbname=<dbname> (over the socket).
  std::string conninfo(std::string_view dbname) const;
  // postgresql://user@127.0.0.1:port/dbname (over TCP).
  std::string url_for(std::string_view dbname) const;
  // bin_dir/name, or just name (found on PATH) when bin_dir is unknown.
  std::string program(std::string_view name) const;
  // A superuser connection to `dbname` (the maintenance database by default).
  pg::Connection connect(std::string_view dbname = {}) const;
};

// A fresh database, dropped (WITH (FORCE)) when this goes out of scope.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // pgapply_test_<pid>_<counter>_<random>: unique across parallel processes.
  const std::string& name() const { return name_; }
  std::string conninfo() const;  // host=<socket dir> port=... user=... dbname=<name>
  std::string url() const;       // postgresql://user@127.0.0.1:port/<name>
  pg::Connection connect() const;
  // For running pgapply as a subprocess: PGHOST, PGPORT, PGUSER, PGDATABASE
  // (this database), DATABASE_URL (url()) and SHADOW_DATABASE_URL (the
  // server's maintenance database: pgapply makes its scratch shadows there).
  Environment env() const;

 private:
  const TestServer& server_;
  std::string name_;
};

// The one value of a query that returns one row of one column ("<null>" for
// NULL); the test stops (REQUIRE) on any other shape.
std::string scalar(pg::Connection& connection, const std::string& sql);

}  // namespace pgapply::test
