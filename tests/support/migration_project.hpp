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

  const TestDatabase& database() const { return database_; }
  const std::string& path() const { return dir_.path(); }

 private:
  TempDir dir_;
  TestDatabase database_;
};

// Whether `haystack` contains `needle` (for CHECK messages that show both).
bool contains(const std::string& haystack, const std::string& needle);

}  // namespace pgapply::test
