// Many files, few round trips: consecutive transactional files share
// statement batches (each still its own BEGIN ... COMMIT), and a lock-timeout
// or deadlock retry runs again the file that failed, not the ones that
// committed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/cutting_proxy.hpp"
#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// `up` of `files` small files through a proxy: the round trips it cost.
std::size_t round_trips_for(int files) {
  MigrationProject project;
  for (int i = 1; i <= files; ++i) {
    const std::string n = std::to_string(i);
    project.write(std::string(i < 10 ? "00" : "0") + n + "_t.sql",
                  "create table t" + n + " (id int primary key, name text);\ncreate index on t" + n +
                      " (name);\ninsert into t" + n + " values (1, 'a'), (2, 'b');\ncomment on table t" + n +
                      " is 'file " + n + "';\n");
  }
  CuttingProxy proxy;
  const auto result = project.pgapply({"up", "--no-verify", "-d", proxy.url(project.database().name())});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  REQUIRE(project.query("select count(*) from pgapply_migrations") == std::to_string(files));
  return proxy.round_trips_once_closed();
}

}  // namespace

TEST_CASE("files share batches: 60 more files cost no more than a few more round trips") {
  const std::size_t ten = round_trips_for(10);
  const std::size_t seventy = round_trips_for(70);
  INFO("10 files: ", ten, " round trips; 70 files: ", seventy);
  // one batch per file would be 60 more; several per file, hundreds
  CHECK(seventy <= ten + 3);
}

TEST_CASE("a statement whose rule gives several results: the batch reads on, each file's record and notice its own") {
  MigrationProject project;
  project.write("001_a.sql", "create table r (x int);\ncreate rule rr as on insert to r do also (select 11; select 12);\n");
  project.write("002_b.sql", "create table t2 (x int);\n");
  project.write("003_c.sql", "insert into r values (1);\nDO $$ BEGIN RAISE NOTICE 'after insert'; END $$;\n");
  project.write("004_d.sql", "create table t4 (x int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err, "migrations/003_c.sql:2: NOTICE:  after insert"));
  CHECK(project.query("select count(*) from pgapply_migrations where duration_ms is not null") == "4");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('t2', 't4')") == "2");

  // A rule's later action's error is the insert's, not the next statement's.
  project.write("007_rule.sql", "create table u (x int);\n"
                                "create rule ur as on insert to u do also (select 11; select 1/0);\n");
  project.write("008_insert.sql", "insert into u values (1);\nselect 'line2';\n");
  const auto failed = project.pgapply({"up", "--no-verify"});
  INFO(failed.out, failed.err);
  CHECK(failed.status == 3);
  CHECK(contains(failed.err, "migrations/008_insert.sql:1:1: ERROR:  division by zero"));
}

TEST_CASE("a lock-timeout retry runs the file that failed again, not the files committed before it") {
  MigrationProject project;
  project.execute("create table busy (id int)");
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\n");
  project.write("003_alter.sql", "alter table busy add column note text;\n");
  auto blocker = project.database().connect();
  blocker.exec("begin");
  blocker.exec("lock table busy in access exclusive mode");
  auto run = project.start({"up", "--no-verify", "--lock-timeout", "500ms", "--retries", "5"});
  // The lock is released once 003 waits for it again, in a transaction begun
  // after the one that timed out: its retry.
  const std::string waiting = "application_name = 'pgapply: migrations/003_alter.sql' and wait_event_type = 'Lock'";
  // (one attempt's start: an attempt may time out between the two queries,
  // so the next one's is read then)
  std::string first;
  for (int tries = 0; first.empty() && tries < 100; ++tries) {
    REQUIRE(project.wait_for_sessions(waiting));
    first = project.query(
        "select coalesce(max(xact_start)::text, '') from pg_stat_activity where datname = current_database() and " +
        waiting);
  }
  REQUIRE(!first.empty());
  REQUIRE(project.wait_for_sessions(waiting + " and xact_start > '" + first + "'"));
  blocker.exec("commit");
  const auto result = run->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err, "003_alter.sql was rolled back and runs again in 1 s (retry 1 of 5)"));
  CHECK_FALSE(contains(result.err, "001_a.sql was rolled back"));
  // 001 and 002 committed once (a second run would have failed: the tables exist), 003 once it got the lock
  CHECK(project.query("select string_agg(version || ':' || event, ',' order by id) from pgapply_migrations_history") ==
        "1:applied,2:applied,3:applied");
  CHECK(project.query("select string_agg(version, ',' order by version) from pgapply_migrations") == "1,2,3");
}

