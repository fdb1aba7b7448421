// What the engine guarantees whatever a file does: one runner for up and its
// dry run (the same ledger either way), files re-checked after the lock,
// numeric version order, mixed transaction files, the first error in file
// order, a lock and a session no migration can break, the ledger written as
// the connecting user.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/migration_lock.hpp"
#include "migrate/checksum.hpp"
#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// The files' `up --dry-run` script run through psql on `printed`'s own
// database: what psql printed (status 0 checked).
ProcessResult dry_run_through_psql(const MigrationProject& printed,
                                   const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [name, content] : files) printed.write(name, content);
  const auto dry_run = printed.pgapply({"up", "--dry-run"});
  REQUIRE(dry_run.status == 0);
  auto ran = printed.psql_script(dry_run.out);
  INFO(ran.out, ran.err);
  CHECK(ran.status == 0);
  return ran;
}

// The ledger's rows, and its history's events where `where` holds, as both
// ways of running must leave them (no times, durations, clients or ids).
std::string ledger_rows(const MigrationProject& project) {
  return project.query(
      "select version, name, file_name, checksum, state, statements, statements_done, "
      "coalesce(statement_running::text, '-'), coalesce(earlier_statements_done::text, '-'), transactional, "
      "coalesce(error, '-'), method "
      "from pgapply_migrations order by version");
}

std::string ledger_history(const MigrationProject& project, const std::string& where = "true") {
  return project.query("select version, event, coalesce(checksum, '-'), coalesce(reason, '-') "
                       "from pgapply_migrations_history where " + where + " order by id");
}

std::string ledger_state(const MigrationProject& project) {
  return ledger_rows(project) + "\n--\n" + ledger_history(project);
}

// up --dry-run's script (--offline: made without the database), run by
// psql: its exit status and what it wrote.
ProcessResult run_dry_run_with_psql(const MigrationProject& project, bool offline = false) {
  const auto dry = offline ? project.pgapply({"up", "--dry-run", "--offline"}) : project.pgapply({"up", "--dry-run"});
  REQUIRE(dry.status == 0);
  return project.psql_script(dry.out);
}

void write_every_mode(const MigrationProject& project) {
  project.write("001_wrapped.sql", "create table w (id int);\ninsert into w values (1);\n");
  project.write("002_own.sql", "BEGIN;\ncreate table o (id int);\nCOMMIT;\n");
  project.write("003_mixed.sql", "create table m1 (id int);\nBEGIN;\ncreate table m2 (id int);\nCOMMIT;\n"
                                 "create table m3 (id int);\n");
  project.write("004_set.sql", "set search_path = public;\ncreate temp table scratch (id int);\n"
                               "create table s (id int);\n");
  project.write("005_concurrently.sql", "create table c (id int);\nCREATE INDEX CONCURRENTLY c_id ON c (id);\n"
                                        "insert into c values (1);\n");
}

std::string tables(const MigrationProject& project) {
  return project.query("select coalesce(string_agg(tablename, ',' order by tablename), '') from pg_tables "
                       "where schemaname = 'public' and tablename not like 'pgapply%'");
}

}  // namespace

TEST_CASE("the dry run run by psql leaves the same ledger and history as up, in every transaction mode") {
  MigrationProject by_psql;
  write_every_mode(by_psql);
  CHECK(run_dry_run_with_psql(by_psql).status == 0);

  MigrationProject by_up;
  write_every_mode(by_up);
  const auto up = by_up.pgapply({"up", "--no-verify"});
  REQUIRE(up.status == 0);
  CHECK(contains(up.out, "Applied 003_mixed.sql"));
  CHECK(contains(up.out, "one transaction for the whole file: its own BEGIN/COMMIT (lines 2, 4) left out; 3 statements)"));
  // Only what ran counts: its 3 statements, not the BEGIN and COMMIT left out; by psql the same (ledger_state).
  CHECK(by_up.query("select statements || ' ' || statements_done from pgapply_migrations where version = '3'") == "3 3");

  CHECK(ledger_state(by_psql) == ledger_state(by_up));
  CHECK(by_up.query("select count(*) from pgapply_migrations where state = 'applied'") == "5");
  // And pgapply finds nothing left to do after either.
  CHECK(contains(by_psql.pgapply({"up"}).out, "up to date"));

  // Offline, the script names the ledger without its schema: the writes
  // that set their own search_path (004's, 005's) still find it (they did
  // not: "relation "pgapply_migrations" does not exist").
  MigrationProject offline;
  write_every_mode(offline);
  const auto psql = run_dry_run_with_psql(offline, true);
  INFO(psql.err);
  CHECK(psql.status == 0);
  CHECK(ledger_state(offline) == ledger_state(by_up));
}

TEST_CASE("a transactional file that fails: psql leaves the rows up leaves, and the history lacks only up's failed event") {
  const auto write = [](const MigrationProject& project) {
    project.write("001_a.sql", "create table a (id int);\n");
    project.write("002_b.sql", "create table b (id int);\ninsert into b values (1);\ninsert into b values ('x');\n");
    project.write("003_c.sql", "create table c (id int);\n");
  };
  MigrationProject by_psql;
  write(by_psql);
  CHECK(run_dry_run_with_psql(by_psql).status == 3);
  MigrationProject by_up;
  write(by_up);
  CHECK(by_up.pgapply({"up"}).status == 3);

  CHECK(ledger_rows(by_psql) == ledger_rows(by_up));
  CHECK(tables(by_psql) == tables(by_up));
  CHECK(tables(by_up) == "a");
  // The history differs by up's failed event alone.
  CHECK(ledger_history(by_psql) == ledger_history(by_up, "event <> 'failed'"));
  CHECK(ledger_history(by_psql, "event = 'failed'") == "");
  CHECK(by_up.query("select version, event, reason from pgapply_migrations_history where event = 'failed'") ==
        "2|failed|migrations/002_b.sql:3: invalid input syntax for type integer: \"x\" (SQLSTATE 22P02)");
}

TEST_CASE("a no-transaction file failing at its 2nd of 3 statements: the same ledger and history by psql as by up") {
  const auto write = [](const MigrationProject& project) {
    project.write("001_base.sql", "create table t (a int);\ninsert into t values (1), (1);\n");
    project.write("002_indexes.sql", "-- pgapply: no-transaction\n"
                                     "create table u (a int);\n"
                                     "CREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a);\n"
                                     "create table v (a int);\n");
  };
  MigrationProject by_psql;
  write(by_psql);
  const auto psql = run_dry_run_with_psql(by_psql);
  CHECK(psql.status == 3);  // psql stops with the script's own error
  CHECK(contains(psql.err, "pgapply: migrations/002_indexes.sql failed at line 3"));

  MigrationProject by_up;
  write(by_up);
  const auto up = by_up.pgapply({"up"});
  CHECK(up.status == 3);

  const std::string ledger = ledger_state(by_up);
  CHECK(ledger_state(by_psql) == ledger);
  CHECK(contains(ledger, "|failed|3|1|-|-|f|migrations/002_indexes.sql:3: could not create unique index \"t_a\" "
                         "(SQLSTATE 23505)|up"));
  CHECK(by_up.query("select event || ' ' || reason from pgapply_migrations_history where version = '2'") ==
        "failed migrations/002_indexes.sql:3: could not create unique index \"t_a\" (SQLSTATE 23505)");
  // Statement 1 took effect, statement 3 never ran, in both.
  for (const MigrationProject* project : {&by_psql, &by_up}) {
    CHECK(project->query("select string_agg(tablename, ',' order by tablename) from pg_tables "
                         "where schemaname = 'public' and tablename not like 'pgapply%'") == "t,u");
  }

  // Changed, it runs again and fails sooner (table u exists): the row keeps
  // what the earlier run committed, the same way in both.
  for (const MigrationProject* project : {&by_psql, &by_up}) {
    project->write("002_indexes.sql", "-- pgapply: no-transaction\n"
                                      "create table u (a int);\n"
                                      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a ON t (a);\n"
                                      "create table v (a int);\n");
  }
  CHECK(run_dry_run_with_psql(by_psql).status == 3);
  CHECK(by_up.pgapply({"up"}).status == 3);
  const std::string again = ledger_state(by_up);
  CHECK(ledger_state(by_psql) == again);
  CHECK(contains(again, "|failed|3|0|-|1|f|migrations/002_indexes.sql:2: relation \"u\" already exists "
                        "(SQLSTATE 42P07)|up"));
}

