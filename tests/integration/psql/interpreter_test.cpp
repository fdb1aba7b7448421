// psql compatibility end to end: meta-commands, variables and COPY, through
// the binary against a real server.
#include <doctest/doctest.h>

#include "support/migration_project.hpp"

using namespace pgapply::test;

TEST_CASE("echo, warn, set, unset and every variable form") {
  MigrationProject project;
  const auto file = project.write_file("vars.sql",
      "\\echo starting :mode\n"
      "\\set tbl 'my table'\n"
      "\\set greeting hello ' ' world\n"
      "create table :\"tbl\" (v text);\n"
      "insert into :\"tbl\" values (:'greeting'), (:'mode'), (':mode'), ($$:mode$$) -- :mode\n;\n"
      "\\warn -n done\n"
      "\\unset greeting\n");
  const auto result = project.pgapply({"exec", "-v", "mode=it's", file});
  CHECK(result.status == 0);
  CHECK(result.out == "starting it's\n");
  CHECK(result.err == "done");
  // $$:mode$$ is the text :mode, not interpolated, like ':mode'.
  CHECK(project.query("select v from \"my table\" order by v") == ":mode\n:mode\nhello world\nit's");
}

TEST_CASE("a variable whose value holds several statements runs them all, as psql does") {
  MigrationProject project;
  const auto file = project.write_file("multi.sql",
      "create table m (id int);\n"
      "insert into m values (:vals);\n"
      "do $$ begin raise notice 'after'; end $$;\n");
  const auto result = project.pgapply({"exec", "-v", "vals=1); insert into m values (2", file});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from m") == "2");
  CHECK(contains(result.err, "multi.sql:3: NOTICE:  after\n"));

  // A value that leaves nothing to run keeps the statements around it in order.
  const auto empty = project.write_file("empty.sql",
      "insert into m values (3);\n"
      ":nothing;\n"
      "do $$ begin raise notice 'count %', (select count(*) from m); end $$;\n");
  const auto ran = project.pgapply({"exec", "-v", "nothing=", empty});
  CHECK(ran.status == 0);
  CHECK(contains(ran.err, "empty.sql:3: NOTICE:  count 3\n"));
}

TEST_CASE("if, elif and else on variables") {
  MigrationProject project;
  const auto file = project.write_file("branches.sql",
      "\\if :is_prod\n  create table prod (id int);\n"
      "\\elif :is_staging\n  create table staging (id int);\n"
      "\\else\n  create table dev (id int);\n\\endif\n");
  CHECK(project.pgapply({"exec", "-v", "is_prod=off", "-v", "is_staging=yes", file}).status == 0);
  CHECK(project.query("select string_agg(tablename, ',') from pg_tables where schemaname = 'public'") == "staging");
  const auto bad = project.pgapply({"exec", "-v", "is_prod=maybe", file});
  CHECK(bad.status == 1);
  CHECK(contains(bad.err, file + ":1: error: \\if: unrecognized value \"maybe\""));
}

TEST_CASE("gexec runs the generated statements: the idempotent CREATE DATABASE") {
  MigrationProject project;
  const std::string extra = project.database().name() + "_extra";
  const auto file = project.write_file("db.sql",
      "SELECT 'CREATE DATABASE " + extra + "' WHERE NOT EXISTS "
      "(SELECT FROM pg_database WHERE datname = '" + extra + "')\\gexec\n"
      "select 'create table g' || i || ' (id int)' from generate_series(1, 3) i\n\\gexec\n");
  CHECK(project.pgapply({"exec", file}).status == 0);
  CHECK(project.pgapply({"exec", file}).status == 3);  // the database is skipped; the tables exist now
  CHECK(project.query("select count(*) from pg_database where datname = '" + extra + "'") == "1");
  project.execute("drop database " + extra);
  CHECK(project.query("select string_agg(tablename, ',' order by tablename) from pg_tables where tablename like 'g_'") == "g1,g2,g3");
}

