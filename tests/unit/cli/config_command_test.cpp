// pgapply config as a user runs it: the real binary, no database (config
// never connects).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/option_table.hpp"
#include "lint/lint_settings.hpp"
#include "support/run_process.hpp"

using namespace pgapply::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

ProcessOptions in(const TempDir& dir, std::map<std::string, std::string> env = {}) {
  return without_ambient_settings(dir.path(), std::move(env));
}

const std::string secret = "S3cr3tPW";
const std::string shadow_url = "postgresql://sec:" + secret + "@127.0.0.1:5999/postgres";

// A config run's standard output, checked to succeed and to show the secret nowhere.
std::string shown(const ProcessResult& result) {
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(!contains(result.out + result.err, secret));
  return result.out;
}

}  // namespace

TEST_CASE("the --pg-version default that config and help show is the one lint assumes") {
  const auto* option = pgapply::cli::find_option("pg-version");
  REQUIRE(option != nullptr);
  CHECK(pgapply::lint::parse_pg_version(option->default_value) == pgapply::lint::default_pg_version);
}

TEST_CASE("config shows a shadow URL with its password redacted, from every source and in every form") {
  TempDir dir;
  // The environment, in text and JSON.
  std::string out = shown(run_pgapply({"config"}, in(dir, {{"PGAPPLY_SHADOW", shadow_url}})));
  CHECK(contains(out, "postgresql://sec:***@127.0.0.1:5999/postgres"));
  const auto from_env =
      nlohmann::json::parse(shown(run_pgapply({"config", "--format", "json"}, in(dir, {{"PGAPPLY_SHADOW", shadow_url}}))));
  bool found = false;
  for (const auto& setting : from_env["settings"]) {
    if (setting["name"] != "shadow") continue;
    found = true;
    CHECK(setting["values"][0]["value"] == "postgresql://sec:***@127.0.0.1:5999/postgres");
    CHECK(setting["values"][0]["where"] == "PGAPPLY_SHADOW");
  }
  CHECK(found);

  // The command line, both spellings: the value and where it came from.
  out = shown(run_pgapply({"config", "--shadow", shadow_url}, in(dir)));
  CHECK(contains(out, "command line (--shadow postgresql://sec:***@127.0.0.1:5999/postgres)"));
  out = shown(run_pgapply({"config", "--shadow=" + shadow_url, "--format", "json"}, in(dir)));
  CHECK(contains(out, "\"--shadow=postgresql://sec:***@127.0.0.1:5999/postgres\""));

  // A keyword=value string, and pgapply.toml.
  out = shown(run_pgapply({"config", "--shadow", "host=127.0.0.1 password=" + secret}, in(dir)));
  CHECK(contains(out, "host=127.0.0.1 password=***"));
  dir.write("pgapply.toml", "shadow = \"" + shadow_url + "\"\n");
  out = shown(run_pgapply({"config"}, in(dir)));
  CHECK(contains(out, "postgresql://sec:***@127.0.0.1:5999/postgres"));

  // One value, as the completions read it.
  out = shown(run_pgapply({"config", "--get", "shadow"}, in(dir)));
  CHECK(out == "postgresql://sec:***@127.0.0.1:5999/postgres\n");
}

TEST_CASE("config shows a -v whose name says secret (pw, db_password, *_token) redacted, from every source") {
  TempDir dir;
  std::string out =
      shown(run_pgapply({"config", "-v", "db_password=" + secret, "--set=pw=" + secret, "-v", "owner=app"}, in(dir)));
  CHECK(contains(out, "db_password=***"));
  CHECK(contains(out, "command line (-v db_password=***)"));
  CHECK(contains(out, "command line (--set=pw=***)"));
  CHECK(contains(out, "command line (-v owner=app)"));
  out = shown(run_pgapply({"config", "--format", "json"}, in(dir, {{"PGAPPLY_SET", "api_token=" + secret}})));
  CHECK(contains(out, "\"api_token=***\""));
  dir.write("pgapply.toml", "[variables]\nmy_secret = \"" + secret + "\"\n");
  out = shown(run_pgapply({"config"}, in(dir)));
  CHECK(contains(out, "my_secret=***"));
  out = shown(run_pgapply({"config", "--get", "set"}, in(dir)));
  CHECK(out == "my_secret=***\n");
}