TEST_CASE("a no-transaction rollback failing at its 2nd of 3 statements: the same ledger and history by psql as by down") {
  const auto write = [](const MigrationProject& project) {
    project.write("001_t.sql", "-- pgapply: no-transaction\ncreate table t (a int);\ncreate index concurrently t_a on t (a);\n");
    project.write("001_t.down.sql", "drop index concurrently t_a;\nselect 1/0;\ndrop table t;\n");
  };
  MigrationProject by_psql;
  write(by_psql);
  REQUIRE(by_psql.pgapply({"up", "--no-verify"}).status == 0);
  const auto dry = by_psql.pgapply({"down", "--dry-run"});
  REQUIRE(dry.status == 0);
  // Its header says what it is and how to run it, as up's does.
  CHECK(contains(dry.out, ": 1 migration to roll back, newest first. Nothing was executed.\n"
                          "-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n"));
  CHECK(by_psql.psql_script(dry.out).status == 3);
  MigrationProject by_down;
  write(by_down);
  REQUIRE(by_down.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(by_down.pgapply({"down"}).status == 3);
  const std::string ledger = ledger_state(by_down);
  CHECK(ledger_state(by_psql) == ledger);
  CHECK(contains(ledger, "|applied|2|2|-|-|f|rollback by 001_t.down.sql failed: statement 1 of 3 took effect "
                         "(migrations/001_t.down.sql:2: division by zero (SQLSTATE 22012))|up"));
  CHECK(tables(by_psql) == "t");
  CHECK(tables(by_down) == "t");
}

// Two `up` runs with `args`: the first holds the lock while its slow file
// sleeps; `write_pending` writes a file it has not seen, the second run reads
// it and waits for the lock, then `edit` changes that file. The second run's result.
ProcessResult up_edited_while_waiting(const MigrationProject& project, const std::vector<std::string>& args,
                                      const std::string& slow_file, const std::function<void()>& write_pending,
                                      const std::function<void()>& edit) {
  project.write(slow_file, "select pg_sleep(3);\n");
  auto first = project.start(args);
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/" + slow_file + "'"));
  const std::string first_lock = project.query(
      "select string_agg(pid::text, ',') from pg_stat_activity where application_name like 'pgapply (migration lock%'");
  write_pending();
  auto second = project.start(args);
  // It has read the files once its lock session tries the lock, then asks
  // who holds it (the session itself connects while they are read; a fixed
  // sleep was too short on a loaded machine).
  REQUIRE(project.wait_for_sessions("application_name like 'pgapply (migration lock%' and (query like "
                                    "'%pg_try_advisory_lock%' or query like '%Who holds pgapply%') and pid not in (" +
                                    first_lock + ")"));
  edit();
  CHECK(first->wait().status == 0);
  return second->wait();
}

TEST_CASE("a file edited while up waits for the lock is run and recorded as it is after the wait") {
  MigrationProject project;
  const std::string edited = "create table x (a int, b int);\n";
  const auto result = up_edited_while_waiting(
      project, {"up", "--no-verify"}, "001_slow.sql", [&] { project.write("002_x.sql", "create table x (a int);\n"); },
      [&] { project.write("002_x.sql", edited); });
  CHECK(result.status == 0);
  CHECK(contains(result.err, "002_x.sql changed while pgapply waited for the migration lock: it was read again"));
  CHECK(project.query("select checksum from pgapply_migrations where version = '2'") ==
        pgapply::migrate::checksum_of(edited));
  CHECK(project.query("select count(*) from information_schema.columns where table_name = 'x'") == "2");
}

TEST_CASE("a dbmate file edited while up waits for the lock: its new sections are read, its new up section runs") {
  MigrationProject project;
  const auto result = up_edited_while_waiting(
      project, {"up", "--no-verify"}, "001_slow.sql",
      [&] { project.write("002_x.sql", "-- migrate:up\ncreate table x (a int);\n-- migrate:down\ndrop table x;\n"); },
      [&] {
        // The down marker moves: the old sections would run the up section
        // only in part, and the rollback from the middle of a statement.
        project.write("002_x.sql", "-- migrate:up\ncreate table x (a int);\ncreate table y (a int);\n"
                                   "-- migrate:down\ndrop table y;\ndrop table x;\n");
      });
  CHECK(result.status == 0);
  CHECK(tables(project) == "x,y");
  CHECK(project.pgapply({"down", "--steps", "1"}).status == 0);
  CHECK(tables(project) == "");
}

TEST_CASE("--ledger-format supabase, a file edited while up waits for the lock: the Supabase CLI's row has its new "
          "statements") {
  MigrationProject project;
  const std::vector<std::string> args = {"up", "--no-verify", "--ledger-format", "supabase"};
  const auto result = up_edited_while_waiting(
      project, args, "20240101000000_slow.sql",
      [&] { project.write("20240102000000_x.sql", "create table x (a int);\n"); },
      [&] { project.write("20240102000000_x.sql", "create table x (a int, b int);\ncomment on table x is 'x';\n"); });
  CHECK(result.status == 0);
  CHECK(project.query("select array_to_string(statements, ' | ') from supabase_migrations.schema_migrations "
                      "where version = '20240102000000'") ==
        "create table x (a int, b int) | comment on table x is 'x'");
  CHECK(project.query("select count(*) from information_schema.columns where table_name = 'x'") == "2");
}

// How often each file of the project's migrations/ was opened while `body`
// ran (inotify: every open(2), by any process), as "NAME:COUNT ...".
std::string opens_during(const MigrationProject& project, const std::function<void()>& body) {
  const int watcher = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  REQUIRE(watcher >= 0);
  REQUIRE(inotify_add_watch(watcher, (project.path() + "/migrations").c_str(), IN_OPEN) >= 0);
  body();
  std::map<std::string, int> opens;
  alignas(inotify_event) char buffer[1 << 16];
  while (true) {
    const ssize_t got = read(watcher, buffer, sizeof buffer);
    if (got <= 0) break;
    for (char* at = buffer; at < buffer + got;) {
      const auto* event = reinterpret_cast<const inotify_event*>(at);
      if (event->len > 0 && (event->mask & IN_ISDIR) == 0) ++opens[event->name];  // (not the directory itself)
      at += sizeof(inotify_event) + event->len;
    }
  }
  close(watcher);
  std::string shown;
  for (const auto& [name, count] : opens) shown += (shown.empty() ? "" : " ") + name + ":" + std::to_string(count);
  return shown;
}

TEST_CASE("each migration file is read once before the lock and checked once after it") {
  MigrationProject project;
  project.write("001_plain.sql", "create table a (id int);\n");
  project.write("002_dbmate.sql", "-- migrate:up\ncreate table b (id int);\n-- migrate:down\ndrop table b;\n");
  project.write("003_psql.sql", "\\set width 3\ncreate table c (id numeric(:width));\n");
  int status = -1;
  const auto up = [&] { status = project.pgapply({"up"}).status; };
  // Read to load it (its sections, script and checksum from the same bytes),
  // then read again once the migration lock is held: nothing else (the run,
  // the verify that follows it, the ledger rows) reads it again.
  const std::string twice = "001_plain.sql:2 002_dbmate.sql:2 003_psql.sql:2";
  CHECK(opens_during(project, up) == twice);
  CHECK(status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'b', 'c')") == "3");
  // Nothing to apply: seen before any lock is taken, each file read once.
  CHECK(opens_during(project, up) == "001_plain.sql:1 002_dbmate.sql:1 003_psql.sql:1");
  CHECK(status == 0);
  // status takes no lock: once.
  CHECK(opens_during(project, [&] { status = project.pgapply({"status"}).status; }) ==
        "001_plain.sql:1 002_dbmate.sql:1 003_psql.sql:1");
  CHECK(status == 0);
}

TEST_CASE("versions order as numbers: 9 before 10, and 20-digit versions") {
  MigrationProject project;
  for (const char* name : {"009_nine.sql", "010_ten.sql", "011_eleven.sql"}) {
    project.write(name, std::string("create table t") + name[2] + std::string(name).substr(1, 2) + " (id int);\n");
  }
  project.write("011_eleven.down.sql", "drop table t111;\n");
  project.write("010_ten.down.sql", "drop table t010;\n");
  REQUIRE(project.pgapply({"up"}).status == 0);
  const auto down = project.pgapply({"down", "--steps", "1"});
  CHECK(down.status == 0);
  CHECK(contains(down.out, "Rolled back 011_eleven.down.sql"));
  CHECK(project.query("select string_agg(version, ',' order by applied_at, version) from pgapply_migrations") ==
        "9,10");
  CHECK(project.pgapply({"up"}).status == 0);  // 11 again: not "below the highest applied"

  MigrationProject pop;
  pop.write("20240101120000000001_a.sql", "create table a (id int);\n");
  pop.write("20240101120000000002_b.sql", "create table b (id int);\n");
  pop.write("9_c.sql", "create table c (id int);\n");
  const auto result = pop.pgapply({"up"});
  CHECK(result.status == 0);
  const auto at_a = result.out.find("Applied 20240101120000000001_a.sql");
  CHECK(result.out.find("Applied 9_c.sql") < at_a);
  CHECK(at_a < result.out.find("Applied 20240101120000000002_b.sql"));
  CHECK(contains(result.out, "the highest applied version is 20240101120000000002"));
}

TEST_CASE("a file of statements around its own BEGIN ... COMMIT runs as one transaction") {
  MigrationProject project;
  project.write("001_mixed.sql", "create table a (id int);\nBEGIN;\ncreate table b (id int);\nCOMMIT;\n"
                                 "insert into a values ('not a number');\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  // All of it rolled back, the statements before the inner BEGIN and inside it too.
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'b')") == "0");
  CHECK(project.query("select event from pgapply_migrations_history") == "failed");

  project.write("002_rollback.sql", "BEGIN;\nselect 1;\nROLLBACK;\n");
  result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/002_rollback.sql:3: error: the file rolls back its own transaction"));
}

TEST_CASE("a SET LOCAL inside the own BEGIN ... COMMIT of a file that runs as one transaction ends at that COMMIT, "
          "as psql -f ends it, live and in the dry run") {
  MigrationProject project;
  const ServerRoles roles(project, {"block_role"});  // (unique, dropped at the end)
  project.execute("create role " + roles[0] + " nologin");
  const std::string schemas = "create schema other;\ncreate table other.t (id int);\ncreate table public.t (id int);\n";
  // psql -f: the block's SET LOCALs end at its COMMIT; a session SET inside it outlives it.
  // (given back: the role first, then what only the file's superuser may set; a setting that had no value before)
  const std::string block = "begin;\nset local search_path = other;\nset local log_min_duration_statement = 0;\n"
                            "set local role " + roles[0] + ";\nset local app.tenant = '7';\ncommit;\n"
                            "insert into t values (coalesce(nullif(current_setting('app.tenant', true), ''), '0')::int);\n"
                            "create table owned_here (id int);\n"
                            "begin;\nset local search_path = public;\nset search_path = other;\ncommit;\n"
                            "insert into t values (2);\n"
                            "begin;\ncreate extension if not exists pg_trgm;\nset local pg_trgm.similarity_threshold = 0.5;\n"
                            "commit;\ncreate table after_trgm (id int);\n";
  project.write("001_schemas.sql", schemas);
  project.write("002_block.sql", block);
  const auto result = project.pgapply({"up"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(project.query("select string_agg(id::text, ',') from public.t") == "0");
  CHECK(project.query("select string_agg(id::text, ',') from other.t") == "2");
  CHECK(project.query("select pg_get_userbyid(relowner) = current_user from pg_class where relname = 'owned_here'") ==
        "t");
  // The static model reads the file so too (owned_here in public).
  const auto verified = project.pgapply({"verify", "--no-shadow"});
  INFO(verified.out, verified.err);
  CHECK(verified.status == 0);
  // The printed script does the same through psql, on a database of its own.
  MigrationProject printed;
  dry_run_through_psql(printed, {{"001_schemas.sql", schemas}, {"002_block.sql", block}});
  CHECK(printed.query("select string_agg(id::text, ',') from public.t") == "0");
  CHECK(printed.query("select string_agg(id::text, ',') from other.t") == "2");
  CHECK(printed.query("select count(*) from pgapply_migrations where state = 'applied'") == "2");
}

TEST_CASE("a file after ALTER DATABASE ... SET starts with the stored setting, as its own psql -f would") {
  // (a hunt's find: one session for the run kept the settings it connected with, so a Supabase-style
  // app.settings.api_url read as '' in the next file, and the next table went to another schema)
  const std::string first = "create schema app;\n"
                            "do $$ begin execute format('alter database %I set search_path to app, public', "
                            "current_database());\n"
                            "execute format('alter database %I set app.settings.api_url to %L', current_database(), "
                            "'https://api.example.com'); end $$;\n";
  const std::string second = "create table widgets (id int);\ncreate table hooks (url text);\n"
                             "insert into hooks values (current_setting('app.settings.api_url', true) || '/orders');\n";
  MigrationProject project;
  project.write("001_settings.sql", first);
  project.write("002_use.sql", second);
  const auto result = project.pgapply({"up"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(project.query("select schemaname from pg_tables where tablename = 'widgets'") == "app");
  CHECK(project.query("select url from app.hooks") == "https://api.example.com/orders");
  const auto verified = project.pgapply({"verify"});
  INFO(verified.out, verified.err);
  CHECK(verified.status == 0);

  // The printed script does the same through psql.
  MigrationProject printed;
  const auto ran = dry_run_through_psql(printed, {{"001_settings.sql", first}, {"002_use.sql", second}});
  CHECK_FALSE(contains(ran.out, "api.example.com"));  // (the values applied are not printed)
  CHECK(printed.query("select url from app.hooks") == "https://api.example.com/orders");
}

TEST_CASE("a CREATE INDEX CONCURRENTLY file with its own transactions: each refusal's hint runs as printed") {
  MigrationProject project;
  // A BEGIN never committed: refused, marked or not, with the same words, and no mark offered.
  const std::string open = "create table t (a int);\nBEGIN;\ninsert into t values (1);\n"
                           "CREATE INDEX CONCURRENTLY t_a ON t (a);\n";
  project.write("001_index.sql", open);
  auto result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/001_index.sql:2: error: the file's BEGIN is never committed: everything after "
                             "it would be rolled back when the session ends. Add its COMMIT"));
  CHECK_FALSE(contains(result.err, "no-transaction"));
  project.write("001_index.sql", "-- pgapply: no-transaction\n" + open);
  result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/001_index.sql:3: error: the file's BEGIN is never committed: everything after "
                             "it would be rolled back when the session ends. Add its COMMIT"));
  CHECK(tables(project) == "");

  // START TRANSACTION ... ROLLBACK: refused with the mark, which then runs it as written, as psql -f would.
  const std::string rolled_back = "create table t (a int);\nSTART TRANSACTION;\ninsert into t values (1);\n"
                                  "ROLLBACK;\nCREATE INDEX CONCURRENTLY t_a ON t (a);\n";
  project.write("001_index.sql", rolled_back);
  result = project.pgapply({"up"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/001_index.sql:5: error: CREATE INDEX CONCURRENTLY cannot run inside a "
                             "transaction block, and the file runs its own transactions around it (line 2): split the "
                             "file, or mark the file -- pgapply: no-transaction to run it statement by statement as "
                             "written"));
  CHECK(tables(project) == "");
  project.write("001_index.sql", "-- pgapply: no-transaction\n" + rolled_back);
  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from t") == "0");
  CHECK(project.query("select indisvalid from pg_index where indexrelid = 't_a'::regclass") == "t");
  CHECK(project.query("select state || ' ' || statements_done from pgapply_migrations") == "applied 5");
}

TEST_CASE("the first failing statement in file order is the one reported, as psql reports it") {
  MigrationProject project;
  project.write("001_late_syntax.sql", "CREATE TABLE t (a int);\nSELECT no_such_fn();\nCREATE TABLE u (a int) garbage;\n");
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/001_late_syntax.sql:2:8: ERROR:  function no_such_fn() does not exist"));
  CHECK_FALSE(contains(result.err, "garbage"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 't'") == "0");
}

TEST_CASE("a pg_dump-style file failing at line 10 before a later syntax error: line 10 is reported, as psql reports it") {
  MigrationProject project;
  project.write("001_dump.sql",
                "--\n"
                "-- PostgreSQL database dump\n"
                "--\n"
                "\n"
                "SET statement_timeout = 0;\n"
                "SET lock_timeout = 0;\n"
                "SET client_encoding = 'UTF8';\n"
                "SELECT pg_catalog.set_config('search_path', '', false);\n"
                "CREATE TABLE public.t (id integer NOT NULL, body text);\n"
                "ALTER TABLE public.t OWNER TO pgapply_no_such_role;\n"
                "CREATE SEQUENCE public.t_id_seq AS integer START WITH 1 INCREMENT BY 1;\n"
                "ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id) garbage;\n"
                "COPY public.t (id, body) FROM stdin;\n"
                "1\tone\n"
                "\\.\n");
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/001_dump.sql:10:"));
  CHECK(contains(result.err, "ERROR:  role \"pgapply_no_such_role\" does not exist"));
  CHECK_FALSE(contains(result.err, "syntax error"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 't'") == "0");
  CHECK(project.query("select reason like 'migrations/001_dump.sql:10:%' from pgapply_migrations_history "
                      "where event = 'failed'") == "t");
}

TEST_CASE("a migration cannot release the migration lock, nor leave its session to the next file") {
  MigrationProject project;
  project.write("001_unlock.sql", "select pg_advisory_unlock_all();\nselect pg_sleep(2);\n");
  project.write("002_temp.sql", "create temp table tt (id int);\nprepare p as select 1;\n"
                                "create table two (id int);\n");
  project.write("003_temp.sql", "create temp table tt (id int);\nprepare p as select 1;\n"
                                "create table three (id int);\n");
  auto first = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/001_unlock.sql'"));
  const auto second = project.pgapply({"up", "--lock-wait", "500ms"});
  CHECK(second.status == 5);
  CHECK(contains(second.err, "another run holds the migration lock"));
  const auto done = first->wait();
  CHECK(done.status == 0);
  CHECK(project.query("select count(*), count(distinct version) from pgapply_migrations") == "3|3");
  CHECK(project.query("select count(*) from pg_tables where tablename in ('two', 'three')") == "2");
}

namespace {

// A migration that tries to release the lock, then sleeps: a second up
// started meanwhile must still find the lock held (exit 5), and the first run
// applies each file once.
void check_lock_survives(const std::string& release) {
  CAPTURE(release);
  MigrationProject project;
  project.write("001_release.sql", release + "\nselect pg_sleep(2);\n");
  project.write("002_two.sql", "create table two (id int);\n");
  auto first = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("wait_event = 'PgSleep' and query like '%pg_sleep(2)%'"));
  const auto second = project.pgapply({"up", "--lock-wait", "500ms"});
  INFO(second.out, second.err);
  CHECK(second.status == 5);
  CHECK(contains(second.err, "another run holds the migration lock"));
  const auto done = first->wait();
  INFO(done.out, done.err);
  CHECK(done.status == 0);
  CHECK(project.query("select count(*), count(distinct version) from pgapply_migrations") == "2|2");
  CHECK(project.query("select count(*) from pgapply_migrations_history where event = 'applied'") == "2");
}

}  // namespace

TEST_CASE("neither DISCARD ALL nor pg_advisory_unlock on pgapply's own keys in a migration lets a second up in") {
  check_lock_survives("discard all;");
  // the keys as pg_locks shows them: the migration lock (exclusive) and the
  // hand-over lock (shared, held by the migrations' own session)
  check_lock_survives("select pg_advisory_unlock(classid::int, objid::int) from pg_locks "
                      "where locktype = 'advisory' and objsubid = 2 and mode = 'ExclusiveLock';\n"
                      "select pg_advisory_unlock_shared(classid::int, objid::int) from pg_locks "
                      "where locktype = 'advisory' and objsubid = 2 and mode = 'ShareLock';");
}

TEST_CASE("a file's pg_advisory_unlock_all leaves the hand-over lock held until the file's transaction ends") {
  // Were it let go, a run started after this one died (kill -9) would take
  // the migration lock, find the hand-over lock free and run 001 again while
  // this session still runs it, and may commit it.
  // Statement by statement, the session's is taken again after the statement that let it go.
  for (const std::string header : {"", "-- pgapply: no-transaction\n"}) {
    CAPTURE(header);
    MigrationProject project;
    // (in any letter case)
    project.write("001_release.sql", header + "select PG_ADVISORY_UNLOCK_ALL();\nselect pg_sleep(2);\n");
    auto first = project.start({"up", "--no-verify"});
    REQUIRE(project.wait_for_sessions("wait_event = 'PgSleep' and query like '%pg_sleep(2)%'"));
    CHECK(project.query("select count(*) > 0 from pg_locks l join pg_stat_activity a using (pid) "
                        "where l.locktype = 'advisory' and l.objsubid = 2 and l.mode = 'ShareLock' and l.granted "
                        "and a.wait_event = 'PgSleep' and a.datname = current_database()") == "t");
    const auto done = first->wait();
    INFO(done.out, done.err);
    CHECK(done.status == 0);
  }
  // Only the lock: the file's own settings stay as it set them, and a COPY naming the function runs.
  MigrationProject settings;
  settings.write("001_own.sql", "set lock_timeout = '17min';\nselect pg_advisory_unlock_all();\n"
                                "DO $$ BEGIN RAISE NOTICE 'lt=%', current_setting('lock_timeout'); END $$;\n"
                                "create table audit (id int, pg_advisory_unlock_all_calls int);\n"
                                "copy audit (id, pg_advisory_unlock_all_calls) from stdin;\n1\t2\n\\.\n");
  const auto own = settings.pgapply({"up", "--no-verify"});
  INFO(own.out, own.err);
  CHECK(own.status == 0);
  CHECK(contains(own.err, "NOTICE:  lt=17min"));
}

TEST_CASE("a transactional file cannot end pgapply's transaction through \\gexec or a variable's value") {
  MigrationProject project;
  // \gexec's ROLLBACK or COMMIT: refused at the \gexec's line, the file rolled back whole
  project.write("001_a.sql", "create table a (x int);\nselect 'ROLLBACK' \\gexec\ncreate table b (x int);\n");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "001_a.sql:2:1: ERROR:  \\gexec generated ROLLBACK, which would end the transaction "
                             "pgapply runs the file in"));
  project.write("001_a.sql", "create table a (x int);\n"
                             "select s from (values ('create table b (x int)'), ('commit')) v(s) \\gexec\n");
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 3);
  CHECK(contains(result.err, "\\gexec generated COMMIT"));
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'b')") == "0");
  CHECK(project.query("select count(*) from pgapply_migrations where state = 'applied'") == "0");
  // a COMMIT in a variable's value (psql ends a statement at its ;): refused before anything runs
  project.write("001_a.sql", "create table a (x int);\n:e\n;\nselect 1/0;\n");
  result = project.pgapply({"up", "--no-verify", "-v", "e=select 1; commit"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "001_a.sql:2: error: a COMMIT joined to another statement"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'a'") == "0");
  // marked no-transaction, both run as written, in a transaction of the file's own too
  project.write("001_a.sql", "-- pgapply: no-transaction\ncreate table a (x int);\nselect 'COMMIT' \\gexec\n"
                             "select 1 \\; commit;\nbegin;\ncreate table x1 ();\nselect $$commit$$ \\gexec\n"
                             "begin;\ncreate table x2 ();\ncommit;\n");
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  // exec records nothing: its file runs as psql -1 runs it
  const std::string exec_file = project.write_file("exec.sql", "create table e (x int);\nselect 'commit' \\gexec\n");
  result = project.pgapply({"exec", exec_file});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
}

TEST_CASE("a no-transaction file's \\gexec may not leave open a transaction the ledger's next write would commit") {
  MigrationProject project;
  const std::string leaves_open = "-- pgapply: no-transaction\ncreate table a (x int);\n"
                                  "select s from (values ('create table b (x int)'), ('begin'), "
                                  "('create table c (x int)')) v(s) \\gexec\ncreate table d (x int);\n";
  project.write("001_a.sql", leaves_open);
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "001_a.sql:3:1: ERROR:  \\gexec left a transaction open (it generated a BEGIN without "
                             "its COMMIT) in a file run outside a transaction"));
  CHECK(contains(result.err, "CONTEXT:  in a statement \\gexec generated: begin"));
  // psql's session end would roll back what ran in it; nothing after it ran
  CHECK(project.query("select string_agg(tablename, ',' order by tablename) from pg_tables "
                      "where tablename in ('a', 'b', 'c', 'd')") == "a,b");
  CHECK(project.query("select state || ' ' || statements_done from pgapply_migrations") == "failed 1");
  // the dry run's script, run by psql, leaves the same schema and ledger
  MigrationProject by_psql;
  by_psql.write("001_a.sql", leaves_open);
  const auto dry = by_psql.pgapply({"up", "--dry-run"});
  REQUIRE(dry.status == 0);
  const auto script = by_psql.psql_script(dry.out);
  INFO(script.err);
  CHECK(script.status == 3);
  CHECK(by_psql.query("select string_agg(tablename, ',' order by tablename) from pg_tables "
                      "where tablename in ('a', 'b', 'c', 'd')") == "a,b");
  CHECK(by_psql.query("select state || ' ' || statements_done || ' ' || error from pgapply_migrations") ==
        project.query("select state || ' ' || statements_done || ' ' || error from pgapply_migrations"));
  // the COMMIT in the same \gexec: it runs as written
  project.write("001_a.sql", "-- pgapply: no-transaction\ncreate table a (x int);\n"
                             "select s from (values ('begin'), ('create table c (x int)'), ('commit')) v(s) \\gexec\n"
                             "create table d (x int);\n");
  result = project.pgapply({"repair", "--clear-failed", "1", "--reason", "test"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  project.execute("drop table a, b");
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pg_tables where tablename in ('a', 'c', 'd')") == "3");
}

TEST_CASE("a transactional file that makes its transaction read-only is told why pgapply cannot record it") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (x int);\nset transaction read only;\nselect 1;\n");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "(at the ledger's record)\nthe file made its transaction read-only"));
  CHECK(contains(result.err, "remove that statement"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'a'") == "0");
}

TEST_CASE("a file whose trigger keeps pgapply's record out of the ledger: up says so, naming the file, exit 3") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (x int);\n");
  project.write("002_trigger.sql",
                "create function skip() returns trigger language plpgsql as $$ begin return null; end $$;\n"
                "create trigger skip before insert or update on pgapply_migrations for each row execute function skip();\n");
  project.write("003_c.sql", "create table c (x int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  // 003's record was kept out too: both named, each with the repair that records it
  CHECK(contains(result.err, "002_trigger.sql, 003_c.sql ran and committed, each, but the ledger has no applied row "
                             "for them"));
  CHECK(contains(result.err, "\n  pgapply repair --mark-applied 2 --reason"));
  CHECK(contains(result.err, "\n  pgapply repair --mark-applied 3 --reason"));
  // The hints run as printed, once the trigger is gone, and up is then up to date.
  project.execute("drop trigger skip on pgapply_migrations");
  for (const std::string version : {"2", "3"}) {
    const auto repair = project.pgapply({"repair", "--mark-applied", version, "--reason",
                                         "its record was kept out of the ledger"});
    CHECK(repair.status == 0);
  }
  CHECK(contains(project.pgapply({"up", "--no-verify"}).out, "up to date"));
}

TEST_CASE("a migration whose trigger keeps pgapply's removal out of the ledger: down says so, naming the file, exit 3") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (x int);\n");
  project.write("001_a.down.sql", "drop table a;\n");
  project.write("002_trigger.sql",
                "create function keep() returns trigger language plpgsql as $$ begin return null; end $$;\n"
                "create trigger keep before delete on pgapply_migrations for each row execute function keep();\n");
  project.write("002_trigger.down.sql", "select 1;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const auto down = project.pgapply({"down", "--to", "0"});
  INFO(down.out, down.err);
  CHECK(down.status == 3);
  CHECK(contains(down.err, "002_trigger.down.sql, 001_a.down.sql ran and committed, each, but the ledger still has "
                           "their rows"));
  CHECK(contains(down.err, "\n  pgapply repair --mark-pending 2 --reason"));
  CHECK(contains(down.err, "\n  pgapply repair --mark-pending 1 --reason"));
  // The hints run as printed, once the trigger is gone, and nothing is then applied.
  project.execute("drop trigger keep on pgapply_migrations");
  for (const std::string version : {"2", "1"}) {
    const auto repair = project.pgapply({"repair", "--mark-pending", version, "--reason",
                                         "its record was kept out of the ledger"});
    CHECK(repair.status == 0);
  }
  CHECK(project.query("select count(*) from pgapply_migrations") == "0");
}

TEST_CASE("a file's RESET ALL or DISCARD ALL does not take its name out of pg_stat_activity") {
  MigrationProject project;
  project.write("001_reset.sql", "reset all;\nselect pg_sleep(2);\n");
  project.write("002_discard.sql", "-- pgapply: no-transaction\ndiscard all;\nselect pg_sleep(2);\n");
  auto run = project.start({"up", "--no-verify"});
  // Both clear the session's application_name: pgapply sets it again.
  CHECK(project.wait_for_sessions("application_name = 'pgapply: migrations/001_reset.sql' and wait_event = 'PgSleep'"));
  CHECK(project.wait_for_sessions("application_name = 'pgapply: migrations/002_discard.sql' and wait_event = 'PgSleep'"));
  const auto result = run->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 0);
}

TEST_CASE("after a file's RESET ALL or DISCARD ALL, its next statements run with pgapply's settings and hand-over lock") {
  MigrationProject project;
  const std::string seen = "select current_setting('lock_timeout') as lock_timeout, "
                           "current_setting('client_connection_check_interval') as check_interval, "
                           "(select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) "
                           "as advisory_locks";
  project.write("001_reset.sql", "reset all;\ncreate table seen_reset as " + seen + ";\n");
  project.write("002_discard.sql", "-- pgapply: no-transaction\ndiscard all;\ncreate table seen_discard as " + seen + ";\n");
  const auto result = project.pgapply({"up", "--no-verify", "--lock-timeout", "3s"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  // (client_connection_check_interval: PostgreSQL 14+, Debian's is newer)
  CHECK(project.query("select lock_timeout || '|' || check_interval || '|' || advisory_locks from seen_reset") == "3s|2s|1");
  CHECK(project.query("select lock_timeout || '|' || check_interval || '|' || advisory_locks from seen_discard") ==
        "3s|2s|1");
}

TEST_CASE("the verify after up reads the schema as the connecting user with the default search_path") {
  MigrationProject project;
  const ServerRoles roles(project, {"verify_low"});  // (unique, dropped at the end)
  project.execute("create role " + roles[0] + " nologin");
  project.write("001_t.sql", "create table t (x int);\n");
  // The last file leaves its session changed (statement by statement: no
  // transaction undoes a SET), and no reset comes after a last file.
  project.write("002_i.sql", "create index concurrently t_x on t (x);\nset search_path = pg_catalog;\nset role " +
                                 roles[0] + ";\n");
  const auto result = project.pgapply({"up", "--no-shadow"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Verified"));
}

TEST_CASE("a file that sets client_encoding: its ledger row keeps its name, and the next up finds it unchanged") {
  MigrationProject project;
  project.write("001_caf\xC3\xA9.sql", "set client_encoding = 'LATIN1';\ncreate table ce1 (x int);\n");
  project.write("002_\xC3\xBC" "ber.sql", "-- pgapply: no-transaction\nset client_encoding = 'LATIN1';\ncreate table ce2 (x int);\n");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(project.query("select file_name from pgapply_migrations order by version") ==
        "001_caf\xC3\xA9.sql\n002_\xC3\xBC" "ber.sql");
  result = project.pgapply({"up", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(!contains(result.err, "renamed"));
}

TEST_CASE("a file that fails in LATIN1: the server's message is shown and recorded as UTF-8, its history kept") {
  MigrationProject project;
  // byte E2 is â in LATIN1: the server names the table in LATIN1 too
  project.write("001_x.sql", "set client_encoding = 'LATIN1';\ncreate table \"t\xe2" "ble\" (a int);\n"
                             "create table \"t\xe2" "ble\" (a int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "relation \"t\xC3\xA2" "ble\" already exists"));
  CHECK_FALSE(contains(result.err, "could not record the failure"));
  CHECK(project.query("select event || ': ' || reason from pgapply_migrations_history") ==
        "failed: migrations/001_x.sql:3: relation \"t\xC3\xA2" "ble\" already exists (SQLSTATE 42P07)");

  // Outside a transaction the session stays in LATIN1: the ledger's writes read what they get as UTF-8 all the same.
  MigrationProject outside;
  outside.write("001_x.sql", "-- pgapply: no-transaction\nset client_encoding = 'LATIN1';\n"
                             "create table \"t\xe2" "ble\" (a int);\ncreate table \"t\xe2" "ble\" (a int);\n");
  CHECK(outside.pgapply({"up", "--no-verify"}).status == 3);
  CHECK(outside.query("select error from pgapply_migrations") ==
        "migrations/001_x.sql:4: relation \"t\xC3\xA2" "ble\" already exists (SQLSTATE 42P07)");
}

TEST_CASE("up with nothing to apply takes no lock: it is done while another run holds it, a pending file waits") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  pgapply::engine::LedgerName name;
  name.schema = "public";
  name.table = "pgapply_migrations";
  const auto keys = pgapply::engine::MigrationLock::keys(name);
  auto holder = project.database().connect();
  holder.exec("select pg_advisory_lock(" + std::to_string(keys.first) + ", " + std::to_string(keys.second) + ")");
  auto result = project.pgapply({"up", "--lock-wait", "1s"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "The database is up to date (highest applied version 1)."));
  CHECK_FALSE(contains(result.err, "waiting"));
  project.write("002_b.sql", "create table b (id int);\n");
  result = project.pgapply({"up", "--lock-wait", "1s"});
  CHECK(result.status == 5);
  CHECK(contains(result.err, "another run holds the migration lock"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("a run waits while a dead run's migrations session still holds the hand-over lock, then applies") {
  MigrationProject project;
  project.write("001_a.sql", "create table handover_a (id int);\n");
  // What a killed run leaves until the server ends its migrations session:
  // the hand-over lock held shared, the migration lock free.
  pgapply::engine::LedgerName name;
  name.schema = "public";
  name.table = "pgapply_migrations";
  const auto keys = pgapply::engine::MigrationLock::handover_keys(name);
  BackgroundProcess holder({TestServer::get().program("psql"), "-X", "-q", "-d", project.database().conninfo(), "-c",
                            "select pg_advisory_lock_shared(" + std::to_string(keys.first) + ", " +
                                std::to_string(keys.second) + "); select pg_sleep(2);"});
  REQUIRE(project.wait_for_sessions("query like '%pg_advisory_lock_shared(%' and wait_event = 'PgSleep'"));
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out + result.err, "waiting: the migrations session of a run that no longer holds the "
                                          "migration lock on public.pgapply_migrations (pid "));
  CHECK(project.query("select count(*) from pgapply_migrations where state = 'applied'") == "1");
  CHECK(holder.wait().status == 0);
  // Free again: the next run takes it in its first round trip, and waits for nothing.
  project.write("002_b.sql", "create table handover_b (id int);\n");
  const auto next = project.pgapply({"up", "--no-verify"});
  CHECK(next.status == 0);
  CHECK_FALSE(contains(next.out + next.err, "waiting"));
}

TEST_CASE("a run waiting for the migration lock says so again when another session takes the lock over") {
  MigrationProject project;
  project.write("001_slow.sql", "select pg_sleep(3);\n");
  auto first = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/001_slow.sql' and wait_event = 'PgSleep'"));
  // The migration lock's keys as pg_locks shows them (objsubid 2: a lock on two int4 keys).
  const std::string keys = project.query(
      "select classid || ', ' || objid from pg_locks where locktype = 'advisory' and objsubid = 2 and "
      "mode = 'ExclusiveLock' and database = (select oid from pg_database where datname = current_database())");
  REQUIRE(!keys.empty());
  // Another session queues for it, and holds it a while once the first run is done.
  BackgroundProcess other({TestServer::get().program("psql"), "-X", "-q", "-d", project.database().conninfo(), "-c",
                           "select pg_advisory_lock(" + keys + "); select pg_sleep(1);"});
  REQUIRE(project.wait_for_sessions("wait_event_type = 'Lock' and query like '%pg_advisory_lock(%'"));
  auto second = project.start({"up", "--no-verify"});
  CHECK(first->wait().status == 0);
  const auto result = second->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(other.wait().status == 0);
  // First held by the first run's lock session, then by psql: said each time.
  const auto first_line = result.err.find("waiting for the migration lock on public.pgapply_migrations, held by pid ");
  REQUIRE(first_line != std::string::npos);
  CHECK(contains(result.err.substr(first_line, result.err.find('\n', first_line) - first_line), "(pgapply"));
  const auto second_line = result.err.find("waiting for the migration lock", first_line + 1);
  REQUIRE(second_line != std::string::npos);
  CHECK(contains(result.err.substr(second_line, result.err.find('\n', second_line) - second_line), "(psql)"));
}

TEST_CASE("a WITH HOLD cursor a file declares does not outlive it: the next file declares the same name") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_cursor.sql", "declare c cursor with hold for select 2;\n");
  project.write("003_cursor.sql", "declare c cursor with hold for select 3;\nfetch c;\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations where state = 'applied'") == "3");
}

TEST_CASE("a file that switches roles does not write the ledger as that role") {
  MigrationProject project;
  project.execute("create role pgapply_test_nobody nologin");
  project.write("001_role.sql", "set role pgapply_test_nobody;\nselect 1;\n");
  project.write("002_session.sql", "set session authorization pgapply_test_nobody;\nselect 2;\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  project.execute("drop role if exists pgapply_test_nobody");
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(applied_by, ',' order by version) from pgapply_migrations") ==
        "postgres,postgres");
}

namespace {

// A role a file switches to: it may create in public and owns the table
// `base`. Its name is the test's own (ServerRoles): tests run in parallel,
// and one that drops a shared role breaks another that is using it.
class WeakRole {
 public:
  explicit WeakRole(const MigrationProject& project) : roles_(project, {"pgapply_test_weak"}) {
    project.execute("create role " + name() + " nologin");
    prepare(project);
  }
  // The grant and the table in a second project's database.
  void prepare(const MigrationProject& project) const {
    project.execute("grant create on schema public to " + name() + "; create table base (id int); "
                    "alter table base owner to " + name());
  }
  const std::string& name() const { return roles_[0]; }

 private:
  ServerRoles roles_;
};

}  // namespace

TEST_CASE("a SET ROLE or search_path sent as one with another statement, or in a goose block, changes the session") {
  MigrationProject project;
  const WeakRole weak(project);
  const std::string& weak_role = weak.name();
  project.execute("create schema app");
  project.write("001_joined.sql", "select 1 \\; set role " + weak_role + ";\ncreate table t1 (id int);\n");
  project.write("002_goose.sql", "-- +goose Up\n-- +goose StatementBegin\ncreate table t2 (id int);\n"
                                 "set search_path = app;\n-- +goose StatementEnd\ncreate table t3 (id int);\n");
  project.write("003_after.sql", "create table t4 (id int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  // Recorded as the connecting user, not as the role the file switched to.
  CHECK(project.query("select string_agg(applied_by, ',' order by version) from pgapply_migrations") ==
        "postgres,postgres,postgres");
  CHECK(project.query("select tableowner from pg_tables where tablename = 't1'") == weak_role);
  // The goose block's search_path held for the rest of its file, not for the next one.
  CHECK(project.query("select string_agg(schemaname || '.' || tablename, ',' order by tablename) from pg_tables "
                      "where tablename in ('t2', 't3', 't4')") == "public.t2,app.t3,public.t4");
  project.execute("drop table t1");
}

TEST_CASE("a SET ROLE that a DO block runs (by EXECUTE or itself), left in effect, does not write the ledger: the "
          "connecting user does") {
  MigrationProject project;
  const WeakRole weak(project);
  const std::string& weak_role = weak.name();
  project.write("001_execute.sql", "do $$ begin execute 'set role " + weak_role + "'; end $$;\n"
                                   "create table t1 (id int);\n");
  project.write("002_plpgsql.sql", "do $$ begin set role " + weak_role + "; end $$;\n"
                                   "create table t2 (id int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(tableowner, ',' order by tablename) from pg_tables where tablename in "
                      "('t1', 't2')") == weak_role + "," + weak_role);
  CHECK(project.query("select string_agg(applied_by, ',' order by version) from pgapply_migrations") ==
        "postgres,postgres");
  project.execute("drop table t1, t2");
}

TEST_CASE("a SET ROLE that a function the file calls or a trigger runs does not write the ledger: the connecting "
          "user does") {
  MigrationProject project;
  const WeakRole weak(project);
  const std::string& weak_role = weak.name();
  const std::string function = std::string("create function become() returns void language plpgsql as $$ begin "
                                           "execute 'set role ") + weak_role + "'; end $$;\n";
  project.write("001_call.sql", function + "select become();\ncreate table t0 (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  CHECK(project.query("select tableowner from pg_tables where tablename = 't0'") == weak_role);
  CHECK(project.query("select applied_by from pgapply_migrations") == "postgres");
  project.execute("drop table t0; drop function become()");
  // A trigger's function, which an INSERT runs, is not looked for: the
  // record takes the connecting role back all the same (before, the weak
  // role wrote it, or failed to: "permission denied for table pgapply_migrations").
  project.write("002_role.sql", std::string("create table knock (id int);\n"
                                            "create function become() returns trigger language plpgsql as $$ begin "
                                            "execute 'set role ") + weak_role + "'; return new; end $$;\n"
                                            "create trigger become after insert on knock for each row execute "
                                            "function become();\ninsert into knock values (1);\n"
                                            "create table t1 (id int);\n");
  project.write("003_after.sql", "create table t2 (id int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select tableowner from pg_tables where tablename = 't1'") == weak_role);
  CHECK(project.query("select tableowner from pg_tables where tablename = 't2'") == "postgres");  // reset between
  CHECK(project.query("select string_agg(applied_by, ',' order by version) from pgapply_migrations") ==
        "postgres,postgres,postgres");
  project.execute("drop table t1, t2, knock; drop function become()");
}

TEST_CASE("the ledger is written as the role the connection was opened with (options -c role), not as the login "
          "role under it, whatever role a file sets") {
  MigrationProject project;
  const LoginRole login(project, "pgapply_deployer");
  const ServerRoles roles(project, {"pgapply_schema_owner", "pgapply_other"});
  // NOINHERIT: the login role has none of the owner's privileges unless it
  // acts as it; the owner makes, and so owns, the ledger.
  project.execute("create role " + roles[0] + "; create role " + roles[1] + "; alter role " + login.name() +
                  " noinherit; grant " + roles[0] + ", " + roles[1] + " to " +
                  login.name() + "; grant create on schema public to " + roles[0] + ", " + roles[1]);
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "set role " + roles[1] + ";\ncreate table b (id int);\n");
  project.write("003_c.sql", "create table c (id int);\n");
  const auto result =
      project.pgapply({"up", "--no-verify", "-d", login.conninfo() + " options='-c role=" + roles[0] + "'"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(applied_by, ',' order by version) from pgapply_migrations") ==
        roles[0] + "," + roles[0] + "," + roles[0]);
  CHECK(project.query("select string_agg(tablename || ':' || tableowner, ',' order by tablename) from pg_tables "
                      "where tablename in ('a', 'b', 'c', 'pgapply_migrations')") ==
        "a:" + roles[0] + ",b:" + roles[1] + ",c:" + roles[0] + ",pgapply_migrations:" + roles[0]);
}

TEST_CASE("a role of the connection's options that may not read the ledger is the one named, with the GRANT that "
          "works") {
  MigrationProject project;
  const ServerRoles roles(project, {"pgapply_reader"});
  project.execute("create role " + roles[0]);
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  const std::string as_role = "dbname=" + project.database().name() + " options='-c role=" + roles[0] + "'";
  auto result = project.pgapply({"status", "-d", as_role});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  // Not the login role (postgres, a superuser: a GRANT to it changes nothing).
  CHECK(contains(result.err, "the role " + roles[0] + " cannot read the ledger public.pgapply_migrations"));
  const std::string marker = "Grant it, as the ledger's owner: ";
  const auto at = result.err.find(marker);
  REQUIRE(at != std::string::npos);
  project.execute(result.err.substr(at + marker.size(), result.err.find('\n', at) - at - marker.size()));
  result = project.pgapply({"status", "-d", as_role});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
}

TEST_CASE("a file that takes from the connecting role its privilege on the ledger fails, rolled back, and says "
          "why") {
  MigrationProject project;
  const LoginRole login(project, "pgapply_revoker");
  project.execute("alter database \"" + project.database().name() + "\" owner to " + login.name());
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify", "-d", login.conninfo()}).status == 0);
  project.write("002_b.sql", "create table b (id int);\nrevoke insert on pgapply_migrations from current_user;\n");
  const auto result = project.pgapply({"up", "--no-verify", "-d", login.conninfo()});
  INFO(result.out, result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "migrations/002_b.sql: ERROR:  permission denied for table pgapply_migrations"));
  CHECK(contains(result.err, "the role pgapply connected as may no longer write the ledger after what the file did"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "0");
  CHECK(project.query("select string_agg(version || ':' || state, ',') from pgapply_migrations") == "1:applied");
}

TEST_CASE("a search_path that puts a schema's own = before pg_catalog's does not reach the ledger's writes") {
  // An operator = for text that is always true: the ledger's WHERE version =
  // $1 would then take every row, marking the files before it failed.
  const std::string operator_sql =
      "create function public.always_eq(text, text) returns boolean language sql immutable as 'select true';\n"
      "create operator public.= (leftarg = text, rightarg = text, function = public.always_eq);\n"
      "set search_path = public, pg_catalog;\n";
  MigrationProject project;
  project.write("001_a.sql", "create table t1 (a int);\n");
  project.write("002_b.sql", "create table t2 (a int);\n");
  project.write("003_outside.sql", "-- pgapply: no-transaction\n" + operator_sql + "select 1/0;\n");
  const auto failed = project.pgapply({"up", "--no-verify"});
  INFO(failed.out, failed.err);
  CHECK(failed.status == 3);
  CHECK(project.query("select string_agg(version || ' ' || state || ' ' || statements_done, ',' order by version) "
                      "from pgapply_migrations") == "1 applied 1,2 applied 1,3 failed 3");
  project.execute("drop operator public.= (text, text); drop function public.always_eq(text, text)");
  // In a transaction, the file's own: its record comes after its statements.
  project.write("003_outside.sql", "-- pgapply: no-transaction\nselect 1;\n");
  project.write("004_inside.sql", operator_sql + "create table t4 (a int);\n");
  const auto applied = project.pgapply({"up", "--no-verify"});
  INFO(applied.out, applied.err);
  CHECK(applied.status == 0);
  CHECK(project.query("select string_agg(version || ' ' || state, ',' order by version) from pgapply_migrations") ==
        "1 applied,2 applied,3 applied,4 applied");
  CHECK(project.query("select count(*) from pgapply_migrations_history where event = 'applied'") == "4");
}

TEST_CASE("a -- pgapply: directive below a file's first statement: up refuses to run the file, not to run others") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\nselect 1;\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  // An applied file that has one (a comment added since, accepted): it ran long ago, nothing is run of it.
  project.write("001_a.sql", "create table a (id int);\n-- pgapply: no-transaction (not needed after all)\nselect 1;\n");
  REQUIRE(project.pgapply({"repair", "--accept-checksum", "1", "--reason", "a comment"}).status == 0);
  project.write("002_b.sql", "create table b (id int);\n-- pgapply: no-transaction\nselect 1/0;\n");
  auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "refusing to apply anything:\n  - migrations/002_b.sql:2: error: '-- pgapply: "
                             "no-transaction' after the first statement is not read: directives go in the header, "
                             "before the first statement (of the file, or of its dbmate or goose section): move it "
                             "there"));
  CHECK(contains(project.pgapply({"lint"}).out, "migrations/002_b.sql:2:1: error: '-- pgapply: no-transaction' after"));
  // Moved to its header: it runs as it says, and its down section's too.
  project.write("002_b.sql", "-- migrate:up\n-- pgapply: no-transaction\ncreate table b (id int);\nselect 1;\n"
                             "-- migrate:down\ndrop table b;\n-- pgapply: no-transaction\n");
  result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.err + result.out, "statement by statement"));
  result = project.pgapply({"down", "--steps", "1"});
  CHECK(result.status == 4);
  CHECK(contains(result.err, "migrations/002_b.sql:7: error: '-- pgapply: no-transaction' after the first statement"));
  CHECK(project.query("select to_regclass('b') is not null") == "t");
}

TEST_CASE("a statement-by-statement file that runs SET ROLE keeps the role for its next statements, and the ledger is "
          "written as the connecting user") {
  MigrationProject by_up;
  const WeakRole weak(by_up);
  const std::string& weak_role = weak.name();
  const auto write = [&](const MigrationProject& project) {
    project.write("001_a.sql", "set role " + weak_role +
                                   ";\ncreate index concurrently if not exists bi on base (id);\n"
                                   "create table if not exists owned (id int);\n");
  };
  write(by_up);
  const auto up = by_up.pgapply({"up", "--no-verify"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(by_up.query("select state || ' ' || statements_done || ' ' || applied_by from pgapply_migrations") ==
        "applied 3 postgres");
  // The file's statements ran as the role it switched to, as psql runs them.
  CHECK(by_up.query("select tableowner from pg_tables where tablename = 'owned'") == weak_role);
  CHECK(by_up.query("select count(*) from pg_indexes where indexname = 'bi'") == "1");

  MigrationProject by_psql;
  weak.prepare(by_psql);
  write(by_psql);
  const auto psql = run_dry_run_with_psql(by_psql);
  INFO(psql.err);
  CHECK(psql.status == 0);
  CHECK(ledger_state(by_psql) == ledger_state(by_up));
  CHECK(by_psql.query("select tableowner from pg_tables where tablename = 'owned'") == weak_role);
  // WeakRole drops what the role owns in by_up's database; this, what it owns in by_psql's.
  by_psql.execute("drop owned by " + weak_role);
}

TEST_CASE("a statement-by-statement file that sets default_transaction_read_only: its next statements run read-only, "
          "the ledger says how far it got, and the fixed file runs") {
  const auto write = [](const MigrationProject& project) {
    project.execute("create table base (id int)");
    project.write("001_ro.sql", "set default_transaction_read_only = on;\nselect 1;\n"
                                "create index concurrently if not exists ci on base (id);\n");
  };
  MigrationProject by_up;
  write(by_up);
  const auto up = by_up.pgapply({"up", "--no-verify"});
  INFO(up.out, up.err);
  CHECK(up.status == 3);
  CHECK(contains(up.err, "migrations/001_ro.sql:3:1: ERROR:  cannot execute CREATE INDEX in a read-only transaction"));
  const std::string ledger = ledger_state(by_up);
  CHECK(contains(ledger, "|failed|3|2|-|-|f|migrations/001_ro.sql:3: cannot execute CREATE INDEX in a read-only "
                         "transaction (SQLSTATE 25006)|up"));

  MigrationProject by_psql;
  write(by_psql);
  CHECK(run_dry_run_with_psql(by_psql).status == 3);
  CHECK(ledger_state(by_psql) == ledger);

  // Fixed, it runs again and is applied: no loop.
  by_up.write("001_ro.sql", "select 1;\ncreate index concurrently if not exists ci on base (id);\n");
  const auto again = by_up.pgapply({"up", "--no-verify"});
  INFO(again.out, again.err);
  CHECK(again.status == 0);
  CHECK(by_up.query("select state || ' ' || statements_done from pgapply_migrations") == "applied 2");
}

TEST_CASE("a statement-by-statement file whose own transactions are read-only runs as psql runs it, the ledger "
          "recording each after its COMMIT") {
  const auto write = [](const MigrationProject& project) {
    project.write("001_read_only.sql", "-- pgapply: no-transaction\ncreate table r1 (id int);\n"
                                       "BEGIN;\nSET TRANSACTION READ ONLY;\nselect 1;\nCOMMIT;\n"
                                       "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nselect 2;\nCOMMIT;\n"
                                       "create table r2 (id int);\n");
    project.write("002_default.sql", "-- pgapply: no-transaction\nselect set_config('default_transaction_read_only', "
                                     "'on', false);\nBEGIN;\nselect 1;\nEND;\n");
    project.write("003_after.sql", "create table r3 (id int);\n");
  };
  MigrationProject by_up;
  write(by_up);
  const auto up = by_up.pgapply({"up", "--no-verify"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(by_up.query("select string_agg(version || ' ' || state || ' ' || statements_done || '/' || statements, ', ' "
                    "order by version) from pgapply_migrations") == "1 applied 9/9, 2 applied 4/4, 3 applied 1/1");
  CHECK(by_up.query("select count(*) from pg_tables where tablename in ('r1', 'r2', 'r3')") == "3");

  MigrationProject by_psql;
  write(by_psql);
  const auto psql = run_dry_run_with_psql(by_psql);
  INFO(psql.out, psql.err);
  CHECK(psql.status == 0);
  CHECK(ledger_state(by_psql) == ledger_state(by_up));
}

TEST_CASE("a file that begins with SET TRANSACTION ISOLATION LEVEL (or BEGIN ISOLATION LEVEL) runs as psql -1 runs "
          "it, also after other files in one batch") {
  const auto write = [](const MigrationProject& project) {
    project.write("001_first.sql", "create table first (id int);\n");
    project.write("002_wrapped.sql", "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
                                     "create table level2 as select current_setting('transaction_isolation') as level;\n");
    project.write("003_own.sql", "BEGIN;\nSET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n"
                                 "create table level3 as select current_setting('transaction_isolation') as level;\n"
                                 "COMMIT;\n");
    project.write("004_steps.sql", "-- pgapply: no-transaction\nBEGIN;\nSET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n"
                                   "create table level4 as select current_setting('transaction_isolation') as level;\n"
                                   "COMMIT;\n");
    project.write("005_alone.sql", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n");
    project.write("006_after_set.sql", "SET lock_timeout = '3s';\nSET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n"
                                       "create table level6 as select current_setting('transaction_isolation') as level;\n");
    // the file's own BEGIN sets the level (a hunt's find: it joined the batch's transaction, 25001)
    project.write("007_begin_level.sql", "begin isolation level serializable, deferrable;\n"
                                         "create table level7 as select current_setting('transaction_isolation') as "
                                         "level;\ncommit;\n");
    project.write("008_start_level.sql", "START TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
                                         "create table level8 as select current_setting('transaction_isolation') as "
                                         "level;\nEND;\n");
  };
  MigrationProject by_up;
  write(by_up);
  const auto up = by_up.pgapply({"up", "--no-verify"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(by_up.query("select (select level from level2) || ', ' || (select level from level3) || ', ' || "
                    "(select level from level4) || ', ' || (select level from level6) || ', ' || "
                    "(select level from level7) || ', ' || (select level from level8)") ==
        "repeatable read, serializable, serializable, serializable, serializable, repeatable read");
  CHECK(by_up.query("select string_agg(version || ' ' || state, ', ' order by version) from pgapply_migrations") ==
        "1 applied, 2 applied, 3 applied, 4 applied, 5 applied, 6 applied, 7 applied, 8 applied");

  MigrationProject by_psql;
  write(by_psql);
  const auto psql = run_dry_run_with_psql(by_psql);
  INFO(psql.out, psql.err);
  CHECK(psql.status == 0);
  CHECK(ledger_state(by_psql) == ledger_state(by_up));
}

TEST_CASE("a file's own lock_timeout does not bear on pgapply's writes to the ledger: they wait as long as pgapply's") {
  MigrationProject project;
  project.write("001_base.sql", "create table base (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.write("002_wrapped.sql", "set lock_timeout = 1;\ncreate table wrapped (id int);\n");
  project.write("003_steps.sql", "-- pgapply: no-transaction\nset lock_timeout = 1;\ncreate table steps (id int);\n");
  for (const std::string file : {"002_wrapped.sql", "003_steps.sql"}) {
    CAPTURE(file);
    // The ledger's record (or progress) waits behind this lock, released after a moment.
    auto holder = project.database().connect();
    holder.exec("begin; lock table pgapply_migrations in share mode");
    auto run = project.start({"up", "--no-verify", "--target", file.substr(0, 3)});
    CHECK(project.wait_for_sessions("application_name = 'pgapply: migrations/" + file + "' and wait_event_type = 'Lock'"));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    holder.exec("rollback");
    const auto result = run->wait();
    INFO(result.out, result.err);
    CHECK(result.status == 0);
  }
  CHECK(project.query("select string_agg(version || ' ' || state, ', ' order by version) from pgapply_migrations") ==
        "1 applied, 2 applied, 3 applied");
}

TEST_CASE("each file of one batch is timed alone: the durations do not add up") {
  MigrationProject project;
  for (int i = 1; i <= 4; ++i) project.write("00" + std::to_string(i) + "_s.sql", "select pg_sleep(0.2);\n");
  const auto up = project.pgapply({"up", "--no-verify"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  // All four go in one simple query, where now() is the same for every
  // transaction: timed from now(), the last would show 800 ms.
  CHECK(project.query("select count(*) from pgapply_migrations where duration_ms between 150 and 550") == "4");
  CHECK_FALSE(contains(up.out, "Applied 004_s.sql in 8"));
}

TEST_CASE("a transactional file with RESET ALL keeps its duration, run by up and by the dry run's script") {
  const auto write = [](const MigrationProject& project) {
    project.write("001_d.sql", "select pg_sleep(0.1);\ncreate table t4 (id int);\nreset all;\n");
    project.write("002_e.sql", "reset all;\nbegin;\nselect pg_sleep(0.1);\nreset all;\ncommit;\n");
  };
  const std::string measured =
      "select string_agg(version || ':' || coalesce((duration_ms >= 100)::text, 'null'), ',' order by version) "
      "from pgapply_migrations";
  MigrationProject by_up;
  write(by_up);
  const auto up = by_up.pgapply({"up", "--no-verify"});
  INFO(up.out, up.err);
  CHECK(up.status == 0);
  CHECK(contains(up.out, "Applied 001_d.sql in "));
  CHECK(contains(up.out, "Applied 002_e.sql in "));
  CHECK(by_up.query(measured) == "1:true,2:true");

  MigrationProject by_psql;
  write(by_psql);
  CHECK(run_dry_run_with_psql(by_psql).status == 0);
  CHECK(by_psql.query(measured) == "1:true,2:true");
  CHECK(ledger_state(by_psql) == ledger_state(by_up));
}

TEST_CASE("the connection ended while up reads the ledger: the server's reason is said") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.write("002_b.sql", "create table b (id int);\n");
  // The ledger's rows, read to see whether anything is pending, wait behind
  // this lock until an administrator ends the run's session.
  auto holder = project.database().connect();
  holder.exec("begin; lock table pgapply_migrations in access exclusive mode");
  auto run = project.start({"up", "--no-verify", "--lock-timeout", "0"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply' and wait_event_type = 'Lock'"));
  // (this test's database only: tests run in parallel)
  project.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pgapply' "
                  "and wait_event_type = 'Lock' and datname = current_database()");
  const auto result = run->wait();
  holder.exec("rollback");
  INFO(result.err);
  CHECK(result.status == 7);  // connected, then lost: not 2, "cannot connect"
  CHECK(contains(result.err, "lost the connection to the server while reading the ledger or waiting for the "
                             "migration lock (FATAL:  terminating connection due to administrator command"));
  CHECK(contains(result.err, "): nothing was applied"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("the ledger locked by another session beyond --lock-timeout: exit 5 naming whom up waited for, in a dry "
          "run too, and status's session ended while it waits: exit 7") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.write("002_b.sql", "create table b (id int);\n");
  auto holder = project.database().connect();
  holder.exec("begin; lock table pgapply_migrations in access exclusive mode");
  const auto result = project.pgapply({"up", "--no-verify", "--lock-timeout", "300ms"});
  INFO(result.out, result.err);
  CHECK(result.status == 5);
  CHECK(contains(result.err, "a statement of pgapply's own (reading or writing its ledger, reading the catalog) "
                             "waited longer than lock_timeout 300ms (--lock-timeout) for a lock another session holds "
                             "(canceling statement due to lock timeout); it waited for: pid "));
  CHECK(contains(result.err, "holding pgapply_migrations (AccessExclusiveLock)"));
  CHECK(contains(result.err, ": nothing was applied"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "0");

  // the JSON error object names them too, with the SQLSTATE
  const auto json = project.pgapply({"up", "--no-verify", "--lock-timeout", "300ms", "--format", "json"});
  INFO(json.out);
  CHECK(json.status == 5);
  const auto error = nlohmann::json::parse(json.out).at("error");
  CHECK(error.at("sqlstate") == "55P03");
  REQUIRE(error.at("blocking_sessions").size() == 1);
  CHECK(error.at("blocking_sessions")[0].at("locks") == "pgapply_migrations (AccessExclusiveLock)");

  const auto dry = project.pgapply({"up", "--dry-run", "--lock-timeout", "300ms"});
  INFO(dry.err);
  CHECK(dry.status == 5);
  CHECK(contains(dry.err, "waited longer than lock_timeout 300ms (--lock-timeout) for a lock another session holds"));
  // status reads it with its own 5 s: ended by an administrator meanwhile
  auto status = project.start({"status"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply' and wait_event_type = 'Lock'"));
  // (this test's database only: tests run in parallel)
  project.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pgapply' "
                  "and wait_event_type = 'Lock' and datname = current_database()");
  const auto lost = status->wait();
  holder.exec("rollback");
  INFO(lost.err);
  CHECK(lost.status == 7);
  CHECK(contains(lost.err, "pgapply: error: lost the connection to the server (FATAL:  terminating connection due "
                           "to administrator command"));
}

// (It exited 5 until up's verify learned never to fail on what it could not check.)
TEST_CASE("up's verify held up by a lock beyond the lock timeout: not verified, a warning naming the lock's holder") {
  MigrationProject project;
  project.execute("create table busy (id int)");
  project.write("001_other.sql", "create table other (id int);\n");
  auto holder = project.database().connect();
  holder.exec("begin; lock table busy in access exclusive mode");
  const auto result = project.pgapply({"up", "--no-shadow", "--lock-timeout", "300ms"});
  holder.exec("rollback");
  INFO(result.out, result.err);
  CHECK(contains(result.out, "Applied 001_other.sql"));
  CHECK(result.status == 0);
  CHECK(contains(result.err, "warning: not verified: reading the catalog waited longer than the lock timeout"));
  CHECK(contains(result.err, "holding busy (AccessExclusiveLock)"));
  CHECK(contains(result.err, "verify it once that session is done: pgapply verify"));
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("a session reset that fails after the last file fails nothing: the files are committed and recorded") {
  MigrationProject project;
  // The database's statement_timeout, back with the reset's RESET ALL,
  // cancels its DISCARD TEMP of a last file's 3,000 temporary tables (0.2 s or more).
  project.execute("alter database " + project.database().name() + " set statement_timeout = '50ms'");
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_temp.sql", "set statement_timeout = 0;\ndo $$ begin for i in 1..3000 loop "
                                "execute format('create temp table t%s (id int)', i); end loop; end $$;\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Done: 2 migrations applied"));
  CHECK(project.query("select count(*) from pgapply_migrations where state = 'applied'") == "2");
}

TEST_CASE("the migration lock lost in the last batch (a migration ends its session): exit 7 naming what was applied") {
  const std::string terminate = "select pg_terminate_backend(pid) from pg_stat_activity "
                                "where pid <> pg_backend_pid() and datname = current_database();\n";
  MigrationProject project;
  project.write("001_a.sql", terminate);
  project.write("002_b.sql", "create table b (id int);\n");
  const auto result = project.pgapply({"up"});
  INFO(result.out, result.err);
  CHECK(result.status == 7);
  CHECK(contains(result.err, "the migration lock on public.pgapply_migrations was lost while the run's last "
                             "statements ran"));
  CHECK(contains(result.err, "ran to their end: 2 migrations applied, the last 002_b.sql; another run may have "
                             "started meanwhile. See what was applied with: pgapply status"));
  CHECK_FALSE(contains(result.out, "Done:"));
  // They were sent before the lock went: they ran, and the ledger says so.
  CHECK(project.query("select string_agg(version || ':' || state, ',' order by version) from pgapply_migrations") ==
        "1:applied,2:applied");

  // With a statement-by-statement file after them, the run stops before it.
  MigrationProject third;
  third.write("001_a.sql", terminate);
  third.write("002_b.sql", "create table b (id int);\n");
  third.write("003_c.sql", "create table c (id int);\ncreate index concurrently c_id on c (id);\n");
  const auto stopped = third.pgapply({"up"});
  INFO(stopped.out, stopped.err);
  CHECK(stopped.status == 7);
  CHECK(contains(stopped.err, "the migration lock on public.pgapply_migrations was lost"));
  CHECK(third.query("select count(*) from pg_tables where tablename = 'b'") == "1");

  // Lost between two statements of a statement-by-statement file: the run
  // stops before the next, saying what was and was not applied.
  MigrationProject between;
  between.write("001_a.sql", "create table a (id int);\n");
  between.write("002_steps.sql", "-- pgapply: no-transaction\n"
                                 "select pg_terminate_backend(pid), pg_sleep(0.5) from pg_stat_activity "
                                 "where application_name like 'pgapply (migration lock%' "
                                 "and datname = current_database();\n"
                                 "select 1;\ncreate table c (id int);\n");
  const auto lost = between.pgapply({"up", "--no-verify"});
  INFO(lost.out, lost.err);
  CHECK(lost.status == 7);
  CHECK(contains(lost.err, "the migration lock on public.pgapply_migrations was lost: its connection ended"));
  CHECK(contains(lost.err, "Stopped: 1 migration applied; 002_steps.sql stopped"));
  CHECK(between.query("select count(*) from pg_tables where tablename = 'c'") == "0");
}

TEST_CASE("a failure between batched files: the files before it stay committed, the failure is in the history") {
  MigrationProject project;
  for (int i = 1; i <= 6; ++i) {
    project.write("00" + std::to_string(i) + "_f.sql",
                  "create table f" + std::to_string(i) + " (id int);\n" +
                      (i == 4 ? "insert into f4 values ('x');\n" : "insert into f" + std::to_string(i) + " values (1);\n"));
  }
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 3);
  CHECK(project.query("select string_agg(version, ',' order by version) from pgapply_migrations") == "1,2,3");
  CHECK(project.query("select string_agg(tablename, ',' order by tablename) from pg_tables where tablename like 'f_'") ==
        "f1,f2,f3");
  CHECK(project.query("select version || ':' || event from pgapply_migrations_history where event = 'failed'") ==
        "4:failed");
  CHECK(contains(result.err, "migrations/004_f.sql:2:"));
  CHECK(contains(result.out, "Stopped: 004_f.sql failed and was rolled back: nothing of it was applied; "
                             "3 migrations applied before it."));
}

namespace {

// Starts `up`, waits until `file`'s pg_sleep runs (the statement the tests
// interrupt: not the one before it, however slowly the machine gets there),
// sends `signal`, and returns the result.
ProcessResult interrupt_while(const MigrationProject& project, const std::string& file, int signal) {
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/" + file +
                                    "' and state = 'active' and wait_event = 'PgSleep'"));
  run->kill(signal);
  return run->wait();
}

}  // namespace

TEST_CASE("Ctrl-C cancels the statement on the server, rolls back, releases the lock and says what was applied") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_slow.sql", "create table b (id int);\nselect pg_sleep(30);\n");
  project.write("003_c.sql", "create table c (id int);\n");
  const auto started = std::chrono::steady_clock::now();
  const auto result = interrupt_while(project, "002_slow.sql", SIGINT);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));  // not the 30 s sleep
  CHECK(result.status == 130);
  CHECK(contains(result.err, "Interrupted by SIGINT: 1 migration applied; 002_slow.sql was rolled back (nothing of "
                             "it was applied); 1 migration not run."));
  CHECK(tables(project) == "a");
  CHECK(project.query("select reason like 'interrupted by SIGINT at migrations/002_slow.sql:2:%' "
                      "from pgapply_migrations_history where event = 'failed'") == "t");
  // The server is not running it any more, and the lock is free at once.
  CHECK(project.query("select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid() "
                      "and datname = current_database()") == "0");
  project.write("002_slow.sql", "create table b (id int);\n");
  CHECK(project.pgapply({"up", "--lock-wait", "0"}).status == 0);
  CHECK(tables(project) == "a,b,c");
}

TEST_CASE("Ctrl-C or SIGTERM while status or up waits to read a ledger another session locks: cancelled at once") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  project.write("002_b.sql", "create table b (id int);\n");
  auto blocker = project.database().connect();
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE pgapply_migrations");
  const std::vector<std::pair<std::vector<std::string>, int>> runs = {
      {{"status"}, SIGINT}, {{"up", "--lock-timeout", "60s", "--no-verify"}, SIGTERM}};
  for (const auto& [args, signal_number] : runs) {
    auto run = project.start(args);
    REQUIRE(project.wait_for_sessions("application_name like 'pgapply%' and wait_event_type = 'Lock'"));
    run->kill(signal_number);
    const auto result = run->wait();
    INFO(result.out, result.err);
    CHECK(result.status == 128 + signal_number);
    CHECK(contains(result.err, "Interrupted by " + std::string(signal_number == SIGINT ? "SIGINT" : "SIGTERM") +
                                   ": canceling statement due to user request (pgapply's own statement"));
  }
  blocker.exec("ROLLBACK");
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
}

TEST_CASE("a second Ctrl-C right after the first (an impatient user, timeout's two signals) lets the stop finish") {
  MigrationProject project;
  project.write("001_steps.sql", "-- pgapply: no-transaction\ncreate table a (id int);\nselect pg_sleep(30);\n");
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/001_steps.sql' and state = 'active' "
                                    "and wait_event = 'PgSleep'"));
  run->kill(SIGINT);
  run->kill(SIGINT);  // at once: the stop has not finished (a killed run would leave the row running)
  const auto result = run->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 130);
  CHECK(contains(result.err, "Interrupted by SIGINT: 0 migrations applied; 001_steps.sql stopped after statement 1"));
  // recorded as failed there, not left running as a killed run leaves it
  CHECK(project.query("select state || ':' || statements_done from pgapply_migrations") == "failed:1");
}

TEST_CASE("a statement-by-statement file whose statement's progress write fails is recorded as failed there") {
  // What a cancel that reaches the server late does (it lands on the progress's write or the COMMIT after the
  // statement), made certain: a trigger on the ledger refuses the second statement's progress.
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  REQUIRE(project.pgapply({"up", "--no-verify"}).status == 0);
  auto connection = project.database().connect();
  connection.exec("create function refuse() returns trigger language plpgsql as $$ begin "
                  "if new.state = 'running' and new.statements_done = 2 then raise exception 'refused'; end if; "
                  "return new; end $$");
  connection.exec("create trigger refuse before update on pgapply_migrations for each row execute function refuse()");
  project.write("002_steps.sql", "-- pgapply: no-transaction\ninsert into a values (1);\ninsert into a values (2);\n"
                                 "insert into a values (3);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  CHECK(result.status != 0);
  // the second statement rolled back with its progress; the ledger says the file failed after the first
  CHECK(project.query("select count(*) from a") == "1");
  CHECK(project.query("select state || ':' || statements_done from pgapply_migrations where version = '2'") ==
        "failed:1");
}

TEST_CASE("Ctrl-C between two statements of a statement-by-statement file records it as failed before the next "
          "one, not as still running") {
  MigrationProject project;
  // Quick statements: the signal mostly comes while pgapply is between two of them (a statement running is
  // cancelled, and recorded so, as the tests above show); either way the row says exactly how far it got.
  std::string file = "-- pgapply: no-transaction\ncreate table a (id int);\n";
  for (int i = 0; i < 20000; ++i) file += "insert into a values (" + std::to_string(i) + ");\n";
  project.write("001_steps.sql", file);
  for (int attempt = 0; attempt < 3; ++attempt) {
    CAPTURE(attempt);
    auto run = project.start({"up", "--no-verify"});
    REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/001_steps.sql'"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + 100 * attempt));
    run->kill(SIGINT);
    const auto result = run->wait();
    INFO(result.out, result.err);
    REQUIRE(result.status == 130);
    const std::string row = project.query("select state || ':' || (statements_done - 1 = (select count(*) from a)) "
                                          "|| ':' || (error like 'interrupted by SIGINT %') from pgapply_migrations");
    CHECK(row == "failed:true:true");
    if (!contains(result.err, "was cancelled")) {
      const std::string done = project.query("select statements_done from pgapply_migrations");
      CHECK(contains(result.err, "stopped after statement " + done + " of 20001 (statement " +
                                     std::to_string(std::stoi(done) + 1) + " did not start; the ledger records the "
                                     "file as failed at statement " + std::to_string(std::stoi(done) + 1)));
    }
    project.execute("drop table a; delete from pgapply_migrations; delete from pgapply_migrations_history");
  }
}

TEST_CASE("a second Ctrl-C while the stop records itself (the ledger locked a moment) cancels nothing more") {
  MigrationProject project;
  project.write("001_steps.sql", "-- pgapply: no-transaction\ncreate table a (id int);\nselect pg_sleep(30);\n");
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/001_steps.sql' and state = 'active' "
                                    "and wait_event = 'PgSleep'"));
  // The record of the stop waits behind this lock until it is released.
  auto holder = project.database().connect();
  holder.exec("begin; lock table pgapply_migrations in share mode");
  run->kill(SIGINT);
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/001_steps.sql' and "
                                    "wait_event_type = 'Lock'"));
  run->kill(SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  holder.exec("rollback");
  const auto result = run->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 130);
  CHECK(contains(result.err, "pgapply: stopping: "));
  CHECK(project.query("select state || ':' || statements_done from pgapply_migrations") == "failed:1");
}

TEST_CASE("SIGTERM stops a statement-by-statement file at the right statement, and a closed pipe stops nothing") {
  MigrationProject project;
  project.write("001_steps.sql", "-- pgapply: no-transaction\ncreate table a (id int);\nselect pg_sleep(30);\n"
                                 "create table b (id int);\n");
  const auto result = interrupt_while(project, "001_steps.sql", SIGTERM);
  CHECK(result.status == 143);
  CHECK(contains(result.err, "Interrupted by SIGTERM: 0 migrations applied; 001_steps.sql stopped after statement 1 "
                             "of 3"));
  // One line says what status says of it too: the statement cancelled, where, what took effect, what the ledger holds.
  CHECK(contains(result.err, "001_steps.sql stopped after statement 1 of 3 (statement 2, at migrations/001_steps.sql:3, "
                             "was cancelled; statement 1 took effect; the ledger records the file as failed at "
                             "statement 2: pgapply status)."));
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  const auto status = project.pgapply({"status"});
  CHECK(contains(status.out, "failed at statement 2 of 3 (1 took effect): interrupted by SIGTERM at "
                             "migrations/001_steps.sql:3"));
  CHECK(project.query("select state || ' ' || statements_done || ' ' || (error like 'interrupted by SIGTERM at %') "
                      "from pgapply_migrations") == "failed 1 true");
  CHECK(tables(project) == "a");
  // The next up stops there, saying the file is not at fault, and its hint runs as printed.
  auto next = project.pgapply({"up"});
  CHECK(next.status == 4);
  CHECK(contains(next.err, "so statement 1 took effect. Nothing is wrong with the file itself"));
  CHECK(contains(next.err, "run it again with: pgapply repair --clear-failed 1 --reason interrupted, then pgapply up"));
  project.write("001_steps.sql", "-- pgapply: no-transaction\ncreate table if not exists a (id int);\n"
                                 "select pg_sleep(0);\ncreate table b (id int);\n");
  CHECK(project.pgapply({"repair", "--clear-failed", "1", "--reason", "interrupted"}).status == 0);
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(tables(project) == "a,b");

  // pgapply's own exit status, written to a file by the left side of the
  // pipe (sh has no PIPESTATUS) and shown by cat: 0 whether the reader reads
  // a byte and goes (head) or goes at once (true).
  for (const std::string reader : {"head -c 1 > /dev/null", "true"}) {
    CAPTURE(reader);
    MigrationProject piped;
    for (int i = 1; i <= 3; ++i) {
      piped.write("00" + std::to_string(i) + "_t.sql", "create table t" + std::to_string(i) + " (id int);\n");
    }
    ProcessOptions options;
    options.env = piped.database().env();
    options.cwd = piped.path();
    const auto head = run_process({"sh", "-c",
                                   "{ " + std::string(PGAPPLY_BINARY) + " up --no-verify; echo $? > pgapply.status; } | " +
                                       reader + "; cat pgapply.status"},
                                  options);
    CHECK(head.status == 0);
    INFO(head.err);
    CHECK(head.out == "0\n");
    CHECK(piped.query("select count(*) from pgapply_migrations") == "3");
  }
}

TEST_CASE("SIGHUP during a statement: exit 129, the file rolled back, the lock released") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_slow.sql", "create table b (id int);\nselect pg_sleep(30);\n");
  const auto started = std::chrono::steady_clock::now();
  const auto result = interrupt_while(project, "002_slow.sql", SIGHUP);
  INFO(result.out, result.err);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));  // not the 30 s sleep
  CHECK(result.status == 129);
  CHECK(contains(result.err, "Interrupted by SIGHUP: 1 migration applied; 002_slow.sql was rolled back (nothing of "
                             "it was applied)."));
  CHECK(tables(project) == "a");
  CHECK(project.query("select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid() "
                      "and datname = current_database()") == "0");
  // the lock is free at once: a run that may not wait gets it
  project.write("002_slow.sql", "create table b (id int);\n");
  CHECK(project.pgapply({"up", "--lock-wait", "0"}).status == 0);
  CHECK(tables(project) == "a,b");
}