TEST_CASE("include files: in the migrations directory, relative, no cycles") {
  MigrationProject project;
  project.write("common/grants.sql", "create table included (id int);\n\\ir more.sql\n");
  project.write("common/more.sql", "insert into included values (:n);\n");
  project.write("001_a.sql", "\\ir common/grants.sql\n");
  auto result = project.pgapply({"up", "-v", "n=7"});
  CHECK(result.status == 0);
  CHECK(project.query("select id from included") == "7");

  // The checksum covers what the includes and variables made of the file.
  CHECK(project.pgapply({"status", "--exit-code", "-v", "n=7"}).status == 0);
  result = project.pgapply({"status", "-v", "n=8"});
  CHECK(contains(result.out, "modified"));
  project.write("common/more.sql", "insert into included values (:n + 1);\n");
  CHECK(contains(project.pgapply({"status", "-v", "n=7"}).out, "modified"));

  project.write_file("outside.sql", "select 1;\n");
  project.write("002_b.sql", "\\ir ../outside.sql\n");
  result = project.pgapply({"up", "-v", "n=7"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/002_b.sql:1: error: \\ir ../outside.sql: the file is outside migrations"));
  // \i reads from the working directory, as psql does: the message says so, and offers the \ir that works.
  project.write("002_b.sql", "\\i common/more.sql\n");
  result = project.pgapply({"up", "-v", "n=7"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/002_b.sql:1: error: \\i common/more.sql: the file is outside migrations (a "
                             "migration may include only files in its directory): \\i reads its path from the working "
                             "directory, "));
  CHECK(contains(result.err, "/common/more.sql; \\ir common/more.sql reads it from the including file's directory: "
                             "migrations/common/more.sql"));
  project.write("002_b.sql", "\\ir cycle.sql\n");
  project.write("cycle.sql", "\\ir 002_b.sql\n");
  result = project.pgapply({"up", "-v", "n=7"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "include cycle"));
}

TEST_CASE("an included file is shown as its migration is: relative to the working directory, or absolute") {
  MigrationProject project;
  const std::string root = project.path();
  project.write_file("inc/m/001_a.sql", "\\ir sub/x.sql\n");
  project.write_file("inc/m/sub/x.sql", "select 1;\nselect no_such_function();\n");
  project.write_file("work/.keep", "");
  const auto run_from = [&project](const std::string& cwd, const std::string& dir) {
    ProcessOptions options;
    options.cwd = cwd;
    const auto result = project.pgapply({"up", "--no-verify", "--dir", dir}, options);
    CHECK(result.status == 3);
    return result.err;
  };
  // The message starts a line with the path: a longer path ending in it does not count.
  const auto starts_a_line = [](const std::string& err, const std::string& path) {
    const std::string line = path + ":2:8: ERROR:  function no_such_function() does not exist";
    return err.starts_with(line) || contains(err, "\n" + line);
  };
  // An absolute --dir, from /: absolute (it was shown without its leading '/').
  std::string err = run_from("/", root + "/inc/m");
  CHECK_MESSAGE(starts_a_line(err, root + "/inc/m/sub/x.sql"), err);
  // A relative --dir: relative to the working directory, also outside it (it was absolute).
  err = run_from(root + "/work", "../inc/m");
  CHECK_MESSAGE(starts_a_line(err, "../inc/m/sub/x.sql"), err);
  err = run_from(root, "inc/m");
  CHECK_MESSAGE(starts_a_line(err, "inc/m/sub/x.sql"), err);
  // Without "." and "x/.." (as \ir ../m/sub/x.sql would add them).
  err = run_from(root, "./inc/m/../m");
  CHECK_MESSAGE(starts_a_line(err, "inc/m/sub/x.sql"), err);
}

TEST_CASE("an unknown meta-command or undefined variable stops a file before any of it runs") {
  MigrationProject project;
  project.write("001_a.sql", "create table first (id int);\n\\c other\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/001_a.sql:2: error: \\c is not supported"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'first'") == "0");

  project.write("001_a.sql", "create table first (id int);\ninsert into first values (:missing);\n");
  result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/001_a.sql:2:27: error: undefined variable :missing"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'first'") == "0");
  CHECK(project.pgapply({"up", "--allow-undefined-variables"}).status == 3);  // sent as written: a syntax error
}

TEST_CASE("COPY FROM stdin: text and csv data, errors name the data line") {
  MigrationProject project;
  const auto file = project.write_file("copy.sql",
      "create table t (id int primary key, name text);\n"
      "COPY t (id, name) FROM stdin;\n1\tone; with semicolon\n2\t\\N\n\\.\n"
      "COPY t FROM stdin WITH (FORMAT csv);\n3,\"three, quoted\"\n4,'four'\n\\.\n");
  CHECK(project.pgapply({"exec", file}).status == 0);
  CHECK(project.query("select id, coalesce(name, 'NULL') from t order by id") ==
        "1|one; with semicolon\n2|NULL\n3|three, quoted\n4|'four'");

  const auto bad = project.write_file("bad.sql",
      "create table u (id int primary key);\nCOPY u FROM stdin;\n1\n2\n2\n3\n\\.\n");
  const auto result = project.pgapply({"exec", bad});
  CHECK(result.status == 3);
  CHECK(contains(result.err, bad + ":5:1: ERROR:  duplicate key value violates unique constraint \"u_pkey\""));
  CHECK(contains(result.err, "CONTEXT:  COPY u, line 3"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'u'") == "0");

  const auto open = project.write_file("open.sql", "select 1;\nCOPY t FROM stdin;\n5\tfive\n");
  const auto unterminated = project.pgapply({"exec", open});
  CHECK(unterminated.status == 1);
  CHECK(contains(unterminated.err, open + ":2:1: error: unterminated COPY data"));
}

TEST_CASE("a plain pg_dump restores with exec as it does with psql") {
  MigrationProject source;
  source.execute(
      "create sequence counter start 42;"
      "create table people (id serial primary key, name text not null, born date, tags text[], "
      "  note text default 'it''s; tricky $$ here');"
      "create table visits (person int references people(id), at timestamptz, data jsonb);"
      "create function greet(p text) returns text language plpgsql as $f$ "
      "begin raise notice 'hi %', p; return 'hello ' || p; end $f$;"
      "create function add1(a int) returns int language sql begin atomic select a + 1; end;"
      "create view adults as select * from people where born < '2000-01-01';"
      "insert into people (name, born, tags) select 'p' || i || E'\\ttab\\\\back', date '1990-01-01' + i, "
      "  array['a', 'b;c'] from generate_series(1, 500) i;"
      "insert into visits select id, '2024-01-01'::timestamptz + id * interval '1 hour', "
      "  jsonb_build_object('k', id, 'q', 'x\"y') from people;"
      "select setval('counter', 99);");
  const TestServer& server = TestServer::get();
  ProcessOptions options;
  options.env = source.database().env();
  const auto dump = run_process({server.program("pg_dump"), "--no-owner", source.database().name()}, options);
  REQUIRE(dump.status == 0);
  REQUIRE(contains(dump.out, "COPY public.people"));
  const std::string dump_file = source.write_file("dump.sql", dump.out);

  MigrationProject with_pgapply, with_psql;
  const auto restored = with_pgapply.pgapply({"exec", dump_file});
  CHECK(restored.status == 0);
  CHECK(restored.err == "");
  ProcessOptions psql_options;
  psql_options.env = with_psql.database().env();
  REQUIRE(run_process({server.program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", dump_file}, psql_options).status == 0);

  auto dump_of = [&](const MigrationProject& project) {
    ProcessOptions o;
    o.env = project.database().env();
    std::string text = run_process({server.program("pg_dump"), "--no-owner", project.database().name()}, o).out;
    std::string kept;  // without the random \restrict keys
    std::size_t start = 0;
    while (start < text.size()) {
      const auto end = std::min(text.find('\n', start), text.size());
      const std::string line = text.substr(start, end - start);
      if (line.rfind("\\restrict", 0) != 0 && line.rfind("\\unrestrict", 0) != 0) kept += line + "\n";
      start = end + 1;
    }
    return kept;
  };
  const std::string via_pgapply = dump_of(with_pgapply);
  CHECK(via_pgapply == dump_of(with_psql));
  CHECK(contains(via_pgapply, "p500\\ttab\\\\back"));
  CHECK(with_pgapply.query("select last_value from counter") == "99");
  CHECK(with_pgapply.query("select add1(41), (select count(*) from visits)") == "42|500");
}
