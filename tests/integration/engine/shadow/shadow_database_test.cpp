// Where the shadow comes from: a throwaway cluster (always removed, even when
// pgapply is killed), a database given with --shadow (emptied in place when
// its role may not create databases), never the target itself.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

bool is_empty_directory(const std::string& path) {
  return std::filesystem::is_empty(path);
}

// A TMPDIR for pgapply that the unprivileged user the cluster runs as (when
// the tests run as root) can reach.
void make_tmpdir(const MigrationProject& project, const std::string& tmpdir) {
  std::filesystem::create_directories(tmpdir);
  using std::filesystem::perms;
  std::filesystem::permissions(project.path(), perms::owner_all | perms::group_read | perms::group_exec |
                                                   perms::others_read | perms::others_exec);
  std::filesystem::permissions(tmpdir, perms::all);
}

// pgapply run with a throwaway cluster (no SHADOW_DATABASE_URL) whose
// directory goes under `tmpdir`.
ProcessOptions throwaway(const std::string& tmpdir) {
  ProcessOptions options;
  options.unset_env.push_back("SHADOW_DATABASE_URL");
  options.env["TMPDIR"] = tmpdir;
  return options;
}

}  // namespace

TEST_CASE("the throwaway cluster: the target's major version, said which, and removed afterwards") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id serial primary key);\n");
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  const auto up = project.pgapply({"up"}, throwaway(tmpdir));
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.out, "a throwaway cluster from /usr/lib/postgresql/"));
  CHECK(contains(up.out, "(ready in "));
  const auto verify = project.pgapply({"verify"}, throwaway(tmpdir));
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  const std::string major = project.query("select current_setting('server_version_num')::int / 10000");
  CHECK(contains(verify.out, "a throwaway cluster from /usr/lib/postgresql/" + major + "/bin"));
  CHECK(is_empty_directory(tmpdir));
}

TEST_CASE("the throwaway cluster goes even when pgapply is killed with SIGKILL") {
  MigrationProject project;
  project.write("001_slow.sql", "select pg_sleep(60);\n");
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  ProcessOptions options = throwaway(tmpdir);
  for (const auto& [name, value] : project.database().env()) {
    if (name != "SHADOW_DATABASE_URL") options.env.emplace(name, value);
  }
  options.cwd = project.path();
  BackgroundProcess preflight({PGAPPLY_BINARY, "preflight"}, options);
  // wait for the cluster to run (its postmaster.pid) and the slow file to start
  bool running = false;
  for (int i = 0; i < 600 && !running; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    for (const auto& entry : std::filesystem::directory_iterator(tmpdir)) {
      running = running || std::filesystem::exists(entry.path() / "data" / "postmaster.pid");
    }
  }
  REQUIRE(running);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  preflight.kill(SIGKILL);
  preflight.wait();
  bool removed = false;
  for (int i = 0; i < 300 && !removed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    removed = is_empty_directory(tmpdir);
  }
  CHECK(removed);
}