TEST_CASE("kill -9 while a CREATE INDEX CONCURRENTLY runs: up and status say that statement may have taken effect") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int generated always as identity);\n");
  project.write("002_steps.sql", "create table b (id int);\n"
                                 "create index concurrently a_id on a (id);\n"
                                 "create table c (id int);\n");
  REQUIRE(project.pgapply({"up", "--target", "1"}).status == 0);
  // An open write on a: statement 2 waits for it.
  auto holder = project.database().connect();
  holder.exec("begin");
  holder.exec("insert into a default values");
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/002_steps.sql' and state = 'active' "
                                    "and wait_event_type = 'Lock'"));
  run->kill(SIGKILL);
  run->wait();
  holder.exec("rollback");
  CHECK(project.query("select state || ' ' || statements_done || ' ' || statement_running from pgapply_migrations "
                      "where version = '2'") == "running 1 2");

  const auto status = project.pgapply({"status"});
  CHECK(contains(status.out, "interrupted at statement 2 of 3 (1 took effect; statement 2 was running and may have "
                             "taken effect)"));
  const auto json = project.pgapply({"status", "--format", "json"});
  CHECK(contains(json.out, "\"statement_running\": 2"));
  const auto up = project.pgapply({"up", "--lock-wait", "30s"});
  CHECK(up.status == 4);
  CHECK(contains(up.err, "002_steps.sql was interrupted at statement 2 of 3"));
  CHECK(contains(up.err, "it ran outside a transaction, so statement 1 took effect, and statement 2 (one that cannot "
                         "run in a transaction block) was running and may have taken effect too"));
}

