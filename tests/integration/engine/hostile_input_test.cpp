// Inputs that are not what they look like (issue 17): directory entries that
// look like migrations but cannot be read, a missing --env-file, numbers and
// names out of range, secrets in connection strings and in other sessions'
// queries, files that are not UTF-8. Each is a clear error naming the entry,
// the option or FILE:LINE, and nothing reaches the database.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"
#include "support/test_database.hpp"

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
    // JSON's error names the entry as its file
    const auto json = nlohmann::json::parse(project.pgapply({"status", "--format", "json"}).out);
    CHECK(json["error"]["file"] == "migrations/002_x.sql");
    check_untouched(project);
  }
}

TEST_CASE("an editor's lock file (.#001_a.sql, a dangling link) is no migration, and 003_c.SQL is named for its case") {
  namespace fs = std::filesystem;
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("003_c.SQL", "create table c (id int);\n");
  project.write("notes.sql", "-- notes\n");
  const fs::path dir = fs::path(project.path()) / "migrations";
  // What Emacs makes while a buffer has unsaved changes; a dotfile of any other kind is no migration either.
  fs::create_symlink("user@host.12345:1700000000", dir / ".#001_a.sql");
  fs::create_symlink("nowhere.sql", dir / ".002_x.sql");
  fs::create_directory(dir / ".003_y.sql");
  REQUIRE(mkfifo((dir / ".004_z.sql").c_str(), 0600) == 0);
  for (const char* command : {"up", "status"}) {
    CAPTURE(command);
    const auto result = project.pgapply({command});
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(!contains(result.err, ".#001_a.sql"));
    CHECK(!contains(result.err, ".002_x.sql"));
    CHECK(contains(result.err, "migrations/notes.sql: not a migration"));
    CHECK(contains(result.err, "migrations/003_c.SQL: not a migration: its extension is '.SQL', and only '.sql' "
                               "(in lower case) is read: rename it 003_c.sql"));
  }
  CHECK(project.query("select version from pgapply_migrations") == "1");
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

TEST_CASE("numeric options out of range are refused naming the option, before connecting") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  struct Case {
    std::vector<std::string> args;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {{"--lock-wait", "1e10"}, "--lock-wait 1e10: unknown unit 'e10'"},
      {{"--lock-wait", "inf"}, "--lock-wait inf: not a duration"},
      {{"--lock-wait", "nan"}, "--lock-wait nan: not a duration"},
      {{"--lock-wait", "-1"}, "--lock-wait -1: not a duration"},
      {{"--lock-wait", "9000h"}, "--lock-wait 9000h: more than 8760 h"},
      // PostgreSQL's timeouts are int milliseconds (about 596 h).
      {{"--lock-timeout", "597h"}, "--lock-timeout 597h: more than 2147483647 ms"},
      {{"--statement-timeout", "1e10"}, "--statement-timeout 1e10: unknown unit 'e10'"},
      {{"--statement-timeout", "99999999999999999999999"}, "--statement-timeout 99999999999999999999999: more than"},
      {{"--retries", "-1"}, "--retries must be 0 or more, not -1"},
      {{"--retries", "1001"}, "--retries must be 1000 or less, not 1001"},
      {{"--retries", "99999999999999999999"}, "--retries must be 1000 or less, not 99999999999999999999"},
      {{"--retries", "1e3"}, "--retries expects a whole number, not '1e3'"},
      {{"--connect-retries", "4294967297"}, "--connect-retries must be 1000 or less, not 4294967297"},
      {{"--connect-retries", "nan"}, "--connect-retries expects a whole number, not 'nan'"},
  };
  for (const auto& entry : cases) {
    std::vector<std::string> args = {"up"};
    args.insert(args.end(), entry.args.begin(), entry.args.end());
    CAPTURE(entry.args.back());
    const auto result = project.pgapply(args);
    CHECK(result.status == 1);
    CHECK(contains(result.err, entry.expected));
  }
  ProcessOptions from_environment;
  from_environment.env = {{"PGAPPLY_RETRIES", "1e309"}};
  const auto result = project.pgapply({"up"}, from_environment);
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--retries expects a whole number, not '1e309' (from PGAPPLY_RETRIES)"));
  CHECK(project.pgapply({"history", "--limit", "0"}).status == 1);
  CHECK(project.pgapply({"down", "--steps", "18446744073709551617"}).status == 1);
  CHECK(project.pgapply({"lint", "--pg-version", "300000"}).status == 1);
  check_untouched(project);
  // The largest values are accepted and reach the server as they are.
  CHECK(project.pgapply({"up", "--lock-timeout", "596h", "--statement-timeout", "2147483647ms", "--retries", "1000",
                         "--lock-wait", "365days"})
            .status == 1);  // (no unit "days")
  CHECK(project.pgapply({"up", "--lock-timeout", "596h", "--statement-timeout", "2147483647ms", "--retries", "1000",
                         "--lock-wait", "8760h"})
            .status == 0);
}