TEST_CASE("Ctrl-C while the throwaway cluster starts: its directory goes, and the message says what happened") {
  // The signal goes to the whole process group, as Ctrl-C in a terminal
  // sends it: pgapply, and initdb or pg_ctl running for it. At several
  // moments: initdb just started, initdb midway, later; and (-1) as soon as
  // pg_ctl starts the server (its log appears), when the server (in a session
  // of its own: the signal misses it) may still be creating files.
  for (const int delay_ms : {0, 300, 700, 1200, 2000, -1, -1, -1}) {
    CAPTURE(delay_ms);
    MigrationProject project;
    project.write("001_a.sql", "create table a (id int);\n");
    const std::string tmpdir = project.path() + "/tmp";
    make_tmpdir(project, tmpdir);
    ProcessOptions options = throwaway(tmpdir);
    for (const auto& [name, value] : project.database().env()) {
      if (name != "SHADOW_DATABASE_URL") options.env.emplace(name, value);
    }
    options.cwd = project.path();
    BackgroundProcess up({PGAPPLY_BINARY, "up"}, options);
    bool starting = false;
    for (int i = 0; i < 6000 && !starting; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      starting = !is_empty_directory(tmpdir);
    }
    REQUIRE(starting);
    if (delay_ms >= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    } else {
      bool server_starting = false;
      for (int i = 0; i < 6000 && !server_starting; ++i) {
        for (const auto& entry : std::filesystem::directory_iterator(tmpdir)) {
          server_starting = server_starting || std::filesystem::exists(entry.path() / "server.log");
        }
        if (!server_starting) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      CHECK(server_starting);
    }
    ::kill(-up.pid(), SIGINT);
    const ProcessResult result = up.wait();
    INFO(result.out, result.err);
    const bool while_preparing =
        contains(result.err, "Interrupted by SIGINT while the shadow database was prepared for the verification: "
                             "nothing was applied.");
    if (delay_ms == 0 || delay_ms == -1) {
      // initdb had only begun
      CHECK(result.status == 130);
      CHECK(while_preparing);
    }
    if (result.status == 130) {
      // (at the start of a line, or after "while ...": its case varies with the stage it stopped)
      CHECK(contains(result.err, "nterrupted by SIGINT"));
      CHECK_FALSE(contains(result.err, "initdb"));  // its own complaint about the signal is not the story
      // The signal may come once the cluster is ready, while 001_a.sql's batch runs (CI saw it at
      // 700 ms under the sanitizers): rolled back then, and nothing of it stays either; or later,
      // during the verification (CI saw that too): the file applied, the verification cancelled.
      if (while_preparing || contains(result.err, "001_a.sql did not start") ||
          contains(result.err, "001_a.sql was rolled back (nothing of it was applied)")) {
        CHECK(project.query("select count(*) from pg_tables where tablename = 'a'") == "0");
      }
    } else {
      CHECK(result.status == 0);  // the signal came after the run
    }
    bool removed = false;
    for (int i = 0; i < 150 && !removed; ++i) {
      removed = is_empty_directory(tmpdir);
      if (!removed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(removed);
  }
}

TEST_CASE("--shadow: a database its role may not replace is emptied and used in place, never the target") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (id int primary key);\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  const std::string role = "shadow_owner_" + std::to_string(getpid());
  const std::string shadow_db = project.database().name() + "_shadow";
  auto admin = TestServer::get().connect();
  admin.exec("create role " + role + " login");
  admin.exec("create database " + shadow_db + " owner " + role);
  {
    auto shadow = TestServer::get().connect(shadow_db);
    shadow.exec("set role " + role + "; create table leftover (a int); create schema junk");
  }
  const std::string url = "host=" + TestServer::get().host + " port=" + TestServer::get().port + " user=" + role +
                          " dbname=" + shadow_db;
  // Not empty and not marked: it may be a real database named by mistake.
  const auto refused = project.pgapply({"verify", "--shadow", url});
  CHECK(refused.status == 1);
  CHECK(contains(refused.err, "the database " + shadow_db + " is not empty (schemas: junk; tables, views, sequences "
                              "or composite types in public: 1) and its comment does not mark it as pgapply's shadow "
                              "database"));
  CHECK(contains(refused.err, "nothing was changed"));
  const std::string mark =
      "COMMENT ON DATABASE \"" + shadow_db + "\" IS 'pgapply shadow database: emptied before each use'";
  INFO(refused.err);
  REQUIRE(contains(refused.err, "its owner runs there " + mark));
  {
    auto shadow = TestServer::get().connect(shadow_db);
    CHECK(scalar(shadow, "select count(*) from pg_namespace where nspname = 'junk'") == "1");
    shadow.exec("set role " + role + "; " + mark);  // the hint, as printed, by the database's owner
  }
  for (int run = 0; run < 2; ++run) {  // marked: emptied each time, what the run before left included
    const auto verify = project.pgapply({"verify", "--shadow", url});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 0);
    CHECK(contains(verify.out, "(emptied before use)"));
    auto shadow = TestServer::get().connect(shadow_db);
    CHECK(scalar(shadow, "select string_agg(tablename, ',') from pg_tables where schemaname = 'public'") == "t");
    CHECK(scalar(shadow, "select count(*) from pg_namespace where nspname = 'junk'") == "0");
  }
  admin.exec("drop database " + shadow_db + " with (force)");
  // An empty database is taken, and marked as pgapply's (its own comment
  // kept): the next run empties what this one left.
  admin.exec("create database " + shadow_db + " owner " + role);
  admin.exec("comment on database " + shadow_db + " is 'CI shadow'");
  for (int run = 0; run < 2; ++run) {
    const auto verify = project.pgapply({"verify", "--shadow", url});
    INFO(verify.out, verify.err);
    CHECK(verify.status == 0);
  }
  {
    auto shadow = TestServer::get().connect(shadow_db);
    CHECK(scalar(shadow, "select shobj_description(oid, 'pg_database') from pg_database "
                         "where datname = current_database()") ==
          "CI shadow (pgapply shadow database: emptied before each use)");
  }
  admin.exec("drop database " + shadow_db + " with (force)");
  // Objects in no schema, and in public beside tables, count too: nothing is emptied.
  admin.exec("create database " + shadow_db + " owner " + role);
  {
    auto shadow = TestServer::get().connect(shadow_db);
    shadow.exec("set role " + role + "; create collation public.c2 from \"C\"; select lo_create(0); "
                "alter default privileges grant select on tables to public");
  }
  const auto objects = project.pgapply({"verify", "--shadow", url});
  CHECK(objects.status == 1);
  CHECK(contains(objects.err, "is not empty (other objects in public (collations, operators, text search, "
                              "conversions, statistics): 1; large objects: 1; default privileges: 1)"));
  admin.exec("drop database " + shadow_db + " with (force)");
  // A role that is not the database's owner may not empty it: said so, nothing changed.
  admin.exec("create database " + shadow_db);
  admin.exec("comment on database " + shadow_db + " is 'pgapply shadow database: emptied before each use'");
  {
    auto shadow = TestServer::get().connect(shadow_db);
    shadow.exec("grant create on database " + shadow_db + " to " + role + "; create table kept (id int)");
  }
  const auto not_owner = project.pgapply({"verify", "--shadow", url});
  INFO(not_owner.err);
  CHECK(not_owner.status == 1);
  CHECK(contains(not_owner.err, "the role " + role + " may not empty the database " + shadow_db +
                                " (must be owner of schema public); nothing was changed. Connect as the database's owner"));
  {
    auto shadow = TestServer::get().connect(shadow_db);
    CHECK(scalar(shadow, "select count(*) from pg_tables where tablename = 'kept'") == "1");
  }
  admin.exec("drop database " + shadow_db + " with (force)");
  admin.exec("drop role " + role);

  const auto itself = project.pgapply({"verify", "--shadow", project.database().conninfo()});
  CHECK(itself.status == 1);
  CHECK(contains(itself.err, "--shadow names the target database itself"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 't'") == "1");

  const auto unreachable = project.pgapply({"verify", "--shadow", "host=/nonexistent-socket-dir dbname=x"});
  CHECK(unreachable.status == 2);
  CHECK(contains(unreachable.err, "cannot connect to the shadow database"));
  CHECK(project.pgapply({"verify", "--shadow", "x", "--no-shadow"}).status == 1);
}

TEST_CASE("--shadow in place: what a replay made in no schema goes with the emptying, so the next verify replays again") {
  MigrationProject project;
  const std::string role = "shadow_replay_" + std::to_string(getpid());
  // What a replay leaves outside every schema: a publication, a large object,
  // default privileges for all schemas (the table made after them gets them).
  project.write("001_t.sql", "create table t (id int primary key);\ncreate publication pub_t for table t;\n"
                             "select lo_create(4242);\nalter default privileges grant select on tables to public;\n"
                             "create table u (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const std::string shadow_db = project.database().name() + "_shadow";
  auto admin = TestServer::get().connect();
  admin.exec("create role " + role + " login");
  admin.exec("create database " + shadow_db + " owner " + role);
  const std::string url = "host=" + TestServer::get().host + " port=" + TestServer::get().port + " user=" + role +
                          " dbname=" + shadow_db;
  for (int run = 0; run < 2; ++run) {
    const auto verify = project.pgapply({"verify", "--shadow", url});
    INFO(run, verify.out, verify.err);
    CHECK(verify.status == 0);
    CHECK(contains(verify.out, "(emptied before use)"));
  }
  admin.exec("drop database " + shadow_db + " with (force)");
  admin.exec("drop role " + role);
  project.execute("drop publication pub_t; select lo_unlink(4242); "
                  "alter default privileges revoke select on tables from public");
}

TEST_CASE("ALTER DATABASE of the target's own database: the throwaway shadow database carries its name") {
  MigrationProject project;
  const std::string name = project.database().name();
  project.write("001_t.sql", "create table if not exists t (id int);\n");  // idempotent, for check
  project.write("002_db.sql", "alter database " + name + " set work_mem = '64MB';\n");
  const ProcessOptions shadow = project.throwaway_shadow();
  const auto preflight = project.pgapply({"preflight"}, shadow);
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  CHECK_FALSE(contains(preflight.out, "does not exist"));
  CHECK(contains(preflight.out, "Migration 002_db.sql (in a transaction): OK\n\n     applies on the shadow"));
  const auto check = project.pgapply({"check"}, shadow);
  INFO(check.out, check.err);
  CHECK(check.status == 0);
  // and the shadow checks what the statement says: a value the server refuses fails there as it would here
  project.write("003_bad.sql", "alter database " + name + " set work_mem = 'plenty';\n");
  const auto bad = project.pgapply({"preflight"}, shadow);
  INFO(bad.out, bad.err);
  CHECK(bad.status == 4);
  CHECK(contains(bad.out, "ERROR  migrations/003_bad.sql:1  fails on the shadow: invalid value for parameter \"work_mem\""));
  project.remove("003_bad.sql");
  const auto up = project.pgapply({"up"}, shadow);
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.out, "Verified on the shadow"));
  const auto verify = project.pgapply({"verify"}, shadow);
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
}

TEST_CASE("the throwaway cluster's shadow database is the one initdb made, renamed: no copy of template0 to wait for") {
  MigrationProject project;
  const std::string name = project.database().name();
  // On the shadow, the databases are the templates and the target's name only.
  project.write("001_databases.sql",
                "do $$ begin\n  if (select string_agg(datname, ',' order by datname) from pg_database) <> "
                "'" + name + ",template0,template1' then\n    raise exception 'databases: %', "
                "(select string_agg(datname, ',' order by datname) from pg_database);\n  end if;\nend $$;\n");
  const auto preflight = project.pgapply({"preflight"}, project.throwaway_shadow());
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK(contains(preflight.out, "a throwaway cluster"));
  CHECK(contains(preflight.out, "applies on the shadow"));
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
}

TEST_CASE("ALTER DATABASE of the target's own database on a --shadow server: a note, not WILL FAIL") {
  MigrationProject project;
  const OtherServer other;
  const std::string name = project.database().name();
  project.write("001_t.sql", "create table t (id int);\n");
  project.write("002_db.sql", "create table u (id int);\nalter database " + name + " set work_mem = '64MB';\n");
  project.write("003_v.sql", "create table v (id int);\n");
  const auto preflight = project.pgapply({"preflight", "--shadow", other.conninfo()});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK_FALSE(contains(preflight.out, "WILL FAIL"));
  CHECK(contains(preflight.out, "in a scratch database pgapply_shadow_"));
  CHECK(contains(preflight.out, "WARNING  migrations/002_db.sql:2  not checked on the shadow: ALTER DATABASE names the "
                                "target's database, " + name + ", which the shadow database (pgapply_shadow_"));
  CHECK(contains(preflight.out, "not checked on the shadow: it was not run there, since 002_db.sql before it could not "
                                "be checked there"));
  CHECK(contains(preflight.out, "Migration 001_t.sql (in a transaction): OK"));
  const auto json = nlohmann::json::parse(project.pgapply({"preflight", "--shadow", other.conninfo(), "--format", "json"}).out);
  CHECK(json["migrations"][1]["shadow"]["checked"] == false);
  CHECK(json["migrations"][1]["shadow"]["unchecked_at"] == "migrations/002_db.sql:2");
  CHECK(json["migrations"][2]["shadow"]["unchecked"].is_string());
  CHECK(json["verdict"] != "will_fail");
}

TEST_CASE("a --shadow on the target's own server never runs what changes the server: refused at its file:line") {
  MigrationProject project;  // the tests' SHADOW_DATABASE_URL is a database of the target's server
  const ServerRoles roles(project, {"audit_new_role"});
  project.write("001_t.sql", "create table t (id int);\n");
  project.write("002_role.sql", "-- for the auditors\ncreate role " + roles[0] + " nologin;\n");
  const std::string exists = "select count(*) from pg_roles where rolname = '" + roles[0] + "'";
  for (const std::vector<std::string>& command : {std::vector<std::string>{"preflight"}, {"check"}}) {
    const auto refused = project.pgapply(command);
    INFO(refused.out, refused.err);
    CHECK(refused.status == 1);
    CHECK(contains(refused.err, "is on the target's own server, and migrations/002_role.sql:2: CREATE ROLE " +
                                    roles[0] + " changes that server itself"));
    CHECK(contains(refused.err, "leave both out for a throwaway local cluster"));
    CHECK(project.query(exists) == "0");  // it did not run there
  }
  // up runs it (its verify cannot use that shadow: a warning), and runs again as up would
  const auto up = project.pgapply({"up"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.err, "verify after up uses the static model: the --shadow database"));
  CHECK(project.query(exists) == "1");
  const auto verify = project.pgapply({"verify"});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 1);
  CHECK(contains(verify.err, "migrations/002_role.sql:2: CREATE ROLE " + roles[0]));
  // a throwaway cluster runs it
  CHECK(project.pgapply({"verify"}, project.throwaway_shadow()).status == 0);
}

TEST_CASE("a --shadow on another server: roles pgapply makes there for the run come and go, its own settings are refused") {
  MigrationProject project;
  const OtherServer other;
  const ServerRoles roles(project, {"app_reader"});
  project.write("001_t.sql", "create table t (id int);\ncreate role " + roles[0] + " nologin;\ngrant select on t to " +
                                 roles[0] + ";\n");
  const auto preflight = project.pgapply({"preflight", "--shadow", other.conninfo()});
  INFO(preflight.out, preflight.err);
  CHECK(preflight.status == 0);
  CHECK(contains(preflight.out, "applies on the shadow"));
  const std::string exists = "select count(*) from pg_roles where rolname = '" + roles[0] + "'";
  CHECK(other.query(exists) == "0");  // dropped with the scratch database
  CHECK(other.query("select count(*) from pg_database where datname like 'pgapply_shadow_%'") == "0");
  REQUIRE(project.pgapply({"up", "--shadow", other.conninfo()}).status == 0);
  const auto verify = project.pgapply({"verify", "--shadow", other.conninfo()});
  INFO(verify.out, verify.err);
  CHECK(verify.status == 0);
  CHECK(contains(verify.out, "Verified: "));
  CHECK(other.query(exists) == "0");

  project.write("002_system.sql", "alter system set work_mem = '64MB';\n");
  const auto refused = project.pgapply({"preflight", "--shadow", other.conninfo()});
  INFO(refused.out, refused.err);
  CHECK(refused.status == 1);
  CHECK(contains(refused.err, "migrations/002_system.sql:1: ALTER SYSTEM work_mem changes the --shadow server"));
  CHECK(other.query("select count(*) from pg_file_settings where name = 'work_mem' and sourcefile like "
                    "'%postgresql.auto.conf'") == "0");
}

TEST_CASE("a role pg_dump may not read every table as is let by one GRANT of pg_read_all_data, as printed, which "
          "verify sees no drift in") {
  MigrationProject project;
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  const LoginRole deployer(project, "pgapply_reader");
  project.write("001_admins.sql", "create table admins (id int);\n");
  REQUIRE(project.pgapply({"up"}, throwaway(tmpdir)).status == 0);
  project.write("002_mine.sql", "create table mine (id int);\n");
  auto result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  const std::string grant = "GRANT pg_read_all_data TO \"" + deployer.name() + "\";";
  CHECK(contains(result.err, "Or let it read every table at once, with no table's or schema's privileges changed "
                             "(which verify would report as drift): " + grant));
  project.execute(grant);  // as printed
  result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  // (the copy of the schema is made: the file runs there, as the role, which may not create in public)
  CHECK(contains(result.out, "002_mine.sql:1:14: ERROR:  permission denied for schema public"));
  CHECK_FALSE(contains(result.err, "pg_dump"));
  result = project.pgapply({"verify"}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  // where the GRANT of the table itself is drift
  project.execute("grant select on table admins to " + deployer.name());
  result = project.pgapply({"verify"}, throwaway(tmpdir));
  CHECK(result.status != 0);
  CHECK(contains(result.out, "privileges"));
}

TEST_CASE("preflight runs the pending migrations on the throwaway shadow as the target's role is, no more privileged") {
  MigrationProject project;
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  const LoginRole deployer(project, "pgapply_deployer");
  const ServerRoles owner(project, {"pgapply_owner"});
  project.execute("create role " + owner[0] + "; grant " + owner[0] + " to " + deployer.name() +
                  "; grant create on schema public to " + deployer.name() +
                  "; create table theirs (id int); alter table theirs owner to " + owner[0] +
                  "; create table admins (id int)");
  project.write("001_mine.sql", "create table mine (id int);\nalter table theirs add column y int;\n");
  // What the static model cannot see: a DO block's EXECUTE
  project.write("002_dynamic.sql", "do $$ begin execute 'alter table admins add column x int'; end $$;\n");
  // A table the role may not read: pg_dump cannot copy the schema, and says why (not "a lock").
  auto result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  const std::string grant = "GRANT SELECT ON TABLE public.admins TO \"" + deployer.name() + "\";";
  CHECK(contains(result.err, "pg_dump --schema-only as " + deployer.name() + " may not lock table public.admins "
                             "(permission denied): a copy of the schema needs a role that may read every table; run "
                             "as one (the tables' owner), or let " + deployer.name() + " read it: " + grant));
  // and the query that lists every such table, which runs as printed
  const auto listing = result.err.find("Every table " + deployer.name() + " may not read, each with its GRANT: ");
  REQUIRE(listing != std::string::npos);
  const auto query_start = result.err.find("SELECT ", listing);
  const std::string end = "'SELECT');";
  const std::string query =
      result.err.substr(query_start, result.err.find(end, query_start) + end.size() - query_start);
  const std::string listed = project.query(query);
  CHECK(listed == "GRANT SELECT ON TABLE public.admins TO " + deployer.name() + ";");
  project.execute(listed);  // as listed
  // A schema it may not use, likewise
  project.execute("create schema hidden; create table hidden.t (id int); grant select on hidden.t to " +
                  deployer.name());
  result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  const std::string usage = "GRANT USAGE ON SCHEMA \"hidden\" TO \"" + deployer.name() + "\";";
  CHECK(contains(result.err, "pg_dump --schema-only as " + deployer.name() + " may not use schema hidden (permission "
                             "denied, locking hidden.t): a copy of the schema needs a role that may read every "
                             "table; run as one (the tables' owner), or let " + deployer.name() + " use it: " + usage));
  project.execute(usage);  // as printed
  result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "Migration 001_mine.sql (in a transaction): OK"));
  CHECK(contains(result.out, "002_dynamic.sql:1:1: ERROR:  must be owner of table admins"));
  // as a superuser, it applies
  CHECK(project.pgapply({"preflight"}, throwaway(tmpdir)).status == 0);
  // and preflight told the truth: up as the role fails there, and there alone
  result = project.pgapply({"up", "--no-verify", "-d", deployer.conninfo()});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "002_dynamic.sql:1:1: ERROR:  must be owner of table admins"));
  CHECK(project.query("select count(*) from pg_attribute where attrelid = 'theirs'::regclass and attname = 'y'") ==
        "1");

  // A setting only a superuser may set, after a seed whose second run (the
  // proof of idempotency) adds rows: check starts over on a fresh copy of
  // the schema, restored as a superuser, and runs what follows as the role.
  std::filesystem::remove(project.path() + "/migrations/002_dynamic.sql");
  project.write("002_seed.sql", "create table if not exists seeded (id int);\ninsert into seeded values (1);\n");
  project.write("003_replica.sql", "set session_replication_role = replica;\n");
  result = project.pgapply({"check", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "the second run changed the rows of seeded (1 row before, 2 after)"));
  CHECK(contains(result.out,
                 "003_replica.sql:1:1: ERROR:  permission denied to set parameter \"session_replication_role\""));
  CHECK(is_empty_directory(tmpdir));
}