TEST_CASE("an invalid index a failed CREATE INDEX CONCURRENTLY left behind is dropped before the file runs again: "
          "found in its table's schema, by the search_path the file set, its name compared as text") {
  struct Case {
    std::string schema;      // the table's
    std::string index_file;  // 002_index.sql
    std::string index;       // schema-qualified, quoted
    std::string shown;       // as the warning names it
  };
  // CREATE INDEX puts the index in its table's schema (app), not the current one (public).
  const std::vector<Case> cases = {
      {"public", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a ON t (a);\n", "public.t_a", "public.t_a"},
      {"app", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"t.a+\" ON app.t (a);\n", "app.\"t.a+\"", "app.t.a+"},
      {"app", "SET search_path = app, public;\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"t.a+\" ON t (a);\n",
       "app.\"t.a+\"", "app.t.a+"}};
  for (const Case& c : cases) {
    CAPTURE(c.index_file);
    MigrationProject project;
    project.write("001_t.sql", "create schema if not exists " + c.schema + ";\ncreate table " + c.schema +
                                   ".t (a int);\ninsert into " + c.schema + ".t values (1), (1);\n");
    project.write("002_index.sql", c.index_file);
    const auto failed = project.pgapply({"up"});
    CHECK(failed.status == 3);
    // The failure says what it left behind, and that up drops it (issue 17).
    CHECK(contains(failed.err, "the CREATE INDEX CONCURRENTLY left an INVALID index behind, which IF NOT EXISTS "
                               "would skip from then on: pgapply up drops it before it runs the file again (once "
                               "pgapply repair --clear-failed has cleared its failure), or drop "
                               "it yourself: DROP INDEX CONCURRENTLY \"" + c.schema + "\".\"" +
                               c.shown.substr(c.schema.size() + 1) + "\";"));
    const std::string valid = "select indisvalid from pg_index where indexrelid = '" + c.index + "'::regclass";
    CHECK(project.query(valid) == "f");
    // The documented recovery: fix the data, forget the failure, run again.
    project.execute("delete from " + c.schema + ".t where ctid = (select max(ctid) from " + c.schema + ".t)");
    CHECK(project.pgapply({"repair", "--clear-failed", "2", "--reason", "duplicates removed"}).status == 0);
    const auto result = project.pgapply({"up"});
    CHECK(result.status == 0);
    CHECK(contains(result.err, "dropping the invalid index " + c.shown +
                                   " that the interrupted CREATE INDEX CONCURRENTLY at migrations/002_index.sql:"));
    CHECK(project.query(valid) == "t");
  }
}

namespace {

// Every INVALID index of the database (schema.name, comma-separated).
std::string invalid_indexes(const MigrationProject& project) {
  return project.query("select coalesce(string_agg(c.relnamespace::regnamespace || '.' || c.relname, ',' "
                       "order by c.relname), '') from pg_index i join pg_class c on c.oid = i.indexrelid "
                       "where not i.indisvalid");
}

// Leaves INVALID <index>_ccnew copies of `table`'s indexes, as an
// interrupted REINDEX TABLE CONCURRENTLY does: the REINDEX waits for an open
// write on the table until its statement_timeout.
void leave_reindex_copies(const MigrationProject& project, const std::string& table) {
  auto holder = project.database().connect();
  holder.exec("begin");
  holder.exec("insert into " + table + " default values");
  auto reindexing = project.database().connect();
  reindexing.exec("set statement_timeout = '300ms'");
  CHECK_THROWS(reindexing.exec("reindex table concurrently " + table));
  holder.exec("rollback");
}

// Starts `up`, waits until `file`'s statement waits for the open write
// transaction of `holder` on `table` (where a concurrent index build waits
// for the writers before it), interrupts it with SIGINT, then ends the
// holder's transaction: the build is left as an interrupted one leaves it.
ProcessResult interrupt_concurrent_build(const MigrationProject& project, const std::string& file,
                                         const std::string& table) {
  auto holder = project.database().connect();
  holder.exec("begin");
  holder.exec("insert into " + table + " default values");
  auto run = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("application_name = 'pgapply: migrations/" + file +
                                    "' and state = 'active' and wait_event_type = 'Lock'"));
  run->kill(SIGINT);
  auto result = run->wait();
  holder.exec("rollback");
  return result;
}

}  // namespace