TEST_CASE("a connection string given twice is named without its password") {
  TempDir dir;
  const auto result =
      run_pgapply({"status", "-d", shadow_url, "--dbname=postgresql://u:" + secret + "2@h/db"}, in(dir));
  INFO(result.err);
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--dbname is given twice (-d postgresql://sec:***@127.0.0.1:5999/postgres and "
                             "--dbname=postgresql://u:***@h/db)"));
  CHECK(!contains(result.err, secret));
}

TEST_CASE("config shows the database as the commands reach it: -h, -p and -U over the URL") {
  TempDir dir;
  const auto text = shown(run_pgapply({"config", "-p", "1", "-U", "bob"}, in(dir, {{"DATABASE_URL", shadow_url}})));
  CHECK(contains(text, "postgresql://sec:***@127.0.0.1:5999/postgres -p 1 -U bob"));
  CHECK(contains(text, "DATABASE_URL (environment) and -p, -U"));
}

TEST_CASE("config shows the side of an either/or pair that holds: the other is not in effect, and --get prints none") {
  TempDir dir;
  const auto env = in(dir, {{"PGAPPLY_SHADOW", shadow_url}});
  const std::string text = shown(run_pgapply({"config", "--no-shadow"}, env));
  CHECK(contains(text, "(not in effect: --no-shadow holds)  environment (PGAPPLY_SHADOW)"));
  CHECK(shown(run_pgapply({"config", "--get", "shadow", "--no-shadow"}, env)).empty());
  const auto document = nlohmann::json::parse(shown(run_pgapply({"config", "--format", "json", "--no-shadow"}, env)));
  for (const auto& setting : document["settings"]) {
    if (setting["name"] == "shadow") CHECK(setting["values"].empty());
    if (setting["name"] == "no-shadow") CHECK(setting["values"].size() == 1);
  }
  // the higher source holds, whichever side it is
  CHECK(contains(shown(run_pgapply({"config", "--shadow", shadow_url}, in(dir, {{"PGAPPLY_NO_SHADOW", "1"}}))),
                 "(not in effect: --shadow holds)"));
}

TEST_CASE("config refuses a setting as the commands that take it do: marked in the report, exit 1") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "select 1;\n");
  // The same message as up's, from the same reader.
  const auto up = run_pgapply({"up", "--lock-timeout", "abc"}, in(dir));
  CHECK(up.status == 1);
  auto result = run_pgapply({"config", "--lock-timeout", "abc"}, in(dir));
  INFO(result.out, result.err);
  CHECK(result.status == 1);
  CHECK(contains(result.out, "  lock-timeout               abc  (INVALID)"));
  CHECK(result.err == up.err);
  result = run_pgapply({"config"}, in(dir, {{"PGAPPLY_RETRIES", "-1"}}));
  CHECK(result.status == 1);
  CHECK(result.err == "pgapply: error: --retries must be 0 or more, not -1 (from PGAPPLY_RETRIES)\n");
  CHECK(result.err == run_pgapply({"up"}, in(dir, {{"PGAPPLY_RETRIES", "-1"}})).err);
  // Every problem at once, each once.
  dir.write("pgapply.toml", "ledger_format = \"flyway\"\n[lint]\npg_version = \"x\"\nenable = [\"nosuchrule\"]\n");
  result = run_pgapply({"config", "--connect-retries", "1001", "--no-verify"}, in(dir, {{"PGAPPLY_NO_VERIFY", "maybe"}}));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "pgapply: error: the settings have 4 problems (the commands that take them refuse them):\n"));
  CHECK(contains(result.err, "\n  --enable: unknown lint rule 'nosuchrule' (from pgapply.toml:4) (known: "));
  CHECK(contains(result.err, "\n  --ledger-format must be pgapply, supabase, dbmate or golang-migrate, not 'flyway' (from "
                             "pgapply.toml:1)\n"));
  CHECK(contains(result.err, "\n  --pg-version expects a PostgreSQL major version"));
  CHECK(contains(result.err, "\n  --connect-retries must be 1000 or less, not 1001\n"));
  CHECK(!contains(result.err, "no-verify"));  // the command line's --no-verify beats the environment's 'maybe'
  // A good configuration: exit 0, nothing marked.
  dir.write("pgapply.toml", "lock_timeout = \"10s\"\n");
  result = run_pgapply({"config"}, in(dir));
  CHECK(result.status == 0);
  CHECK(!contains(result.out, "INVALID"));
}

