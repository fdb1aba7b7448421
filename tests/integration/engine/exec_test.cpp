// `pgapply exec`: psql-like one-shot runs, no ledger.
#include <doctest/doctest.h>

#include "support/migration_project.hpp"

using namespace pgapply::test;

TEST_CASE("exec runs files in order without a ledger") {
  MigrationProject project;
  const auto a = project.write_file("a.sql", "create table t (id int);\ninsert into t values (1);\n");
  const auto b = project.write_file("b.sql", "BEGIN;\ninsert into t values (2);\nCOMMIT;\n"
                                             "do $$ begin raise notice 'rows: %', (select count(*) from t); end $$;\n");
  const auto result = project.pgapply({"exec", a, b});
  CHECK(result.status == 0);
  CHECK(contains(result.err, b + ":4: NOTICE:  rows: 2"));
  CHECK(project.query("select count(*) from pg_tables where tablename like 'pgapply%'") == "0");
}

TEST_CASE("exec stops at a failing statement with its location, earlier files committed") {
  MigrationProject project;
  const auto a = project.write_file("a.sql", "create table t (id int);\n");
  const auto b = project.write_file("b.sql", "insert into t values (1);\nselect * from nowhere;\n");
  const auto c = project.write_file("c.sql", "create table c (id int);\n");
  const auto result = project.pgapply({"exec", a, b, c});
  CHECK(result.status == 3);
  CHECK(contains(result.err, b + ":2:15: ERROR:  relation \"nowhere\" does not exist"));
  // What became of the files: said on standard error, the output staying the files'.
  CHECK(contains(result.err, "Stopped: " + b + " failed and was rolled back: nothing of it was applied; 1 file ran "
                             "before it."));
  CHECK(result.out.empty());
  CHECK(project.query("select count(*) from t") == "0");  // b rolled back
  CHECK(project.query("select count(*) from pg_tables where tablename = 'c'") == "0");
  CHECK(project.pgapply({"exec"}).status == 1);
}

TEST_CASE("exec given a directory for a file says so as split does, before connecting") {
  MigrationProject project;
  project.write_file("m/001_a.sql", "select 1;\n");
  ProcessOptions nowhere;
  nowhere.env = {{"PGPORT", "1"}};  // no server there: the error comes first
  const auto exec = project.pgapply({"exec", "m"}, nowhere);
  CHECK(exec.status == 1);
  CHECK(exec.err == "pgapply: error: m: is a directory\n");
  const auto split = project.pgapply({"split", "m"});
  CHECK(split.status == 1);
  CHECK(split.err == exec.err);
}
