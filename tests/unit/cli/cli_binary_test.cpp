// The command line as a user meets it: the real binary, no database.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <thread>

#include "support/run_process.hpp"

using namespace pgapply::test;

namespace {

// A listener that never accepts: the kernel completes the TCP handshake,
// and nothing ever answers libpq's startup packet (a pooler whose pool is full).
struct SilentServer {
  int listener = -1;
  std::string port;
  SilentServer() {
    listener = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(listener, 8) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = std::to_string(ntohs(address.sin_port));
  }
  ~SilentServer() { close(listener); }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

ProcessOptions in(const TempDir& dir, std::map<std::string, std::string> env = {}) {
  return without_ambient_settings(dir.path(), std::move(env));
}

}  // namespace

TEST_CASE("help: --help, -?, help COMMAND and COMMAND --help, exit status 70 is listed") {
  auto result = run_pgapply({"--help"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "usage: pgapply COMMAND [OPTIONS] [ARGS]"));
  CHECK(contains(result.out, "  70   a bug in pgapply"));
  CHECK(run_pgapply({"-?"}).out == result.out);
  CHECK(run_pgapply({"help"}).out == result.out);
  result = run_pgapply({"help", "status"});
  CHECK(result.status == 0);
  CHECK(result.out.rfind("usage: pgapply status [OPTIONS]\n", 0) == 0);
  CHECK(run_pgapply({"status", "--help"}).out == result.out);
  CHECK(run_pgapply({"status", "-?"}).out == result.out);
  CHECK(run_pgapply({"-d", "x", "status", "--help"}).out == result.out);
  result = run_pgapply({});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "usage: pgapply COMMAND"));
}

TEST_CASE("a misspelt option before the command is named, not the word after it as a command") {
  const auto result = run_pgapply({"--lock-timout", "5s", "up"});
  CHECK(result.status == 1);
  CHECK(result.err == "pgapply: error: unknown option '--lock-timout' (did you mean --lock-timeout?): '5s' after it "
                      "was read as the command (pgapply --help lists the commands and options)\n");
}

TEST_CASE("version: --version, -V and the version command") {
  const auto result = run_pgapply({"--version"});
  CHECK(result.status == 0);
  CHECK(result.out.rfind("pgapply ", 0) == 0);
  CHECK(run_pgapply({"-V"}).out == result.out);
  CHECK(run_pgapply({"version"}).out == result.out);
  // With other options: still the version (--version takes a value for history and baseline).
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--version", "--dir", "m"}, {"--dir", "m", "--version"}, {"-V", "--dir", "m"}, {"--version", "-d", "db"}}) {
    const auto with_options = run_pgapply(args);
    INFO(args.front(), " ", args.back(), ": ", with_options.err);
    CHECK(with_options.status == 0);
    CHECK(with_options.out == result.out);
  }
  // First, followed by a command: the version, whatever follows (as git and psql do).
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--version", "up", "--bogus"}, {"--version", "status"}, {"-V", "status"}}) {
    const auto first = run_pgapply(args);
    CHECK(first.status == 0);
    CHECK(first.out == result.out);
  }
  // --format json: the version document, however the version is asked for
  const std::string document = run_pgapply({"version", "--format", "json"}).out;
  CHECK(contains(document, "\"pgapply_version\""));
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--version", "--format", "json"}, {"-V", "--format=json"}, {"--format", "json", "--version"}}) {
    CHECK(run_pgapply(args).out == document);
  }
  // Before a command, --version VERSION is still that command's option.
  CHECK(run_pgapply({"--version", "3", "history", "--help"}).out == run_pgapply({"history", "--help"}).out);
  const auto misspelt = run_pgapply({"--version", "3", "hstory"});
  CHECK(misspelt.status == 1);
  CHECK(contains(misspelt.err, "unknown command 'hstory' (did you mean history?)"));
}