TEST_CASE("ledger names whose derived names PostgreSQL would cut short are refused, and the longest allowed works") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  const std::string longest(48, 'l');
  for (const std::string& refused : {std::string(49, 'l'), std::string(55, 'l'), std::string(47, 'x') + "\xC3\xA9",
                                     std::string(64, 's') + ".ledger", std::string("pg_ops.ledger"),
                                     std::string("pg_catalog.ledger")}) {
    CAPTURE(refused);
    const auto result = project.pgapply({"up", "--ledger", refused});
    CHECK(result.status == 1);
    CHECK(contains(result.err, "--ledger " + refused + ": the "));
  }
  CHECK(contains(project.pgapply({"status", "--ledger", std::string(49, 'l')}).err,
                 "it may have at most 48 (PostgreSQL keeps 63 bytes of a name, and " + std::string(49, 'l') +
                     "_history_id_seq would have 64)"));
  CHECK(contains(project.pgapply({"up", "--ledger", "pg_ops.ledger"}).err,
                 "--ledger pg_ops.ledger: the schema name begins with pg_, which PostgreSQL keeps for its own schemas"));
  check_untouched(project);
  REQUIRE(project.pgapply({"up", "--ledger", longest}).status == 0);
  // Every name PostgreSQL derived is the one pgapply would name.
  CHECK(project.query("select string_agg(relname, ',' order by relname) from pg_class where relname like 'lll%'") ==
        longest + "," + longest + "_history," + longest + "_history_id_seq," + longest + "_history_pkey," + longest +
            "_pkey");
  CHECK(project.query("select count(*) from " + longest) == "1");
}

TEST_CASE("two spellings of one ledger take one migration lock") {
  MigrationProject project;
  project.write("001_slow.sql", "create table slow (id int);\nselect pg_sleep(31);\n");
  auto holder = project.start({"up", "--ledger", "public.led"});
  REQUIRE(project.wait_for_sessions("query like '%pg_sleep(3_)%' and state = 'active'"));
  // search_path names public first: "led" is public.led.
  const auto blocked = project.pgapply({"up", "--ledger", "led", "--lock-wait", "1s"});
  CHECK(blocked.status == 5);
  CHECK(contains(blocked.err, "another run holds the migration lock on public.led"));
  // not "nothing was applied": down applies nothing in any case
  const auto down = project.pgapply({"down", "--ledger", "led", "--lock-wait", "200ms"});
  CHECK(down.status == 5);
  CHECK(contains(down.err, "Gave up after 200 ms (--lock-wait; a longer one"));
  CHECK(contains(down.err, "); nothing was done"));
  holder->kill(SIGKILL);
  holder->wait();
}

