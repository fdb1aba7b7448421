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

TEST_CASE("exec runs statements around BEGIN/COMMIT as one transaction, as psql -1 does") {
  MigrationProject project;
  const auto mixed = project.write_file(
      "mixed.sql", "create table m1 (id int);\nbegin;\ncreate table m2 (id int);\nselect 1/0;\ncommit;\n");
  const auto result = project.pgapply({"exec", mixed});
  CHECK(result.status == 3);
  CHECK(contains(result.err, mixed + ":4:1: ERROR:  division by zero"));
  CHECK(project.query("select count(*) from pg_tables where tablename in ('m1', 'm2')") == "0");
  // psql -f without -1 leaves m1: the difference is real
  CHECK(project.psql_script("\\i " + mixed).status != 0);
  CHECK(project.query("select count(*) from pg_tables where tablename in ('m1', 'm2')") == "1");
}

TEST_CASE("exec of a file that runs statement by statement says what of it took effect, even alone") {
  MigrationProject project;
  const auto file = project.write_file(
      "concurrently.sql", "create table c (id int);\ncreate index concurrently c_id on c (id);\nselect 1/0;\n");
  const auto result = project.pgapply({"exec", file});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "Stopped: " + file + " failed outside a transaction: the statements before the failing "
                             "one took effect (statement 3 of 3 failed)"));
  CHECK(project.query("select count(*) from pg_indexes where indexname = 'c_id'") == "1");
}

TEST_CASE("exec hands each file the variables the one before it set, as psql's -f after -f") {
  MigrationProject project;
  const auto vars = project.write_file("vars.sql", "\\set table_name carried\n\\set gone x\n\\unset gone\n");
  const auto schema = project.write_file("schema.sql", "create table :\"table_name\" (id int);\n");
  const auto result = project.pgapply({"exec", vars, schema});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'carried'") == "1");
  const auto unset = project.write_file("unset.sql", "select :'gone';\n");
  CHECK(project.pgapply({"exec", vars, unset}).status == 1);  // undefined: \unset carries too
}

TEST_CASE("exec reads a pipe once: /dev/stdin runs whole") {
  MigrationProject project;
  ProcessOptions options;
  options.input = "\\echo first\ncreate table piped (id int);\n\\echo last\n";
  const auto result = project.pgapply({"exec", "/dev/stdin"}, options);
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(result.out == "first\nlast\n");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'piped'") == "1");
}

TEST_CASE("exec takes SQL as psql does: - for standard input, -f FILE, -c SQL, each command a file of its own") {
  MigrationProject project;
  ProcessOptions options;
  options.input = "\\echo from stdin\ncreate table piped (id int);\n";
  auto result = project.pgapply({"exec", "-"}, options);
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(result.out == "from stdin\n");
  options.input = "insert into piped values (1);\nselect 1/0;\n";  // named as psql names it
  result = project.pgapply({"exec", "-"}, options);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "<stdin>:2:1: ERROR:  division by zero"));
  project.write_file("q.sql", "insert into piped values (1);\n");
  CHECK(project.pgapply({"exec", "-f", "q.sql", "-f", "q.sql"}).status == 0);
  result = project.pgapply({"exec", "-c", "insert into piped values (2)", "-c", "insert into piped values (1/0)"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "-c #2:1:"));
  CHECK(contains(result.err, "1 command ran before it"));
  CHECK(contains(result.err, "division by zero"));
  CHECK(project.query("select string_agg(id::text, ',' order by id) from piped") == "1,1,2");  // -c #1 committed
  // One kind at a time: psql keeps their order, the options do not.
  CHECK(project.pgapply({"exec", "q.sql", "-c", "select 1"}).status == 1);
  CHECK(project.pgapply({"exec", "q.sql", "-f", "q.sql"}).status == 1);
  result = project.pgapply({"exec"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "pgapply exec needs a FILE (- for standard input), -f FILE or -c SQL"));
}

TEST_CASE("exec sets the variables psql sets when it connects, and -v overrides them") {
  MigrationProject project;
  const auto file = project.write_file(
      "db.sql", "\\if :{?SERVER_VERSION_NUM}\n\\echo :DBNAME :USER :ENCODING\n\\endif\n"
                "create table :\"DBNAME\" (id int);\n");
  auto result = project.pgapply({"exec", file});
  INFO(result.err);
  CHECK(result.status == 0);
  const std::string database = project.query("select current_database()");
  CHECK(contains(result.out, database + " " + project.query("select current_user") + " UTF8\n"));
  CHECK(project.query("select count(*) from pg_tables where tablename = '" + database + "'") == "1");
  result = project.pgapply({"exec", "-v", "DBNAME=given", file});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename = 'given'") == "1");
}