TEST_CASE("the _ccnew copies an interrupted REINDEX TABLE CONCURRENTLY leaves are dropped before the file runs again") {
  MigrationProject project;
  // a has a TOAST table: its index is rebuilt (and copied) too.
  project.write("001_a.sql", "create table a (id int generated always as identity primary key, body text);\n"
                             "create index a_body on a (body);\n");
  project.write("002_reindex.sql", "REINDEX TABLE CONCURRENTLY a;\n");
  REQUIRE(project.pgapply({"up", "--target", "1"}).status == 0);
  const auto interrupted = interrupt_concurrent_build(project, "002_reindex.sql", "a");
  CHECK(interrupted.status == 130);
  const std::string left = invalid_indexes(project);
  CHECK(contains(left, "public.a_body_ccnew"));
  CHECK(contains(left, "public.a_pkey_ccnew"));
  CHECK(contains(left, "_index_ccnew"));  // the TOAST table's, in pg_toast
  CHECK(project.pgapply({"repair", "--clear-failed", "2", "--reason", "interrupted"}).status == 0);
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "dropping the invalid index public.a_body_ccnew that an interrupted REINDEX "
                             "CONCURRENTLY left behind, before the REINDEX CONCURRENTLY at "
                             "migrations/002_reindex.sql:1 runs (which would skip it, and leave it for good)"));
  CHECK_FALSE(contains(result.err, "cannot reindex invalid index"));
  CHECK(invalid_indexes(project) == "");
  CHECK(project.query("select state from pgapply_migrations where version = '2'") == "applied");
}

