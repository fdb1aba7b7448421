// Inputs that are not what they look like (issue 17): directory entries that
// look like migrations but cannot be read, a missing --env-file, numbers and
// names out of range, secrets in connection strings and in other sessions'
// queries, files that are not UTF-8. Each is a clear error naming the entry,
// the option or FILE:LINE, and nothing reaches the database.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// Nothing was applied: no ledger, no table of the migrations.
void check_untouched(const MigrationProject& project) {
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'public'") == "0");
}

}  // namespace

TEST_CASE("entries that look like migrations but cannot be read are errors naming the entry") {
  namespace fs = std::filesystem;
  struct Case {
    const char* what;
    const char* expected;  // in the message
  };
  for (const Case& entry : {Case{"self-looping symlink", "a symbolic link to 002_x.sql that loops"},
                            Case{"dangling symlink", "a symbolic link to nowhere.sql, which does not exist"},
                            Case{"symlink loop", "that loops (a link to itself, or a cycle)"},
                            Case{"fifo", "a FIFO (named pipe)"}, Case{"directory", "a directory"}}) {
    CAPTURE(entry.what);
    MigrationProject project;
    project.write("001_a.sql", "create table a (id int);\n");
    const fs::path dir = fs::path(project.path()) / "migrations";
    const std::string what = entry.what;
    if (what == "self-looping symlink") fs::create_symlink("002_x.sql", dir / "002_x.sql");
    if (what == "dangling symlink") fs::create_symlink("nowhere.sql", dir / "002_x.sql");
    if (what == "symlink loop") {
      fs::create_symlink("003_y.sql", dir / "002_x.sql");
      fs::create_symlink("002_x.sql", dir / "003_y.sql");
    }
    if (what == "fifo") REQUIRE(mkfifo((dir / "002_x.sql").c_str(), 0600) == 0);
    if (what == "directory") fs::create_directory(dir / "002_x.sql");
    for (const char* command : {"up", "status", "verify"}) {
      CAPTURE(command);
      const auto result = project.pgapply({command});
      CHECK(result.status == 1);
      CHECK(contains(result.err, "migrations/002_x.sql: cannot be read as a migration: it is "));
      CHECK(contains(result.err, entry.expected));
    }
    check_untouched(project);
  }
}

TEST_CASE("a symbolic link to a migration file is read as the file") {
  MigrationProject project;
  project.write_file("shared/a.sql", "create table a (id int);\n");
  std::filesystem::create_symlink("../shared/a.sql", project.path() + "/migrations/001_a.sql");
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("a missing --env-file is an error, not a connection with the PG* defaults") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  // Without the error, up would apply 001 to the database PGDATABASE names.
  auto result = project.pgapply({"up", "--env-file", "missing.env"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--env-file missing.env: no such file; give an existing file, or --no-env-file"));
  ProcessOptions options;
  options.env = {{"PGAPPLY_ENV_FILE", "elsewhere.env"}};
  result = project.pgapply({"up"}, options);
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--env-file elsewhere.env (from PGAPPLY_ENV_FILE): no such file"));
  result = project.pgapply({"up", "--env-file", "migrations"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--env-file migrations: not a regular file"));
  check_untouched(project);
  // The default .env may be missing.
  CHECK(project.pgapply({"up"}).status == 0);
}