TEST_CASE("mistyped password keys and odd URI passwords never reach a message, libpq's quotes included") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  const auto& server = TestServer::get();
  const std::string at = "127.0.0.1:" + server.port + "/postgres";
  const std::vector<std::string> targets = {
      "host=127.0.0.1 port=" + server.port + " PASSWORD=Sup3rSecretPw",
      "host=127.0.0.1 port=" + server.port + " Password=Sup3rSecretPw",
      "host=127.0.0.1 port=" + server.port + " passwrd=Sup3rSecretPw",
      "host=127.0.0.1 port=" + server.port + " pasword=Sup3rSecretPw MoreOfIt",
      "postgresql://postgres@" + at + "?passwrd=Sup3rSecretPw",
      "postgresql://postgres@" + at + "?PASSWORD=Sup3rSecretPw&sslmode=disable",
      "postgresql://postgres@" + at + "?pwd=Sup3rSecretPw",
      // user info with an unescaped '@', '/' or ':' in the password: libpq
      // reads part of it as the host or the port, and quotes that part.
      "postgresql://postgres:Sup3rSecretPw@MoreOfIt@" + at,
      "postgresql://postgres:ab/Sup3rSecretPw@" + at,
      "postgresql://postgres:Sup3rSecretPw:MoreOfIt/x@" + at,
      "postgresql://postgres:Sup%zz3rSecretPw@" + at,
  };
  for (const auto& target : targets) {
    CAPTURE(target);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"up", "-d", target}, {"status", "--format", "json", "-d", target},
          {"config", "-d", target}, {"config", "--format", "json", "-d", target}}) {
      const auto result = project.pgapply(args);
      const std::string all = result.out + result.err;
      CHECK_FALSE(contains(all, "Sup3rSecretPw"));
      CHECK_FALSE(contains(all, "Sup3r"));
      CHECK_FALSE(contains(all, "MoreOfIt"));
      CHECK_FALSE(contains(all, "\"ab\""));
      if (args[0] != "config") CHECK(result.status == 2);
    }
  }
  check_untouched(project);
}

TEST_CASE("a pgapply lock holder is shown by the file it runs, not its text, and a blocking session by its "
          "query, masked") {
  MigrationProject project;
  project.write("001_slow.sql", "select pg_sleep(29) where 'HolderSecret' <> '' and $q$DollarSecret$q$ <> '';\n");
  auto holder = project.start({"up"});
  REQUIRE(project.wait_for_sessions("query like '%pg_sleep(29)%' and state = 'active'"));
  const auto blocked = project.pgapply({"up", "--lock-wait", "1s"});
  CHECK(blocked.status == 5);
  // pgapply's holder: the file it runs, not its text
  CHECK(contains(blocked.err, "its migrations run on pid "));
  CHECK(contains(blocked.err, " (migrations/001_slow.sql)"));
  CHECK_FALSE(contains(blocked.err, "HolderSecret"));
  CHECK_FALSE(contains(blocked.err, "DollarSecret"));
  holder->kill(SIGKILL);
  holder->wait();

  // A session in a transaction holding a table lock, its last query a secret:
  // the migration that times out waiting for it names it, masked.
  MigrationProject second;
  second.execute("create table t (id int)");
  auto blocker = second.database().connect();
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
  blocker.exec("CREATE TEMP TABLE k AS SELECT 'BlockerSecret' AS pw, E'Esc\\'Secret' AS e");
  second.write("001_alter.sql", "alter table t add column c int;\n");
  const auto timed_out = second.pgapply({"up", "--lock-timeout", "200ms", "--retries", "0"});
  CHECK(timed_out.status == 3);
  CHECK(contains(timed_out.err, "it waited for: pid "));
  CHECK(contains(timed_out.err, "query: CREATE TEMP TABLE k AS SELECT '***' AS pw, '***' AS e"));
  CHECK_FALSE(contains(timed_out.err, "Secret"));
  blocker.exec("ROLLBACK");
}

TEST_CASE("run with standard output closed up applies and prints nothing to the server and a full disk is no success") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  ProcessOptions options;
  options.env = project.database().env();
  options.cwd = project.path();
  // (closed by the shell: the first descriptor libpq opens would be 1)
  const auto closed = run_process({"/bin/sh", "-c", "exec \"$0\" up --no-verify >&-", PGAPPLY_BINARY}, options);
  INFO(closed.out, closed.err);
  CHECK(closed.status == 0);
  CHECK(project.query("select count(*) from pgapply_migrations") == "1");
  const auto full = run_process({"/bin/sh", "-c", "exec \"$0\" status --format json >/dev/full", PGAPPLY_BINARY},
                                options);
  CHECK(full.status == 1);
  CHECK(contains(full.err, "could not write the report to standard output"));
}