// A false-alarm hunt's miss: run as a superuser, a file that sets a role
// that may not do what follows was said to apply, every role a superuser there.
TEST_CASE("preflight as a superuser: a file's SET ROLE to a role that is none runs on the throwaway shadow as that "
          "role is") {
  MigrationProject project;
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  const ServerRoles roles(project, {"pgapply_app_owner"});
  const std::string& owner = roles[0];
  project.execute("create role " + owner + "; create table items (id int); create table theirs (id int); "
                  "alter table theirs owner to " + owner);
  project.write("001_as_owner.sql", "set role " + owner + ";\nalter table theirs add column n int;\n"
                                    "alter table items add column n int;\n");
  auto result = project.pgapply({"preflight"}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "001_as_owner.sql:3:1: ERROR:  must be owner of table items"));
  CHECK(project.pgapply({"up", "--no-verify"}).status == 3);  // as preflight said
  project.write("001_as_owner.sql", "set role " + owner + ";\nalter table theirs add column n int;\n");
  CHECK(project.pgapply({"preflight"}, throwaway(tmpdir)).status == 0);
  CHECK(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(is_empty_directory(tmpdir));
}

TEST_CASE("on the throwaway shadow every role of the target is as privileged as there, and the session knows it") {
  MigrationProject project;
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  const LoginRole deployer(project, "pgapply_deployer");
  const ServerRoles roles(project, {"pgapply_group", "pgapply_other", "pgapply_writer"});
  const std::string& group = roles[0];
  const std::string& other = roles[1];
  const std::string& writer = roles[2];
  project.execute("create role " + group + "; create role " + other + "; create role " + writer +
                  "; grant " + group + " to " + deployer.name() + " with admin option; grant " + writer + " to " +
                  deployer.name() + "; alter database " + project.database().name() + " owner to " +
                  deployer.name() + "; create table theirs (id int); alter table theirs owner to " + other +
                  "; grant select, trigger on theirs to " + deployer.name());
  // Each applies as the role: a membership it may grant (ADMIN OPTION), a
  // trigger on a table it may only SELECT and TRIGGER (the static check
  // asks for the owner: the shadow, run as the role, overrules it), a
  // superuser's branch a DO block skips for it.
  project.write("001_grant.sql", "grant " + group + " to " + other + ";\n");
  project.write("002_trigger.sql",
                "create function audit() returns trigger language plpgsql as $$ begin return new; end $$;\n"
                "create trigger audit after insert on theirs for each row execute function audit();\n");
  project.write("003_guard.sql", "do $$ begin if current_setting('is_superuser') = 'on' then "
                                 "execute 'alter table theirs add column note text'; end if; end $$;\n");
  auto result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Verdict: OK"));
  // A role it is a member of is no superuser there either: what it may not do fails as here.
  project.write("004_as_writer.sql", "set role " + writer + ";\ncreate table written (id int);\nreset role;\n");
  project.write("005_authorization.sql", "set session authorization " + other + ";\n");
  result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "004_as_writer.sql:2:14: ERROR:  permission denied for schema public"));
  // and up agrees, file by file
  result = project.pgapply({"up", "--no-verify", "-d", deployer.conninfo()});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "004_as_writer.sql:2:14: ERROR:  permission denied for schema public"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "3");
  std::filesystem::remove(project.path() + "/migrations/004_as_writer.sql");
  result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  CHECK(contains(result.out, "005_authorization.sql:1:1: ERROR:  permission denied to set session authorization"));
  CHECK(is_empty_directory(tmpdir));
}