// A reviewer's find: the note of an index to drop followed every failure of
// a CREATE INDEX CONCURRENTLY, one that failed on a valid index there
// already too, and exec's did not name the index.
TEST_CASE("a failed CREATE INDEX CONCURRENTLY: the note names the INVALID index it left, and only when it left one") {
  MigrationProject project;
  project.write("001_t.sql", "create table t (a int);\ncreate index t_a on t (a);\ninsert into t values (1), (1);\n");
  project.write("002_index.sql", "create index concurrently t_a on t (a);\n");
  const auto there = project.pgapply({"up"});
  INFO(there.err);
  CHECK(there.status == 3);
  CHECK(contains(there.err, "relation \"t_a\" already exists"));
  CHECK_FALSE(contains(there.err, "INVALID"));
  CHECK_FALSE(contains(there.err, "DROP INDEX"));

  const auto exec = project.pgapply({"exec", "-c", "create unique index concurrently t_u on t (a)"});
  INFO(exec.err);
  CHECK(exec.status == 3);
  CHECK(contains(exec.err, "the CREATE INDEX CONCURRENTLY left an INVALID index behind, which IF NOT EXISTS would "
                           "skip from then on: drop it before you run the statement again: DROP INDEX CONCURRENTLY "
                           "\"public\".\"t_u\";"));
}