TEST_CASE("a transactional file that loses a deadlock is rolled back and runs again") {
  MigrationProject project;
  project.execute("create table da (id int); create table db (id int)");
  project.write("001_deadlock.sql", "lock table da in access exclusive mode;\n"
                                    "select pg_sleep(2);\n"
                                    "lock table db in access exclusive mode;\n"
                                    "create table after_both (id int);\n");
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions(
      "application_name = 'pgapply: migrations/001_deadlock.sql' and wait_event = 'PgSleep'"));
  // Another session takes db, then waits for da, which the migration holds;
  // the migration then waits for db. Its deadlock_timeout (1 s) ends first,
  // so it is the one the server rolls back (SQLSTATE 40P01).
  BackgroundProcess other({TestServer::get().program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                           project.database().conninfo(), "-c",
                           "begin; set local deadlock_timeout = '60s'; lock table db in access exclusive mode; "
                           "lock table da in access exclusive mode; commit;"});
  const auto result = run->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err, "deadlock detected"));
  CHECK(contains(result.err, "001_deadlock.sql was rolled back and runs again in 1 s (retry 1 of 3)"));
  CHECK(other.wait().status == 0);
  CHECK(project.query("select string_agg(version || ':' || event, ',' order by id) from pgapply_migrations_history") ==
        "1:applied");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'after_both'") == "1");
}

TEST_CASE("a statement that reads current_query() reads its own: up then sends one statement per query, as psql does") {
  // (a hunt's find: an audit trigger's current_query() stored the whole batch, other files' SQL and pgapply's,
  // up to megabytes in every row)
  MigrationProject project;
  project.write("001_audit.sql", "create table audit_log (q text);\ncreate table users (id int, email text);\n"
                                 "create function audit() returns trigger language plpgsql as $$ begin\n"
                                 "  insert into audit_log values (current_query()); return new; end $$;\n"
                                 "create trigger users_audit after insert or update on users for each row "
                                 "execute function audit();\n");
  project.write("002_seed.sql", "insert into users values (1, 'a@example.com');\n");
  project.write("003_more.sql", "create table other (id int default 42);\nupdate users set email = upper(email);\n");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(contains(result.out, "Sending each statement as its own query, as psql does, not in batches: "
                             "migrations/001_audit.sql:3 names current_query(), which in a batch returns the whole "
                             "batch"));
  CHECK(project.query("select count(*) from audit_log") == "2");
  CHECK(project.query("select count(*) from audit_log where q like 'insert into users values (1, %' "
                      "or q like 'update users set email = upper(email)%'") == "2");
  CHECK(project.query("select max(length(q)) < 60 from audit_log") == "t");

  // The target's function reads it, the files do not name it.
  project.write("004_later.sql", "insert into users values (2, 'b@example.com');\n");
  project.write("005_last.sql", "create table last_one (id int);\n");
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(contains(result.out, "not in batches: function audit() reads current_query()"));
  CHECK(project.query("select count(*) from audit_log where q like 'insert into users values (2, %' "
                      "and q not like '%last_one%'") == "1");
}

TEST_CASE("a statement that may hold a password runs in a batch of its own: the error of another never logs it") {
  MigrationProject project;
  // (scripts/pg-tmp's server logs beside its data directory)
  const std::filesystem::path log =
      std::filesystem::path(project.query("select current_setting('data_directory')")).parent_path() / "server.log";
  REQUIRE(std::filesystem::exists(log));
  const ServerRoles roles(project, {"login_with_secret"});
  const std::string secret = "s3cret-" + project.database().name();
  // psql logs the failing statement alone: never the password before it.
  project.write("001_first.sql", "create table t (id int);\n");
  project.write("002_role.sql", "create table a (id int);\ncreate role " + roles[0] + " login password '" + secret +
                                    "';\nselect 1/0;\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 3);
  CHECK(project.query("select count(*) from pgapply_migrations where state = 'applied'") == "1");
  std::ifstream in(log);
  const std::string logged((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(logged.find("division by zero") != std::string::npos);
  CHECK(logged.find(secret) == std::string::npos);
}
