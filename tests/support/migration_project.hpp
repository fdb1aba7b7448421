#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/run_process.hpp"
#include "support/test_database.hpp"

namespace pgapply::test {

// A scratch project for end-to-end tests: a fresh database and a temporary
// directory with a migrations/ folder, and the pgapply binary run in it.
class MigrationProject {
 public:
  MigrationProject();

  // Writes migrations/NAME (or any path under the directory with write_file).
  std::string write(const std::string& name, const std::string& content) const;
  std::string write_file(const std::string& relative, const std::string& content) const;
  void remove(const std::string& name) const;

  // Runs pgapply in the directory, with PGHOST, PGPORT, PGUSER, PGDATABASE and
  // DATABASE_URL pointing at the database.
  ProcessResult pgapply(const std::vector<std::string>& args, ProcessOptions options = {}) const;
  // Starts it without waiting.
  std::unique_ptr<BackgroundProcess> start(const std::vector<std::string>& args) const;

  // Runs a script with psql -X -q -v ON_ERROR_STOP=1 -f (a dry run's, say) on the database.
  ProcessResult psql_script(const std::string& script) const;

  // The rows of a query, one per line, fields separated by '|'.
  std::string query(const std::string& sql) const;
  void execute(const std::string& sql) const;

  // Waits (polling every 50 ms, for up to `limit`) until at least `count`
  // sessions of this project's database (never another test's: tests run in
  // parallel) other than the one asking match `where`, a condition on
  // pg_stat_activity ("application_name = 'pgapply: migrations/002_slow.sql'
  // and wait_event = 'PgSleep'"). Whether they did: REQUIRE it, or the test
  // would go on, and might pass, without what it waited for.
  bool wait_for_sessions(const std::string& where, int count = 1,
                         std::chrono::milliseconds limit = std::chrono::seconds(20)) const;

  // Options to run pgapply with a throwaway shadow cluster (no
  // SHADOW_DATABASE_URL) made under path()/tmp, which the unprivileged user
  // the cluster runs as (when the tests run as root) can reach.
  ProcessOptions throwaway_shadow() const;

  const TestDatabase& database() const { return database_; }
  const std::string& path() const { return dir_.path(); }

 private:
  TempDir dir_;
  TestDatabase database_;
};

// Roles for a test's migrations to create on the test server (roles belong
// to the server, not to one database, and tests run in parallel): unique
// names ("app_reader" -> "app_reader_<pid>"), none of them there at the
// start, each dropped at the end, after what it owns in the project's
// database (the database itself too) goes to the superuser and what it was
// granted there is revoked.
class ServerRoles {
 public:
  ServerRoles(const MigrationProject& project, const std::vector<std::string>& stems);
  ~ServerRoles();
  ServerRoles(const ServerRoles&) = delete;
  ServerRoles& operator=(const ServerRoles&) = delete;
  const std::string& operator[](std::size_t index) const { return names_.at(index); }

 private:
  void drop() const;
  std::string database_;
  std::vector<std::string> names_;
};

// A database of the test server that a test's migrations create (CREATE
// DATABASE), named after the project's so that parallel tests never share
// one: "<stem>_<project's database>", dropped at the end (declare it after
// the ServerRoles that may own it: it goes first).
class ServerDatabase {
 public:
  ServerDatabase(const MigrationProject& project, const std::string& stem);
  ~ServerDatabase();
  ServerDatabase(const ServerDatabase&) = delete;
  ServerDatabase& operator=(const ServerDatabase&) = delete;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// A login role of the test server, to connect to the project's database as
// someone other than the superuser: made with no privilege but PUBLIC's
// (CONNECT), named and dropped as ServerRoles names and drops its roles.
class LoginRole {
 public:
  LoginRole(const MigrationProject& project, const std::string& stem);
  const std::string& name() const { return roles_[0]; }
  // Connection settings for the project's database as this role.
  std::string conninfo() const;

 private:
  ServerRoles roles_;
  std::string database_;
};

// A second PostgreSQL server of the test's own (scripts/pg-tmp), for a
// --shadow that is not on the target's server; stopped and removed at the end.
class OtherServer {
 public:
  OtherServer();
  ~OtherServer();
  OtherServer(const OtherServer&) = delete;
  OtherServer& operator=(const OtherServer&) = delete;
  // host=... port=... user=postgres dbname=<dbname>
  std::string conninfo(const std::string& dbname = "postgres") const;
  // The one value of a query in its postgres database (scalar()).
  std::string query(const std::string& sql) const;

 private:
  TempDir state_;
  std::string host_, port_;
};

// Whether `haystack` contains `needle` (for CHECK messages that show both).
bool contains(const std::string& haystack, const std::string& needle);

}  // namespace pgapply::test