TEST_CASE("an unnamed CREATE INDEX CONCURRENTLY interrupted, then run again: its invalid index is dropped first") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int generated always as identity);\n");
  project.write("002_index.sql", "create index concurrently on a (id);\n");
  REQUIRE(project.pgapply({"up", "--target", "1"}).status == 0);
  const auto interrupted = interrupt_concurrent_build(project, "002_index.sql", "a");
  CHECK(interrupted.status == 130);
  CHECK(invalid_indexes(project) == "public.a_id_idx");
  // The interruption's line says none of its statements took effect; the index it left does not go unsaid.
  CHECK(contains(interrupted.err, "the CREATE INDEX CONCURRENTLY left an INVALID index behind, which IF NOT EXISTS "
                                  "would skip from then on: pgapply up drops it before it runs the file again (once "
                                  "pgapply repair --clear-failed has cleared its failure), or "
                                  "drop it yourself: DROP INDEX CONCURRENTLY \"public\".\"a_id_idx\";"));
  CHECK(project.pgapply({"repair", "--clear-failed", "2", "--reason", "interrupted"}).status == 0);
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "dropping the invalid index public.a_id_idx that the interrupted CREATE INDEX "
                             "CONCURRENTLY at migrations/002_index.sql:1 left behind, before it runs again"));
  // One index, valid, under the name PostgreSQL chose the first time (not a_id_idx1 beside an invalid one).
  CHECK(project.query("select string_agg(indexrelid::regclass || ' ' || indisvalid, ',') from pg_index "
                      "where indrelid = 'a'::regclass") == "a_id_idx true");
  // An invalid index of other columns, or another table, is not this statement's.
  project.execute("create table b (id int, x int)");
  project.execute("insert into b values (1, 1), (1, 1)");
  CHECK_THROWS(project.execute("create unique index concurrently on b (id)"));
  project.write("003_index.sql", "create index concurrently on b (x);\n");
  CHECK(project.pgapply({"up"}).status == 0);
  CHECK(invalid_indexes(project) == "public.b_id_idx");
}