TEST_CASE("on the throwaway shadow a trusted extension the role made has the bootstrap superuser's objects, as there") {
  MigrationProject project;
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  const LoginRole deployer(project, "pgapply_deployer");
  project.execute("alter database " + project.database().name() + " owner to " + deployer.name());
  project.write("001_ext.sql", "create extension if not exists hstore;\ncreate schema s;\n");
  REQUIRE(project.pgapply({"up", "--no-verify", "-d", deployer.conninfo()}).status == 0);
  // its own extension, whose objects it does not own
  project.write("002_update.sql", "alter extension hstore update;\n");
  project.write("003_move.sql", "alter extension hstore set schema s;\n");
  auto result = project.pgapply({"preflight", "-d", deployer.conninfo()}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.out, "Migration 002_update.sql (in a transaction): OK"));
  CHECK(contains(result.out, "003_move.sql:1:1: ERROR:  must be owner of type hstore"));
  result = project.pgapply({"up", "--no-verify", "-d", deployer.conninfo()});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "003_move.sql:1:1: ERROR:  must be owner of type hstore"));
  CHECK(is_empty_directory(tmpdir));
}

TEST_CASE("preflight's shadow reaches none of the foreign servers the target reaches: a foreign table that loops back "
          "to the target is not changed through the copy") {
  MigrationProject project;
  const std::string tmpdir = project.path() + "/tmp";
  make_tmpdir(project, tmpdir);
  project.write("001_t.sql", "create table t (id int primary key, v int);\ninsert into t values (1, 0);\n");
  REQUIRE(project.pgapply({"up"}, throwaway(tmpdir)).status == 0);
  project.execute("create extension postgres_fdw;"
                  "do $$ begin execute format('create server loop foreign data wrapper postgres_fdw options "
                  "(host %L, port %L, dbname %L)', split_part(current_setting('unix_socket_directories'), ',', 1), "
                  "current_setting('port'), current_database()); end $$;"
                  "create user mapping for current_user server loop options (user 'postgres');"
                  "create foreign table o (id int, w int) server loop options (table_name 't');"
                  "alter foreign table o alter column w options (column_name 'v')");
  project.write("002_through.sql", "update o set w = 5;\n");
  const auto result = project.pgapply({"preflight"}, throwaway(tmpdir));
  INFO(result.out, result.err);
  CHECK(project.query("select v from t") == "0");  // (preflight changed nothing of the target's)
  CHECK(contains(result.out, "user mapping not found"));
  CHECK(contains(result.out, "reaches none of the foreign servers the target reaches"));
  CHECK_FALSE(contains(result.out, "WILL FAIL"));
  project.execute("drop foreign table o; drop server loop cascade; drop extension postgres_fdw");
}
