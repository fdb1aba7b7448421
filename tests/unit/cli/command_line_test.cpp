// Parsing the command line: options anywhere, no abbreviations, repeats,
// stray operands, -h, and the environment and pgapply.toml by precedence.
#include "cli/command_line.hpp"

#include <doctest/doctest.h>

#include <map>

#include "cli/common_options.hpp"
#include "cli/lint_options.hpp"
#include "core/error.hpp"
#include "engine/command_hint.hpp"
#include "support/caught.hpp"

using namespace pgapply;
using namespace pgapply::cli;
using pgapply::test::caught;

namespace {

using Args = std::vector<std::string>;

// A fake environment.
SettingSources sources(const std::map<std::string, std::string>& env, const ProjectFile* file = nullptr) {
  return SettingSources{[env](std::string_view name) -> std::optional<std::string> {
                          const auto found = env.find(std::string(name));
                          if (found == env.end()) return std::nullopt;
                          return found->second;
                        },
                        file};
}

OptionValues parse(const std::string& command, const Args& args, const SettingSources& from = {}) {
  return parse_command(*find_command(command), args, from);
}

std::string usage_error(const std::string& command, const Args& args, const SettingSources& from = {}) {
  const auto error = caught<Error>([&] { parse(command, args, from); });
  CHECK(error.kind() == ErrorKind::usage);
  return error.what();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the command word may come after options, whose values are skipped") {
  auto word = find_command_word({"-d", "prod", "up", "--dir", "db"});
  CHECK(word.command == "up");
  CHECK(word.rest == Args{"-d", "prod", "--dir", "db"});
  word = find_command_word({"--dir", "db", "status", "-d", "prod"});
  CHECK(word.command == "status");
  CHECK(word.rest == Args{"--dir", "db", "-d", "prod"});
  word = find_command_word({"--dbname=prod", "status"});
  CHECK(word.command == "status");
  // A database named like a command is the value of -d, not the command.
  word = find_command_word({"-d", "up", "status"});
  CHECK(word.command == "status");
  // Sticky short options: -W takes no value, -d takes the rest.
  word = find_command_word({"-Wdprod", "verify"});
  CHECK(word.command == "verify");
  word = find_command_word({"-W", "-d", "x", "verify", "extra"});
  CHECK(word.command == "verify");
  CHECK(word.rest == Args{"-W", "-d", "x", "extra"});
  word = find_command_word({"--help"});
  CHECK(word.command.empty());
  CHECK(word.rest == Args{"--help"});
}

TEST_CASE("no command word: an option left without its value, or a command read as one, is said") {
  CHECK(why_no_command({"-d"}) == "option '-d' needs a value, and a command after it");
  CHECK(why_no_command({"-W", "--dir"}) == "option '--dir' needs a value, and a command after it");
  CHECK(why_no_command({"--dir", "status"}) ==
        "'status' was read as the value of --dir, which takes one: pgapply --dir VALUE status");
  CHECK(why_no_command({"--dir", "db", "-W"}).empty());
  CHECK(why_no_command({"--dir=status"}).empty());
}

TEST_CASE("a command word after an unknown option names the option, not an unknown command") {
  // Not "unknown command '5s'": the misspelt option is what to fix.
  auto word = find_command_word({"--lock-timout", "5s", "up"});
  CHECK(word.command == "5s");
  CHECK(unknown_option_before_command(word) ==
        "unknown option '--lock-timout' (did you mean --lock-timeout?): '5s' after it was read as the command");
  CHECK(unknown_option_before_command(find_command_word({"--frobnicate", "x", "up"})) ==
        "unknown option '--frobnicate': 'x' after it was read as the command");
  CHECK(unknown_option_before_command(find_command_word({"-x", "y", "up"})) ==
        "unknown option '-x': 'y' after it was read as the command");
  // A known option, one with its value in it, or none: nothing to say.
  CHECK(unknown_option_before_command(find_command_word({"--dry-run", "upp"})).empty());
  CHECK(unknown_option_before_command(find_command_word({"--lock-timout=5s", "upp"})).empty());
  CHECK(unknown_option_before_command(find_command_word({"-W", "upp"})).empty());
  CHECK(unknown_option_before_command(find_command_word({"upp"})).empty());
}

TEST_CASE("options before the command parse as after it") {
  const auto word = find_command_word({"-d", "prod", "up", "--dir", "db", "--dry-run"});
  const auto values = parse(word.command, word.rest);
  CHECK(values.text("dbname") == "prod");
  CHECK(values.text("dir") == "db");
  CHECK(values.flag("dry-run"));
  CHECK_FALSE(values.flag("no-verify"));
  CHECK(values.operands.empty());
}

TEST_CASE("options are never abbreviated, and an unknown one suggests the near ones") {
  std::string message = usage_error("up", {"--dry"});
  CHECK(contains(message, "unknown option '--dry' for pgapply up"));
  CHECK(contains(message, "did you mean --dry-run"));
  CHECK(contains(message, "usage: pgapply up [OPTIONS]"));
  message = usage_error("status", {"--targe", "5"});
  CHECK(contains(message, "unknown option '--targe'"));
  message = usage_error("status", {"--target", "5"});
  CHECK(contains(message, "it is an option of up, preflight"));
  // the same thing under down's name: the migration to stop at
  CHECK(contains(usage_error("down", {"--target", "3"}), "unknown option '--target' for pgapply down (did you mean --to?)"));
  CHECK(contains(usage_error("up", {"--to", "3"}), "(did you mean --target?)"));
}

TEST_CASE("--name= is refused, never read as not given, and a flag or an option of another command is named") {
  // --dbname="$UNSET" must not fall back to DATABASE_URL
  CHECK(contains(usage_error("status", {"--dbname="}), "--dbname= gives --dbname an empty value (an unset variable?): "
                                                       "give one, --dbname=VALUE"));
  CHECK(contains(usage_error("status", {"--dir="}), "--dir= gives --dir an empty value"));
  CHECK(contains(usage_error("up", {"--reason="}), "unknown option '--reason=' for pgapply up (it is an option of "
                                                   "repair)"));
  CHECK(contains(usage_error("up", {"--dry-run="}), "--dry-run takes no value (--dry-run=)"));
  // after --, a word as any other
  CHECK(parse("exec", {"--", "--dir="}).operands == std::vector<std::string>{"--dir="});
}

TEST_CASE("an option that takes one value, given twice, is an error naming both") {
  std::string message = usage_error("status", {"--dir", "a", "--dir=b"});
  CHECK(contains(message, "--dir is given twice (--dir a and --dir=b)"));
  message = usage_error("up", {"--dry-run", "--dry-run"});
  CHECK(contains(message, "--dry-run is given twice"));
  // Repeatable options add up.
  const auto values = parse("up", {"-v", "a=1", "--set", "b=2"});
  CHECK(values.list("set") == Args{"a=1", "b=2"});
}

TEST_CASE("a stray operand is named, a missing one too") {
  std::string message = usage_error("status", {"ex1"});
  CHECK(contains(message, "unexpected argument 'ex1': pgapply status takes no arguments"));
  message = usage_error("help", {"up", "down"});
  CHECK(contains(message, "unexpected argument 'down'"));
  // An option of the command, written as a word (repair's actions are options).
  message = usage_error("repair", {"clear-failed", "3", "--reason", "x"});
  CHECK(contains(message, "unexpected argument 'clear-failed' (did you mean --clear-failed?): pgapply repair"));
  CHECK_FALSE(contains(usage_error("status", {"ex1"}), "did you mean"));
  // A version with no action before it: each action that takes one, with it, as it would run
  message = usage_error("repair", {"3", "--reason", "x"});
  CHECK(contains(message, "unexpected argument '3': pgapply repair takes a version after the option that says what "
                          "to do with it: --accept-checksum 3, --mark-applied 3, --mark-pending 3 or --clear-failed 3"));
  CHECK(parse("repair", {"--mark-applied", "3", "--reason", "x"}).text("mark-applied") == "3");
  message = usage_error("new", {});
  CHECK(contains(message, "no NAME given"));
  CHECK(parse("exec", {"a.sql", "--", "-b.sql"}).operands == Args{"a.sql", "-b.sql"});
}

TEST_CASE("-h is the host, as in psql, without a value it says so and how to get help") {
  CHECK(parse("up", {"-h", "db.internal"}).text("host") == "db.internal");
  const std::string message = usage_error("up", {"-h"});
  CHECK(contains(message, "-h is the server host, as in psql, and needs a value"));
  CHECK(contains(message, "pgapply up --help (or -?)"));
}

TEST_CASE("an option is never another option's value: the one left without its value is named") {
  // Boost took --dry-run as the backup directory, and up applied for real.
  std::string message = usage_error("up", {"--backup", "--dry-run"});
  CHECK(contains(message, "--backup needs a value (DIR); '--dry-run' is an option "
                          "(a value that starts with '-' is given as --backup=-VALUE)"));
  CHECK(contains(message, "usage: pgapply up [OPTIONS]"));
  CHECK(contains(usage_error("down", {"--backup", "--dry-run"}), "--backup needs a value (DIR)"));
  CHECK(contains(usage_error("up", {"--ledger", "--dry-run"}), "--ledger needs a value (TABLE)"));
  CHECK(contains(usage_error("repair", {"--mark-applied", "--reason", "x"}),
                 "--mark-applied needs a value (VERSION); '--reason' is an option"));
  CHECK(contains(usage_error("repair", {"--reason", "-W"}), "--reason needs a value (TEXT); '-W' is an option"));
  CHECK(contains(usage_error("up", {"--dir"}), "--dir needs a value (DIR)\nusage:"));
  message = usage_error("status", {"-h", "--exit-code"});
  CHECK(contains(message, "-h is the server host, as in psql, and needs a value: -h HOST "
                          "('--exit-code' is an option)"));
  CHECK(contains(usage_error("status", {"-Wd", "--exit-code"}), "-Wd needs a value (DBNAME)"));
  // A value that starts with '-' is given with '='; "-" and negative numbers are values.
  CHECK(parse("up", {"--backup=--dry-run"}).text("backup") == "--dry-run");
  CHECK_FALSE(parse("up", {"--backup=--dry-run"}).flag("dry-run"));
  CHECK(parse("down", {"--steps", "-1"}).text("steps") == "-1");
  CHECK(parse("history", {"--limit", "-3", "--version", "-1.5"}).text("limit") == "-3");
  CHECK(parse("lint", {"--max-warnings", "-1"}).text("max-warnings") == "-1");
  CHECK(parse("up", {"--dir", "-"}).text("dir") == "-");
  // Before the command word too: the option is not skipped as a value.
  auto word = find_command_word({"--backup", "--dry-run", "up"});
  CHECK(word.command == "up");
  CHECK(contains(usage_error(word.command, word.rest), "--backup needs a value (DIR); '--dry-run' is an option"));
  word = find_command_word({"--retries", "-1", "up"});
  CHECK(word.command == "up");
  CHECK(why_no_command({"--dir", "--dry-run"}) == "--dir needs a value (DIR); '--dry-run' is an option "
                                                   "(a value that starts with '-' is given as --dir=-VALUE)");
}

TEST_CASE("--help and -? ask for the command's help") {
  for (const Args& args : {Args{"--help"}, Args{"-?"}, Args{"--dir", "x", "-?"}}) {
    const auto help = caught<HelpRequested>([&] { parse("up", args); });
    CHECK(help.text.rfind("usage: pgapply up [OPTIONS]\n", 0) == 0);
  }
}

TEST_CASE("typed values name the option and where a bad value came from") {
  std::string message = caught<Error>([] { parse("up", {"--lock-wait", "soon"}).number("lock-wait", 0); }).what();
  CHECK(message == "--lock-wait expects a number, not 'soon'");
  const auto env = sources({{"PGAPPLY_RETRIES", "-1"}});
  message = caught<Error>([&] { parse("up", {}, env).whole_number("retries", 0); }).what();
  CHECK(message == "--retries must be 0 or more, not -1 (from PGAPPLY_RETRIES)");
  // Past what a long long holds: out of range on its own side, not "not a number".
  message = caught<Error>([] { parse("up", {"--retries", "-99999999999999999999"}).whole_number("retries", 0, 1000); })
                .what();
  CHECK(message == "--retries must be 0 or more, not -99999999999999999999");
  message = caught<Error>([] { parse("up", {"--retries", "99999999999999999999"}).whole_number("retries", 0, 1000); })
                .what();
  CHECK(message == "--retries must be 1000 or less, not 99999999999999999999");
  message = caught<Error>([] { parse("up", {"--retries", "1e3"}).whole_number("retries", 0, 1000); }).what();
  CHECK(message == "--retries expects a whole number, not '1e3'");
  message = caught<Error>([] { parse("status", {"--format", "yaml"}).choice("format", "text json"); }).what();
  CHECK(message == "--format must be text or json, not 'yaml'");
  const auto flag = sources({{"PGAPPLY_NO_VERIFY", "maybe"}});
  message = caught<Error>([&] { parse("up", {}, flag).flag("no-verify"); }).what();
  CHECK(message == "--no-verify is a switch: expected true or false (1 or 0, yes or no, on or off), not 'maybe' "
                   "(from PGAPPLY_NO_VERIFY)");
}

TEST_CASE("settings: command line, then environment, then pgapply.toml, then default") {
  const ProjectFile file = parse_project_file(
      "dir = \"from_file\"\nledger = \"file.ledger\"\nlock_timeout = \"9s\"\nno_verify = true\n"
      "[variables]\nrole = \"file\"\nregion = \"eu\"\n",
      "pgapply.toml");
  const auto env = sources({{"PGAPPLY_DIR", "from_env"}, {"PGAPPLY_LEDGER", "env.ledger"},
                            {"PGAPPLY_SET", "role=env\nextra=1"}, {"PGAPPLY_NO_VERIFY", "0"}},
                           &file);
  const auto values = parse("up", {"--dir", "from_cli", "-v", "role=cli"}, env);
  CHECK(values.text("dir") == "from_cli");
  CHECK(values.items("dir").back().source.kind == SourceKind::command_line);
  CHECK(values.text("ledger") == "env.ledger");
  CHECK(values.items("ledger").back().source.describe() == "environment (PGAPPLY_LEDGER)");
  CHECK(values.text("lock-timeout") == "9s");
  CHECK(values.items("lock-timeout").back().source.describe() == "pgapply.toml:3");
  CHECK(values.text("lock-wait") == "60s");
  CHECK(values.items("lock-wait").back().source.kind == SourceKind::default_value);
  CHECK_FALSE(values.flag("no-verify"));  // the environment's 0 beats the file's true
  // Variables add up, lowest precedence first, so the command line's wins by
  // name (a TOML table's keys come in sorted order).
  CHECK(values.list("set") == Args{"region=eu", "role=file", "role=env", "extra=1", "role=cli"});
  // Without the command line and the environment, the file decides.
  const auto file_only = parse("up", {}, sources({}, &file));
  CHECK(file_only.text("dir") == "from_file");
  CHECK(file_only.flag("no-verify"));
  // Options the command does not take are not read from anywhere.
  const auto status = parse("status", {}, env);
  CHECK(status.items("lock-timeout").empty());
  // Connection options are libpq's business: no PGAPPLY_DBNAME.
  CHECK(parse("status", {}, sources({{"PGAPPLY_DBNAME", "x"}})).items("dbname").empty());
}

TEST_CASE("of two options that exclude each other, the higher source holds, and both from one source conflict") {
  const ProjectFile file = parse_project_file("shadow = \"postgresql://localhost/file\"\n", "pgapply.toml");
  // --no-shadow on the command line turns off pgapply.toml's and the environment's shadow.
  CHECK_FALSE(shadow_settings(parse("verify", {"--no-shadow"}, sources({}, &file))).enabled);
  const auto env_shadow = sources({{"PGAPPLY_SHADOW", "postgresql://localhost/env"}}, &file);
  CHECK_FALSE(shadow_settings(parse("verify", {"--no-shadow"}, env_shadow)).enabled);
  // --shadow on the command line holds over PGAPPLY_NO_SHADOW, which holds over pgapply.toml's shadow.
  const auto env_off = sources({{"PGAPPLY_NO_SHADOW", "1"}}, &file);
  const auto given = shadow_settings(parse("verify", {"--shadow", "postgresql://localhost/cli"}, env_off));
  CHECK(given.enabled);
  CHECK(given.url == "postgresql://localhost/cli");
  CHECK_FALSE(shadow_settings(parse("verify", {}, env_off)).enabled);
  const auto from_file = shadow_settings(parse("verify", {}, sources({}, &file)));
  CHECK(from_file.enabled);
  CHECK(from_file.url == "postgresql://localhost/file");
  // Two from the same source conflict, naming them when it is not the command line.
  std::string message =
      caught<Error>([] { shadow_settings(parse("verify", {"--shadow", "postgresql://x/y", "--no-shadow"})); }).what();
  CHECK(message == "give --shadow or --no-shadow, not both");
  const auto both_env = sources({{"PGAPPLY_SHADOW", "postgresql://x/y"}, {"PGAPPLY_NO_SHADOW", "true"}});
  message = caught<Error>([&] { shadow_settings(parse("verify", {}, both_env)); }).what();
  CHECK(message == "give --shadow or --no-shadow, not both (PGAPPLY_SHADOW and PGAPPLY_NO_SHADOW)");
  // --env-file and --no-env-file the same way.
  settings::ConnectOptions connect;
  env_file_settings(parse("status", {"--env-file", "prod.env"}, sources({{"PGAPPLY_NO_ENV_FILE", "1"}})), connect);
  CHECK(connect.read_env_file);
  CHECK(connect.env_file == "prod.env");
  CHECK(connect.env_file_required);
  connect = {};
  env_file_settings(parse("status", {"--no-env-file"}, sources({{"PGAPPLY_ENV_FILE", "prod.env"}})), connect);
  CHECK_FALSE(connect.read_env_file);
  message = caught<Error>([] {
              settings::ConnectOptions options;
              env_file_settings(parse("status", {"--env-file", "a.env", "--no-env-file"}), options);
            }).what();
  CHECK(message == "give --env-file or --no-env-file, not both");
}

TEST_CASE("a lint rule given to --enable and --disable takes the higher source, and both from one source conflict") {
  const ProjectFile file = parse_project_file("[lint]\ndisable = [\"ban-drop-table\"]\n", "pgapply.toml");
  // --enable on the command line turns on a rule pgapply.toml turns off, and PGAPPLY_DISABLE wins over the file.
  CHECK(lint_settings(parse("lint", {"--enable", "ban-drop-table"}, sources({}, &file))).enabled.at("ban-drop-table"));
  const auto env = sources({{"PGAPPLY_ENABLE", "ban-drop-table"}}, &file);
  CHECK(lint_settings(parse("lint", {}, env)).enabled.at("ban-drop-table"));
  CHECK_FALSE(lint_settings(parse("lint", {"--disable", "ban-drop-table,prefer-bigint-over-int"}, env))
                  .enabled.at("ban-drop-table"));
  std::string message =
      caught<Error>([] { lint_settings(parse("lint", {"--enable", "ban-drop-table", "--disable=ban-drop-table"})); })
          .what();
  CHECK(message == "the lint rule 'ban-drop-table' is given to both --enable and --disable");
  const auto both_env = sources({{"PGAPPLY_ENABLE", "ban-drop-table"}, {"PGAPPLY_DISABLE", "ban-drop-table"}});
  message = caught<Error>([&] { lint_settings(parse("lint", {}, both_env)); }).what();
  CHECK(message ==
        "the lint rule 'ban-drop-table' is given to both --enable and --disable (PGAPPLY_ENABLE and PGAPPLY_DISABLE)");
}

TEST_CASE("a hint repeats a project option the command line gave over pgapply.toml, though it is the default") {
  // The hint runs where pgapply.toml is read again: left out, its supabase
  // and db would come back in place of the command line's choice.
  const ProjectFile file = parse_project_file("dir = \"db\"\nledger_format = \"supabase\"\n", "pgapply.toml");
  const auto given = parse("status", {"--ledger-format", "pgapply", "--dir", "migrations"}, sources({}, &file));
  const std::string hint = engine::pgapply_command(context_settings(given), {"status"});
  CHECK(contains(hint, "--dir migrations"));
  CHECK(contains(hint, "--ledger-format pgapply"));
  // What pgapply.toml gives needs no repeating, nor does a default.
  CHECK(engine::pgapply_command(context_settings(parse("status", {}, sources({}, &file))), {"status"}) ==
        "pgapply status");
  CHECK(engine::pgapply_command(context_settings(parse("status", {"--dir", "migrations"})), {"status"}) ==
        "pgapply status");
}

TEST_CASE("every option row is consistent: PGAPPLY_ names, unique names, commands name real options") {
  std::map<std::string_view, int> seen;
  for (const auto& option : option_table()) {
    CHECK(++seen[option.name] == 1);
    if (!option.env.empty()) {
      std::string expected = "PGAPPLY_";
      for (const char c : option.name) expected += c == '-' ? '_' : static_cast<char>(std::toupper(c));
      CHECK(option.env == expected);
    }
    CHECK(option.takes_value() == !option.value_name.empty());
  }
  for (const auto& command : command_table()) {
    CHECK(command.usage().find("[OPTIONS]") != std::string::npos);
    CHECK(command.takes("help"));
    for (const auto& name : command.options) {
      INFO(command.name, " ", name);
      CHECK(find_option(name) != nullptr);
    }
  }
}