TEST_CASE("config marks only the lint setting at fault: a bad rule list leaves a good --pg-version unmarked") {
  TempDir dir;
  const auto result = run_pgapply({"config"}, in(dir, {{"PGAPPLY_PG_VERSION", "14"}, {"PGAPPLY_ENABLE", "nosuchrule"}}));
  INFO(result.out, result.err);
  CHECK(result.status == 1);
  const auto line_of = [&result](const std::string& setting) {
    const auto at = result.out.find("\n  " + setting + " ");
    REQUIRE(at != std::string::npos);
    return result.out.substr(at + 1, result.out.find('\n', at + 1) - at - 1);
  };
  CHECK(contains(line_of("pg-version"), " 14 "));
  CHECK(!contains(line_of("pg-version"), "INVALID"));
  CHECK(contains(line_of("enable"), "nosuchrule  (INVALID)"));
  CHECK(contains(result.err, "pgapply: error: --enable: unknown lint rule 'nosuchrule' (from PGAPPLY_ENABLE) (known: "));
  // lint refuses it with the same message.
  CHECK(run_pgapply({"lint"}, in(dir, {{"PGAPPLY_PG_VERSION", "14"}, {"PGAPPLY_ENABLE", "nosuchrule"}})).err == result.err);
}

TEST_CASE("bad lint rules in --enable and --disable: each on its own row, all of them named with where they came from") {
  TempDir dir;
  const auto env = in(dir, {{"PGAPPLY_ENABLE", "a"}, {"PGAPPLY_DISABLE", "b,c"}});
  const auto json = nlohmann::json::parse(run_pgapply({"config", "--format", "json"}, env).out);
  const auto problem_of = [&json](const std::string& name) {
    for (const auto& setting : json["settings"]) {
      if (setting["name"] == name) return setting["problem"].is_string() ? setting["problem"].get<std::string>() : "";
    }
    return std::string("(no such setting)");
  };
  CHECK(contains(problem_of("enable"), "--enable: unknown lint rule 'a' (from PGAPPLY_ENABLE)"));
  CHECK(!contains(problem_of("enable"), "'b'"));
  CHECK(contains(problem_of("disable"), "--disable: unknown lint rule 'b' (from PGAPPLY_DISABLE); "
                                        "--disable: unknown lint rule 'c' (from PGAPPLY_DISABLE)"));
  CHECK(!contains(problem_of("disable"), "'a'"));
  // the JSON error is at the value at fault: pgapply.toml's line, though a good value follows it
  TempDir located;
  located.write("pgapply.toml", "[lint]\ndisable = [\"nope-rule\"]\n");
  const auto document = nlohmann::json::parse(
      run_pgapply({"lint", "--disable", "ban-drop-table", "--format", "json"}, in(located)).out);
  CHECK(document["error"]["file"] == "pgapply.toml");
  CHECK(document["error"]["line"] == 2);
  // a table's entry: its own line, not the table's
  located.write("pgapply.toml", "[lint]\n\n[lint.severity]\nban-drop-table = \"warning\"\nnope = \"error\"\n");
  const auto entry = nlohmann::json::parse(run_pgapply({"lint", "--format", "json"}, in(located)).out);
  CHECK(entry["error"]["line"] == 5);
  CHECK(contains(entry["error"]["message"].get<std::string>(), "(from pgapply.toml:5)"));
  // lint names every one, the command line's without a source
  const auto lint = run_pgapply({"lint", "--enable", "x", "--disable", "bogus"}, in(dir));
  CHECK(lint.status == 1);
  CHECK(contains(lint.err, "--enable: unknown lint rule 'x'; --disable: unknown lint rule 'bogus' (known: "));
}