TEST_CASE("a migration that is not UTF-8 is reported at FILE:LINE:COL before connecting") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_latin1.sql", "create table b (t text);\ninsert into b values ('caf\xE9');\n");
  // Before connecting: an unreachable server is not even tried.
  auto result = project.pgapply({"up", "-d", "postgresql://nobody@127.0.0.1:1/x"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "migrations/002_latin1.sql:2:27: error: not UTF-8 (byte 0xE9): pgapply reads "
                             "migrations as UTF-8; save the file as UTF-8, or set PGCLIENTENCODING to the encoding "
                             "it is written in (LATIN1, or WIN1252 for a file saved on Windows, say: "
                             "PGCLIENTENCODING=LATIN1 pgapply ...)"));
  result = project.pgapply({"up"});
  CHECK(result.status == 1);
  check_untouched(project);
  // In a comment after the last statement too, and in COPY data.
  project.write("002_latin1.sql", "create table b (t text);\n\n-- caf\xE9\n");
  CHECK(contains(project.pgapply({"up"}).err, "migrations/002_latin1.sql:3:7: error: not UTF-8 (byte 0xE9)"));
  // The first such byte of the file, in a comment before a statement that has one too.
  project.write("002_latin1.sql", "-- caf\xE9\ninsert into b values ('caf\xE9');\n");
  CHECK(contains(project.pgapply({"up"}).err, "migrations/002_latin1.sql:1:7: error: not UTF-8 (byte 0xE9)"));
  project.write("002_latin1.sql", "create table b (t text);\ncopy b from stdin;\nok\ncaf\xE9\n\\.\n");
  CHECK(contains(project.pgapply({"up"}).err, "migrations/002_latin1.sql:4:4: error: not UTF-8 (byte 0xE9)"));
  check_untouched(project);

  // The way out the message gives: PGCLIENTENCODING names the file's encoding.
  project.write("002_latin1.sql", "create table b (t text);\ninsert into b values ('caf\xE9');\n");
  ProcessOptions latin1;
  latin1.env = {{"PGCLIENTENCODING", "LATIN1"}};
  CHECK(project.pgapply({"up"}, latin1).status == 0);
  CHECK(project.query("select t = 'caf' || chr(233) from b") == "t");
  // (The files are read on every run: the setting stays.)
  CHECK(project.pgapply({"status"}).status == 1);
  CHECK(project.pgapply({"status"}, latin1).status == 0);
  // and a pgapply command a message prints sets it too, or it would refuse the files (edited here: repair's hint)
  project.write("002_latin1.sql", "create table b (t text);\ninsert into b values ('caf\xE9!');\n");
  result = project.pgapply({"up"}, latin1);
  INFO(result.out, result.err);
  CHECK(result.status == 4);
  CHECK(contains(result.err, "PGCLIENTENCODING=LATIN1 pgapply repair --accept-checksum 2 --reason '...'"));
  CHECK(project.pgapply({"repair", "--accept-checksum", "2", "--reason", "edited"}, latin1).status == 0);

  // A file that sets its own client encoding (as a pg_dump of a LATIN1 database does).
  MigrationProject own;
  own.write("001_own.sql", "SET client_encoding = 'LATIN1';\ncreate table b (t text);\n"
                           "insert into b values ('na\xEFve');\n");
  CHECK(own.pgapply({"up"}).status == 0);
  CHECK(own.query("select count(*) from b where t = 'na' || chr(239) || 've'") == "1");
  // The setting's name in any case.
  MigrationProject upper;
  upper.write("001_upper.sql", "SET CLIENT_ENCODING TO 'LATIN1';\ncreate table b (t text);\n"
                               "insert into b values ('na\xEFve');\n");
  CHECK(upper.pgapply({"up"}).status == 0);
  CHECK(upper.query("select count(*) from b where t = 'na' || chr(239) || 've'") == "1");
}

TEST_CASE("a UTF-8 character across the 1 MiB pieces the file is read in is UTF-8") {
  MigrationProject project;
  // The 2 bytes of U+00E9 at offsets 1048575 and 1048576.
  std::string text = "create table a (id int);\n-- ";
  text += std::string((1 << 20) - 1 - text.size(), 'x');
  text += "\xC3\xA9\n";
  REQUIRE(text.substr((1 << 20) - 1, 2) == "\xC3\xA9");
  project.write("001_a.sql", text);
  CHECK(project.pgapply({"up"}).status == 0);
}
