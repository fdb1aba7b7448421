#include "engine/migration_directory.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "support/run_process.hpp"

using namespace pgapply;

TEST_CASE("a directory of every format: dbmate and goose files found by their content") {
  test::TempDir dir;
  dir.write("m/1_plain.sql", "select 1; -- migrate:down is only a comment here\n");
  dir.write("m/2_dbmate.sql", "-- migrate:up\nselect 2;\n-- migrate:down\nselect -2;\n");
  dir.write("m/3_goose.sql", "-- +goose Up\nselect 3;\n");
  dir.write("m/3_goose.down.sql", "select -3;\n");
  dir.write("m/4_go.up.sql", "-- migrate:up\nselect 4;\n-- migrate:down\n");  // golang-migrate runs it whole
  dir.write("m/V5__fly.sql", "select 5;\n");
  dir.write("m/R__views.sql", "select 'r';\n");
  const auto found = engine::read_migration_directory(dir.path() + "/m");
  REQUIRE(found.migrations.size() == 5);
  CHECK(found.migrations[0].format == migrate::FileFormat::pgapply);
  CHECK_FALSE(found.migrations[0].sections);
  CHECK(found.migrations[1].format == migrate::FileFormat::dbmate);
  CHECK(found.migrations[1].rollback == migrate::RollbackSource::down_section);
  REQUIRE(found.migrations[1].sections);
  CHECK(found.migrations[1].sections->down->span.line == 3);
  CHECK(found.migrations[2].format == migrate::FileFormat::goose);
  CHECK(found.migrations[2].rollback == migrate::RollbackSource::file);
  CHECK(found.migrations[2].rollback_file == "3_goose.down.sql");
  CHECK(found.migrations[3].format == migrate::FileFormat::golang_migrate);
  CHECK_FALSE(found.migrations[3].sections);
  CHECK(found.migrations[4].format == migrate::FileFormat::flyway);
  CHECK(found.repeatables.size() == 1);
}

TEST_CASE("a marker error names the file and line, a marker far into a large file is found") {
  test::TempDir dir;
  dir.write("m/1_bad.sql", "-- +goose Up\n-- +goose StatementBegin\nselect 1;\n");
  try {
    engine::read_migration_directory(dir.path() + "/m");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::input);
    CHECK(std::string(error.what()) ==
          dir.path() + "/m/1_bad.sql:2: error: -- +goose StatementBegin without -- +goose StatementEnd");
  }
  // Past the first piece (1 MiB) the marker is still seen.
  std::string big = "-- migrate:up\n";
  while (big.size() < (3 << 20)) big += "insert into t values ('" + std::string(100, 'x') + "');\n";
  big += "-- migrate:down\ndelete from t;\n";
  const auto path = dir.write("n/1_big.sql", big);
  CHECK(engine::file_may_hold_sections(path));
  const auto found = engine::read_migration_directory(dir.path() + "/n");
  REQUIRE(found.migrations[0].sections);
  CHECK(found.migrations[0].sections->down->span.begin == big.find("-- migrate:down"));
  std::string plain(3 << 20, 'x');
  plain += "\n-- +goose Up\n";
  CHECK(engine::file_may_hold_sections(dir.write("p/1_p.sql", plain)));
  CHECK_FALSE(engine::file_may_hold_sections(dir.write("p/2_p.sql", std::string(3 << 20, 'x'))));
}

TEST_CASE("the binary: .sql files none of which is a migration are an error (exit 1), never up to date") {
  test::TempDir dir;
  dir.write("s/schema.sql", "select 1;\n");
  dir.write("s/seed.sql", "select 1;\n");
  test::ProcessOptions options;
  options.cwd = dir.path();
  const auto strays = test::run_pgapply({"up", "--dry-run", "--offline", "--dir", "s"}, options);
  CHECK(strays.status == 1);
  CHECK(strays.err.find("pgapply: error: s: none of its 2 .sql files is a migration (expected NNN_name.sql") == 0);
  CHECK(strays.err.find("schema.sql, seed.sql. Is --dir right?") != std::string::npos);

  // Flyway and golang-migrate files are migrations, in version order; a stray is a warning.
  dir.write("f/V1_1__b.sql", "create table b (i int);\n");
  dir.write("f/V1__a.sql", "create table a (i int);\n");
  dir.write("f/2_c.up.sql", "create table c (i int);\n");
  dir.write("f/2_c.down.sql", "drop table c;\n");
  dir.write("f/notes.sql", "x\n");
  const auto mixed = test::run_pgapply({"up", "--dry-run", "--offline", "--dir", "f"}, options);
  CHECK(mixed.status == 0);
  const auto a = mixed.out.find("-- f/V1__a.sql");
  const auto b = mixed.out.find("-- f/V1_1__b.sql");
  const auto c = mixed.out.find("-- f/2_c.up.sql");
  CHECK(a != std::string::npos);
  CHECK(a < b);
  CHECK(b < c);
  CHECK(c != std::string::npos);
  CHECK(mixed.out.find("drop table c") == std::string::npos);
  CHECK(mixed.err.find("f/notes.sql: not a migration") != std::string::npos);
}