TEST_CASE("config with a refused --env-file still lists every setting, and the JSON error names pgapply.toml's line") {
  TempDir dir;
  auto result = run_pgapply({"config"}, in(dir, {{"PGAPPLY_ENV_FILE", dir.path() + "/missing.env"}}));
  INFO(result.out, result.err);
  CHECK(result.status == 1);
  CHECK(contains(result.out, "/missing.env  (INVALID)  environment (PGAPPLY_ENV_FILE)"));
  CHECK(contains(result.out, "  lock-timeout "));
  CHECK(contains(result.out, "  database  (not known)  a setting is refused"));
  CHECK(contains(result.err, "/missing.env (from PGAPPLY_ENV_FILE): no such file; give an existing file, or "
                             "--no-env-file"));
  const auto json = nlohmann::json::parse(run_pgapply({"config", "--format", "json"},
                                                      in(dir, {{"PGAPPLY_ENV_FILE", dir.path() + "/missing.env"}}))
                                              .out);
  CHECK(json["settings"].size() > 10);
  CHECK(json["error"]["exit_status"] == 1);

  // --port, which config has no row for: its own error, never the env file's
  dir.write("good.env", "DATABASE_URL=postgres://u@h/d\n");
  const auto port = run_pgapply({"config", "--port", "99999", "--env-file", dir.path() + "/good.env"}, in(dir));
  CHECK(port.status == 1);
  CHECK(!contains(port.out, "(INVALID)"));
  CHECK(contains(port.err, "--port must be 65535 or less"));

  dir.write("pgapply.toml", "dir = \"migrations\"\nlock_timeout = \"9 weeks\"\n");
  const auto located = nlohmann::json::parse(run_pgapply({"config", "--format", "json"}, in(dir)).out);
  CHECK(located["error"]["file"] == "pgapply.toml");
  CHECK(located["error"]["line"] == 2);
}

TEST_CASE("config --get checks the setting it prints, and prints JSON with --format json") {
  TempDir dir;
  auto result = run_pgapply({"config", "--get", "dir", "--format", "json"}, in(dir));
  CHECK(result.status == 0);
  const auto document = nlohmann::json::parse(result.out);
  CHECK(document["command"] == "config");
  CHECK(document["setting"]["name"] == "dir");
  CHECK(document["setting"]["values"][0]["value"] == "migrations");
  CHECK(document["setting"]["values"][0]["source"] == "default");
  result = run_pgapply({"config", "--get", "retries"}, in(dir, {{"PGAPPLY_RETRIES", "-1"}}));
  CHECK(result.status == 1);
  CHECK(result.err == "pgapply: error: --retries must be 0 or more, not -1 (from PGAPPLY_RETRIES)\n");
  // Another setting's problem does not stop --get (the completions read --get dir).
  result = run_pgapply({"config", "--get", "dir"}, in(dir, {{"PGAPPLY_RETRIES", "-1"}}));
  CHECK(result.status == 0);
  CHECK(result.out == "migrations\n");
  // named as pgapply.toml or the environment names it, as messages about a value do
  for (const std::string name : {"lock_timeout", "PGAPPLY_LOCK_TIMEOUT", "lock-timeout"}) {
    result = run_pgapply({"config", "--get", name}, in(dir, {{"PGAPPLY_LOCK_TIMEOUT", "7s"}}));
    INFO(name, result.err);
    CHECK(result.status == 0);
    CHECK(result.out == "7s\n");
  }
  CHECK(run_pgapply({"config", "--get", "lock_wait_nope"}, in(dir)).status == 1);
}

