#include "engine/analysis.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "migrate/checksum.hpp"
#include "io/files.hpp"
#include "support/run_process.hpp"

using namespace pgapply;

namespace {

engine::ScriptAnalysis analyze(const std::string& path) {
  return engine::analyze_script(path, path, {}, {});
}

}  // namespace

TEST_CASE("the example migrations run in the modes their shapes call for") {
  const std::string dir = test::source_path("migrations");
  CHECK(analyze(dir + "/001_initial_schema.sql").plan.mode == psql::TransactionMode::wrapped);
  const auto prefs = analyze(dir + "/005_user_preferences.sql");
  CHECK(prefs.plan.mode == psql::TransactionMode::own);
  CHECK(prefs.plan.statements == 4);
  CHECK(prefs.plan.commit_statement == 4);
  const auto index = analyze(dir + "/006_prices_day_index.sql");
  CHECK(index.plan.mode == psql::TransactionMode::autocommit);
  CHECK(index.plan.reason.find("CREATE INDEX CONCURRENTLY at line 7") == 0);
  CHECK(index.checksum == migrate::checksum_of(io::read_file(dir + "/006_prices_day_index.sql")));
  CHECK_FALSE(index.has_dependencies);
}

TEST_CASE("gexec of CREATE DATABASE makes a file run outside a transaction") {
  test::TempDir dir;
  const auto path = dir.write("1_db.sql",
      "SELECT 'CREATE DATABASE reports' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'reports')\\gexec\n");
  const auto analysis = analyze(path);
  CHECK(analysis.plan.mode == psql::TransactionMode::autocommit);
  CHECK(analysis.plan.reason.find("CREATE DATABASE (run by \\gexec) at line 1") == 0);
}

TEST_CASE("directives in the header decide, and bad ones are errors") {
  test::TempDir dir;
  CHECK(analyze(dir.write("1.sql", "-- pgapply: no-transaction\nselect 1;")).plan.mode ==
        psql::TransactionMode::autocommit);
  CHECK_THROWS_AS(analyze(dir.write("2.sql", "-- pgapply: sometimes\nselect 1;")), Error);
  CHECK_THROWS_AS(analyze(dir.write("3.sql", "BEGIN;\nselect 1;\n")), Error);
}