TEST_CASE("REINDEX SCHEMA and DATABASE CONCURRENTLY, with options too: the _ccnew copies in their scope are dropped") {
  MigrationProject project;
  project.execute("create schema app; create table app.t (id int generated always as identity primary key); "
                  "create table public.u (id int generated always as identity primary key)");
  leave_reindex_copies(project, "app.t");
  leave_reindex_copies(project, "public.u");
  REQUIRE(invalid_indexes(project) == "app.t_pkey_ccnew,public.u_pkey_ccnew");
  // The schema's only.
  project.write("001_schema.sql", "REINDEX (VERBOSE) SCHEMA CONCURRENTLY app;\n");
  auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "dropping the invalid index app.t_pkey_ccnew that an interrupted REINDEX CONCURRENTLY"));
  CHECK(invalid_indexes(project) == "public.u_pkey_ccnew");
  // The database's (its name in the file, which PostgreSQL before 15 requires).
  project.write("002_database.sql", "REINDEX (VERBOSE) DATABASE CONCURRENTLY \"" + project.database().name() + "\";\n");
  result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "dropping the invalid index public.u_pkey_ccnew that an interrupted REINDEX CONCURRENTLY"));
  CHECK(invalid_indexes(project) == "");
}

TEST_CASE("a REINDEX DATABASE copy on a table the role may not drop: a warning with the DROP to run, and the file runs") {
  MigrationProject project;
  const LoginRole role(project, "pgapply_guard");
  // The database's owner may REINDEX DATABASE, but not drop in a schema it has no rights on.
  project.execute("alter database \"" + project.database().name() + "\" owner to " + role.name());
  project.execute("create schema other; create table other.u (id int generated always as identity primary key)");
  leave_reindex_copies(project, "other.u");
  REQUIRE(invalid_indexes(project) == "other.u_pkey_ccnew");
  project.write("001_database.sql", "REINDEX DATABASE CONCURRENTLY \"" + project.database().name() + "\";\n");
  const auto result = project.pgapply({"up", "--no-verify", "-d", role.conninfo()});
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  const std::string drop = "DROP INDEX CONCURRENTLY IF EXISTS \"other\".\"u_pkey_ccnew\";";
  CHECK(contains(result.err, "cannot drop the invalid index other.u_pkey_ccnew: permission denied for schema other; "
                             "the REINDEX CONCURRENTLY at migrations/001_database.sql:1 skips it. Drop it as its "
                             "table's owner: " + drop));
  CHECK(project.query("select state from pgapply_migrations") == "applied");
  project.execute(drop);  // as printed, as the owner
  CHECK(invalid_indexes(project) == "");
}

TEST_CASE("REINDEX INDEX CONCURRENTLY with options: the index's own copies are dropped, another index's are not") {
  MigrationProject project;
  project.execute("create table t (id int generated always as identity primary key, x int); "
                  "create index t_x on t (x)");
  leave_reindex_copies(project, "t");
  REQUIRE(invalid_indexes(project) == "public.t_pkey_ccnew,public.t_x_ccnew");
  project.write("001_reindex.sql", "REINDEX (VERBOSE) INDEX CONCURRENTLY t_x;\n");
  const auto result = project.pgapply({"up"});
  CHECK(result.status == 0);
  CHECK(contains(result.err, "dropping the invalid index public.t_x_ccnew that the interrupted REINDEX CONCURRENTLY "
                             "at migrations/001_reindex.sql:1 left behind"));
  CHECK(invalid_indexes(project) == "public.t_pkey_ccnew");
}

TEST_CASE("a run that takes the lock from one whose lock session ended waits for that run's migrations session") {
  MigrationProject project;
  project.execute("create table effects (version int)");
  project.write("001_slow.sql", "insert into effects values (1);\nselect pg_sleep(8);\n");
  project.write("002_next.sql", "insert into effects values (2);\n");
  auto first = project.start({"up", "--no-verify"});
  REQUIRE(project.wait_for_sessions("query like '%pg_sleep(8)%' and state = 'active'"));
  // Its lock's session ends (as when pgapply is killed: that idle session
  // goes at once, while its migrations session still runs its batch).
  REQUIRE(project.query("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                        "where application_name like 'pgapply (migration lock%' and datname = current_database()") == "1");
  const auto second = project.pgapply({"up", "--no-verify", "--lock-wait", "30s"});
  first->wait();
  CHECK(second.status == 0);
  CHECK(contains(second.err, "is still running: it was killed, or its lock's session was ended"));
  // The second run waited: it found the first's files applied, and ran nothing twice.
  CHECK(project.query("select string_agg(version::text, ',' order by version) from effects") == "1,2");
  CHECK(project.query("select count(*) from pgapply_migrations") == "2");
}