TEST_CASE("a duration given as a bare number is seconds wherever it is set, and a bad one is refused before connecting") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "select 1;\n");
  // No server listens there: a refusal comes first (exit 1), an accepted
  // value gets as far as connecting (exit 2).
  const std::vector<std::string> nowhere = {"-d", "postgresql://nobody@127.0.0.1:1/none"};
  const auto up = [&](std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), "up");
    args.insert(args.end(), nowhere.begin(), nowhere.end());
    return run_pgapply(args, in(dir, std::move(env)));
  };
  CHECK(up({"--lock-timeout", "5"}).status == 2);
  CHECK(up({"--statement-timeout", "30"}).status == 2);
  CHECK(up({}, {{"PGAPPLY_LOCK_WAIT", "120"}}).status == 2);
  auto result = up({"--lock-timeout", "5 fortnights"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "pgapply: error: --lock-timeout 5 fortnights: unknown unit 'fortnights'"));
  result = up({}, {{"PGAPPLY_LOCK_WAIT", "-1"}});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "pgapply: error: --lock-wait -1: not a duration"));
  CHECK(contains(result.err, "(from PGAPPLY_LOCK_WAIT)"));
  dir.write("pgapply.toml", "dir = \"migrations\"\nlock_timeout = \"9 weeks\"\n");
  result = up({});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--lock-timeout 9 weeks: unknown unit 'weeks'"));
  CHECK(contains(result.err, "(from pgapply.toml:2)"));
  // config marks it as up refuses it.
  result = run_pgapply({"config"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.out, "  lock-timeout               9 weeks  (INVALID)"));
  // A bare number for a duration in the file asks for its unit, as a string too; 0 is fine.
  dir.write("pgapply.toml", "lock_timeout = 5000\n");
  result = run_pgapply({"config"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "pgapply.toml:1: 'lock_timeout' needs a unit: lock_timeout = \"5000ms\" or \"5000s\""));
  dir.write("pgapply.toml", "lock_timeout = \"5\"\n");
  CHECK(run_pgapply({"config"}, in(dir)).status == 1);
  dir.write("pgapply.toml", "lock_timeout = \"5s\"\nlock_wait = 0\n");
  CHECK(run_pgapply({"config"}, in(dir)).status == 0);
}

TEST_CASE("a -v name psql would refuse, and a bad assignment, named with where it was set") {
  TempDir dir;
  auto result = run_pgapply({"config", "-v", "my var=x"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "-v my var=x: 'my var' is not a name psql takes for a variable (letters, digits and _), "
                             "so no :my var could name it"));
  result = run_pgapply({"config", "-v", "a.b=x"}, in(dir));
  CHECK(result.status == 1);
  result = run_pgapply({"config"}, in(dir, {{"PGAPPLY_SET", "novalue"}}));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "-v expects NAME=VALUE, not 'novalue' (from PGAPPLY_SET)"));
  dir.write("pgapply.toml", "[variables]\nok = \"1\"\n\"\" = \"x\"\n");
  result = run_pgapply({"config"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "-v expects NAME=VALUE, not '=x' (from pgapply.toml:3)"));
  // Letters of any alphabet are letters to psql too.
  CHECK(run_pgapply({"config", "-v", "größe=1"}, in(dir)).status == 1);  // (the file's "" still refuses)
  dir.write("pgapply.toml", "[variables]\nok = \"1\"\n");
  CHECK(run_pgapply({"config", "-v", "größe=1"}, in(dir)).status == 0);
}