TEST_CASE("usage errors name what is wrong and exit 1") {
  auto result = run_pgapply({"up", "-h"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "-h is the server host, as in psql, and needs a value"));
  result = run_pgapply({"status", "ex1"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "unexpected argument 'ex1'"));
  result = run_pgapply({"up", "--dry"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "did you mean --dry-run"));
  result = run_pgapply({"stauts"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "unknown command 'stauts' (did you mean status?)"));
  // Another tool's word for the command.
  CHECK(contains(run_pgapply({"rollback"}).err, "unknown command 'rollback' (did you mean down?)"));
  CHECK(contains(run_pgapply({"migrate"}).err, "unknown command 'migrate' (did you mean up?)"));
  CHECK(contains(run_pgapply({"help", "upp"}).err, "unknown command 'upp' (did you mean pgapply help up?)"));
  // A port out of range is a setting at fault (1), not a server that cannot be reached (2).
  result = run_pgapply({"status", "-p", "99999"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--port must be 65535 or less, not 99999"));
  result = run_pgapply({"status", "--port=0"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--port must be 1 or more, not 0"));
}

TEST_CASE("a usage error that quotes a word of the command line never shows a password in it") {
  const std::string uri = "postgresql://app:s3cret@h/db";
  const std::vector<std::vector<std::string>> lines = {
      {"lint", "--dbname=" + uri}, {"--url", uri, "up"}, {"up", uri}, {uri}, {"help", uri},
      {"new", "--set=db_password=s3cret", "x"}, {"up", "host=h password=s3cret"}, {"-database=" + uri, "up"},
      {"--format", "json", "--url", uri, "up"}, {"lint", "-d" + uri}, {"new", "-vdb_password=s3cret", "x"}};
  for (const auto& line : lines) {
    CAPTURE(line.front());
    const auto result = run_pgapply(line);
    CHECK(result.status == 1);
    CHECK_FALSE(contains(result.err + result.out, "s3cret"));
    CHECK(contains(result.err, "***"));
  }
}

TEST_CASE("a long option with one dash, as goose and golang-migrate write them, is refused before it reads as -d") {
  // -dry-run is -d ry-run (the database "ry-run"): it would not be a dry run
  auto result = run_pgapply({"up", "-dry-run"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "'-dry-run' would read as -d ry-run: pgapply's long options take two dashes (did you "
                             "mean --dry-run?)"));
  result = run_pgapply({"-dir", "migrations", "status"});
  CHECK(contains(result.err, "did you mean --dir?"));
  result = run_pgapply({"-database", "postgres://x", "up"});
  CHECK(contains(result.err, "did you mean --dbname?"));
  // no short option -l: no reading to show
  result = run_pgapply({"status", "-ledger", "x"});
  CHECK(contains(result.err, "'-ledger': pgapply's long options take two dashes (did you mean --ledger?)"));
  // an attached value that names no option is psql's -dNAME
  result = run_pgapply({"config", "-dnowhere"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "nowhere  -d/--dbname"));
}

TEST_CASE("config shows each setting's value and source: command line > environment > pgapply.toml > default") {
  TempDir dir;
  dir.write("pgapply.toml", "dir = \"db\"\nledger = \"file.ledger\"\nlock_timeout = \"7s\"\n[variables]\nrole = \"web\"\n");
  dir.write(".env", "DATABASE_URL=postgresql://app:s3cret@db.internal:5432/app\n");
  const auto result =
      run_pgapply({"--ledger", "cli.ledger", "config", "--format", "json"}, in(dir, {{"PGAPPLY_LOCK_TIMEOUT", "9s"}}));
  REQUIRE(result.status == 0);
  const auto document = nlohmann::json::parse(result.out);
  std::map<std::string, nlohmann::json> settings;
  for (const auto& setting : document["settings"]) settings[setting["name"]] = setting["values"];
  CHECK(settings["dir"][0]["value"] == "db");
  CHECK(settings["dir"][0]["where"] == "pgapply.toml:1");
  CHECK(settings["ledger"][0]["value"] == "cli.ledger");
  CHECK(settings["ledger"][0]["source"] == "command_line");
  CHECK(settings["lock-timeout"][0]["value"] == "9s");
  CHECK(settings["lock-timeout"][0]["where"] == "PGAPPLY_LOCK_TIMEOUT");
  CHECK(settings["lock-wait"][0]["source"] == "default");
  CHECK(settings["set"][0]["value"] == "role=web");
  CHECK(document["connection"]["database"] == "postgresql://app:***@db.internal:5432/app");
  CHECK(document["connection"]["source"] == "DATABASE_URL (.env)");
  CHECK(!contains(result.out, "s3cret"));
  const auto text = run_pgapply({"config"}, in(dir));
  CHECK(contains(text.out, "  dir "));
  CHECK(contains(text.out, "pgapply.toml:1"));
  CHECK(!contains(text.out, "s3cret"));
  CHECK(run_pgapply({"config", "--get", "dir"}, in(dir)).out == "db\n");
  CHECK(run_pgapply({"config", "--get", "dir"}, in(dir, {{"PGAPPLY_DIR", "env"}})).out == "env\n");
}

TEST_CASE("an unknown key in pgapply.toml stops every command but help and version, naming key and line") {
  TempDir dir;
  dir.write("pgapply.toml", "dir = \"db\"\n\nledgr = \"x\"\n");
  const auto result = run_pgapply({"status"}, in(dir));
  CHECK(result.status == 1);
  CHECK(result.err == "pgapply: error: pgapply.toml:3: unknown key 'ledgr'; did you mean 'ledger'?\n");
  CHECK(run_pgapply({"--version"}, in(dir)).status == 0);
  CHECK(run_pgapply({"help", "up"}, in(dir)).status == 0);
}

TEST_CASE("COMMAND --help and -? do not read pgapply.toml: a broken one stops only the commands that run") {
  TempDir dir;
  dir.write("pgapply.toml", "dir = \"a\n");
  const std::string help = run_pgapply({"help", "up"}, in(dir)).out;
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{{"up", "--help"}, {"up", "-?"}}) {
    const auto result = run_pgapply(args, in(dir));
    CHECK(result.status == 0);
    CHECK(result.out == help);
    CHECK(result.err.empty());
  }
  const auto result = run_pgapply({"up", "--dry-run", "--offline"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "pgapply.toml:1"));
}

TEST_CASE("a PGAPPLY_ variable a typo away from a setting's is said, with the one meant, and others pass") {
  TempDir dir;
  auto result = run_pgapply({"config", "--get", "lock-timeout"}, in(dir, {{"PGAPPLY_LOCK_TIMOUT", "1s"}}));
  CHECK(result.status == 0);
  CHECK(result.out == "5s\n");  // not applied
  CHECK(contains(result.err, "pgapply: warning: PGAPPLY_LOCK_TIMOUT is set, but pgapply has no such setting: did you "
                             "mean PGAPPLY_LOCK_TIMEOUT? (pgapply config lists the settings)"));
  result = run_pgapply({"config", "--get", "dir"}, in(dir, {{"PGAPPLY_BENCH_FILES_RUNS", "3"}}));
  CHECK(result.err.empty());
  // A bad value names where it came from, the ledger's too.
  dir.write("pgapply.toml", "ledger = \"a.b.c\"\n");
  result = run_pgapply({"status", "-d", "postgresql://nobody@127.0.0.1:1/none"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--ledger must be [schema.]table, not 'a.b.c' (from pgapply.toml:1)"));
}

TEST_CASE("colour: never when piped, unless --color always, NO_COLOR and --color never win over auto") {
  TempDir dir;
  auto result = run_pgapply({"status", "--bogus"}, in(dir));
  CHECK(!contains(result.err, "\x1b["));
  result = run_pgapply({"status", "--bogus", "--color", "always"}, in(dir));
  CHECK(contains(result.err, "\x1b[1;31merror:\x1b[0m"));
  result = run_pgapply({"status", "--bogus"}, in(dir, {{"PGAPPLY_COLOR", "always"}}));
  CHECK(contains(result.err, "\x1b[1;31merror:\x1b[0m"));
  // On a terminal (script(1) gives the command one): colour unless NO_COLOR or --color never.
  if (std::filesystem::exists("/usr/bin/script")) {
    const std::string command = std::string(PGAPPLY_BINARY) + " status --bogus";
    result = run_process({"/usr/bin/script", "-qec", command, "/dev/null"}, in(dir));
    CHECK(contains(result.out, "\x1b[1;31merror:"));
    result = run_process({"/usr/bin/script", "-qec", command, "/dev/null"}, in(dir, {{"NO_COLOR", "1"}}));
    CHECK(contains(result.out, "unknown option"));
    CHECK(!contains(result.out, "\x1b["));
    result = run_process({"/usr/bin/script", "-qec", command + " --color never", "/dev/null"}, in(dir));
    CHECK(contains(result.out, "unknown option"));
    CHECK(!contains(result.out, "\x1b["));
  }
  result = run_pgapply({"split", "--color", "never", "--format", "count", dir.write("a.sql", "select 1;")}, in(dir));
  CHECK(result.out.find('\x1b') == std::string::npos);
}

TEST_CASE("colour: lint's labels and the mistyped-variable warning are painted as every message's") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "DROP TABLE c;\nREINDEX TABLE t;\n");
  auto result = run_pgapply({"lint", "--color", "always"}, in(dir));
  CHECK(contains(result.out, "001_a.sql:1:12: \x1b[33mwarning:\x1b[0m DROP TABLE c"));
  CHECK(contains(result.out, "001_a.sql:2:1: \x1b[1;31merror:\x1b[0m REINDEX TABLE without CONCURRENTLY"));
  result = run_pgapply({"lint"}, in(dir));
  CHECK(contains(result.out, "001_a.sql:1:12: warning: DROP TABLE c"));
  CHECK(result.out.find('\x1b') == std::string::npos);
  result = run_pgapply({"config", "--get", "dir", "--color", "always"}, in(dir, {{"PGAPPLY_LOCK_TIMOUT", "1s"}}));
  CHECK(contains(result.err, "pgapply: \x1b[33mwarning:\x1b[0m PGAPPLY_LOCK_TIMOUT is set"));
  result = run_pgapply({"config", "--get", "dir"}, in(dir, {{"PGAPPLY_LOCK_TIMOUT", "1s"}}));
  CHECK(contains(result.err, "pgapply: warning: PGAPPLY_LOCK_TIMOUT is set"));
}

TEST_CASE("PGAPPLY_FORMAT sets the commands that can print its format: the others print text") {
  TempDir dir;
  dir.write("m/001_a.sql", "select 1;\n");
  const std::string file = dir.path() + "/m/001_a.sql";
  // up and down take --format json, but --dry-run prints a psql script: the variable leaves it so.
  auto result = run_pgapply({"up", "--dry-run", "--offline", "--dir", "m"}, in(dir, {{"PGAPPLY_FORMAT", "json"}}));
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(result.out.rfind("-- pgapply up --dry-run", 0) == 0);
  // On the command line the two still do not go together.
  result = run_pgapply({"up", "--dry-run", "--offline", "--dir", "m", "--format", "json"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--dry-run prints a psql script: it does not go with --format json"));
  CHECK(contains(result.out, "\"kind\": \"usage\""));
  // sarif is lint's: lint prints it, split and config print text, status is not stopped by it.
  result = run_pgapply({"lint", "--dir", "m"}, in(dir, {{"PGAPPLY_FORMAT", "sarif"}}));
  CHECK(contains(result.out, "\"$schema\""));
  result = run_pgapply({"split", file}, in(dir, {{"PGAPPLY_FORMAT", "sarif"}}));
  CHECK(result.status == 0);
  CHECK(contains(result.out, "select 1;"));
  result = run_pgapply({"config"}, in(dir, {{"PGAPPLY_FORMAT", "sarif"}}));
  CHECK(result.status == 0);
  CHECK(contains(result.out, "environment (PGAPPLY_FORMAT)"));
  result = run_pgapply({"status", "--dir", "nowhere"}, in(dir, {{"PGAPPLY_FORMAT", "sarif"}}));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "nowhere does not exist"));
  CHECK(!contains(result.err, "--format"));
  // count is split's, json everyone's but the dry run's.
  CHECK(run_pgapply({"split", file}, in(dir, {{"PGAPPLY_FORMAT", "count"}})).out == "1 " + file + "\n");
  CHECK(nlohmann::json::parse(run_pgapply({"config"}, in(dir, {{"PGAPPLY_FORMAT", "json"}})).out)["command"] ==
        "config");
  // A format no command prints is an error wherever it comes from; on the command line, one this command does not.
  result = run_pgapply({"split", file}, in(dir, {{"PGAPPLY_FORMAT", "jsno"}}));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--format must be text, json or count, not 'jsno' (from PGAPPLY_FORMAT)"));
  result = run_pgapply({"split", "--format", "sarif", file}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--format must be text, json or count, not 'sarif'"));
}

TEST_CASE("a --dir without migration files is an input error naming it, never up to date, before connecting") {
  TempDir dir;
  dir.write("README.md", "the project\n");
  dir.write("db/m/001_a.sql", "select 1;\n");
  dir.write("db/m/002_b.sql", "select 2;\n");
  dir.write("db/notes/x.txt", "not migrations\n");
  std::filesystem::create_directories(dir.path() + "/empty");
  // The database is unreachable: what is said comes before connecting.
  const std::map<std::string, std::string> unreachable{{"DATABASE_URL", "postgresql://u@127.0.0.1:1/x"}};
  for (const std::string command : {"up", "status", "verify", "preflight", "down"}) {
    auto result = run_pgapply({command, "--dir", "db"}, in(dir, unreachable));
    INFO(command, ": ", result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.err, "no migrations in db: it holds no .sql file"));
    CHECK(contains(result.err, "Is --dir right? Did you mean --dir db/m? (it holds 2 migrations)"));
    CHECK(!contains(result.out + result.err, "up to date"));
  }
  auto result = run_pgapply({"up", "--dir", "."}, in(dir, unreachable));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "no migrations in .: it holds no .sql file"));
  CHECK(!contains(result.err, "Did you mean"));  // db/m is two levels down: not looked for
  result = run_pgapply({"status", "--dir", "empty", "--format", "json"}, in(dir, unreachable));
  CHECK(result.status == 1);
  CHECK(nlohmann::json::parse(result.out)["error"]["kind"] == "input");
  CHECK(contains(result.err, "no migrations in empty: it holds no .sql file (expected NNN_name.sql"));
  // The hint runs as printed.
  CHECK(run_pgapply({"up", "--dir", "db/m", "--dry-run", "--offline"}, in(dir)).status == 0);
  // new still starts a project in an empty directory.
  result = run_pgapply({"new", "--dir", "empty", "first"}, in(dir));
  CHECK(result.status == 0);
  CHECK(result.out == "Created empty/001_first.sql\n");
}

TEST_CASE("a --dir that is a file, or empty, is named for what it is") {
  TempDir dir;
  dir.write("m/001_slow.sql", "select 1;\n");
  const std::map<std::string, std::string> unreachable{{"DATABASE_URL", "postgresql://u@127.0.0.1:1/x"}};
  for (const std::string command : {"up", "status", "lint"}) {
    const auto result = run_pgapply({command, "--dir", "m/001_slow.sql"}, in(dir, unreachable));
    INFO(command, ": ", result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.err, "the migrations directory m/001_slow.sql is a file, not a directory: --dir names the "
                               "directory that holds the migrations (--dir m?)"));
  }
  auto result = run_pgapply({"status", "--dir", "001_x.sql"}, in(dir, unreachable));
  CHECK(contains(result.err, "the migrations directory 001_x.sql does not exist (use --dir DIR)"));
  // set elsewhere than on the command line: named where
  auto from_env = unreachable;
  from_env["PGAPPLY_DIR"] = "nosuch";
  result = run_pgapply({"status"}, in(dir, from_env));
  CHECK(contains(result.err, "the migrations directory nosuch (from PGAPPLY_DIR) does not exist"));
  {
    // Run where another tool keeps its migrations: that directory, as a --dir to try.
    TempDir project;
    project.write("supabase/migrations/20240101000000_init.sql", "select 1;\n");
    const auto missing = run_pgapply({"status"}, in(project, unreachable));
    CHECK(missing.status == 1);
    CHECK(contains(missing.err, "the migrations directory migrations does not exist: did you mean --dir "
                                "supabase/migrations? (it holds 1 migration, where the Supabase CLI's are kept)"));
  }
  dir.write("001_x.sql", "select 1;\n");
  result = run_pgapply({"status", "--dir", "001_x.sql"}, in(dir, unreachable));
  CHECK(contains(result.err, "is a file, not a directory: --dir names the directory that holds the migrations (--dir .?)"));
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"up"}, {"status"}, {"lint"}, {"new", "x"}}) {
    std::vector<std::string> command = args;
    command.insert(command.end(), {"--dir", ""});
    result = run_pgapply(command, in(dir, unreachable));
    INFO(command.front(), ": ", result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.err, "pgapply: error: --dir is empty: give the directory of the migrations, --dir DIR"));
    CHECK(!contains(result.err, "  does not exist"));
  }
  result = run_pgapply({"status"}, in(dir, {{"PGAPPLY_DIR", ""}}));
  CHECK(contains(result.err, "--dir is empty (from PGAPPLY_DIR): give the directory of the migrations, --dir DIR"));
}

TEST_CASE("a connection error names the target tried: the URL with -h, -p, -U on top") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "select 1;\n");
  const std::map<std::string, std::string> url{{"DATABASE_URL", "postgresql://app:S3cr3t@127.0.0.1:31552/appdb"}};
  auto result = run_pgapply({"status", "-h", "127.0.0.1", "-p", "1"}, in(dir, url));
  INFO(result.err);
  CHECK(result.status == 2);
  CHECK(contains(result.err, "cannot connect to the database app@127.0.0.1:1/appdb (settings from DATABASE_URL "
                             "(environment) and -h, -p): "));
  CHECK(contains(result.err, "port 1 failed"));
  CHECK(!contains(result.err, "31552"));
  CHECK(!contains(result.err, "S3cr3t"));
  result = run_pgapply({"status", "-U", "other", "-p", "1"}, in(dir, url));
  CHECK(contains(result.err, "cannot connect to the database other@127.0.0.1:1/appdb (settings from DATABASE_URL "
                             "(environment) and -p, -U): "));
  // Without an override the URL is named as given (password redacted).
  result = run_pgapply({"status", "-d", "postgresql://app:S3cr3t@127.0.0.1:1/appdb"}, in(dir));
  CHECK(contains(result.err, "cannot connect to the database postgresql://app:***@127.0.0.1:1/appdb (settings from "
                             "-d/--dbname): "));
  // Without a URL, libpq's PG* variables: what they made is named too.
  result = run_pgapply({"status"}, in(dir, {{"PGHOST", "127.0.0.1"}, {"PGPORT", "1"}, {"PGDATABASE", "appdb"}}));
  CHECK(contains(result.err, "@127.0.0.1:1/appdb (settings from PG* environment variables (PGHOST is set"));
}

TEST_CASE("migration files that cannot load while connecting to a server that never answers: their error at once") {
  // up and status connect while they read the files; files that cannot load
  // (two of one version) stop them without waiting for the connection.
  const SilentServer server;
  TempDir dir;
  dir.write("migrations/001_a.sql", "select 1;\n");
  dir.write("migrations/001_b.sql", "select 2;\n");
  ProcessOptions options = in(dir, {{"PGCONNECT_TIMEOUT", "60"}});
  options.unset_env.push_back("PGPASSWORD");
  for (const std::string command : {"up", "status"}) {
    const auto started = std::chrono::steady_clock::now();
    const auto result =
        run_pgapply({command, "-h", "127.0.0.1", "-p", server.port, "-U", "nobody", "-d", "none"}, options);
    INFO(command, result.err);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK(result.status == 1);
    CHECK(contains(result.err, "two migrations have version 1: 001_a.sql and 001_b.sql"));
  }
}

TEST_CASE("Ctrl-C while connecting to a server that never answers: exit 130 at once") {
  const SilentServer server;
  TempDir dir;
  dir.write("migrations/001_a.sql", "select 1;\n");
  ProcessOptions options = in(dir, {{"PGCONNECT_TIMEOUT", "60"}});
  options.unset_env.push_back("PGPASSWORD");
  BackgroundProcess run({PGAPPLY_BINARY, "status", "-h", "127.0.0.1", "-p", server.port, "-U", "nobody", "-d", "none"},
                        options);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  const auto sent = std::chrono::steady_clock::now();
  run.kill(SIGINT);
  const auto result = run.wait();
  INFO(result.err);
  CHECK(std::chrono::steady_clock::now() - sent < std::chrono::seconds(5));
  CHECK(result.status == 130);
  CHECK(contains(result.err, "interrupted by SIGINT while connecting: nothing was done"));
}
