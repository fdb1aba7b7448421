// --help, rendered from the command and option tables.
#include "cli/help_text.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace pgapply::cli;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the overview lists every command and every exit status, 70 included") {
  const std::string help = overview_help();
  for (const auto& command : command_table()) CHECK(contains(help, "\n  " + std::string(command.name) + " "));
  CHECK(contains(help, "\n  70   a bug in pgapply"));
  CHECK(contains(help, "-V, --version"));
  CHECK(contains(help, "-?, --help"));
}

TEST_CASE("a command's help: usage with [OPTIONS], every option, texts in one aligned column") {
  for (const auto& command : command_table()) {
    INFO(command.name);
    const std::string help = command_help(command);
    CHECK(help.rfind("usage: pgapply " + std::string(command.name) + " ", 0) == 0);
    CHECK(contains(help.substr(0, help.find('\n')), "[OPTIONS]"));
    CHECK(contains(help, " 70 bug"));
    std::istringstream lines(help);
    std::size_t column = 0;
    for (std::string line; std::getline(lines, line);) {
      CHECK(line.size() <= 80);
      // An option line: "  -x, --name VALUE   text" or "  --name   text".
      if (line.rfind("  -", 0) != 0) continue;
      const auto gap = line.find("  ", 2);
      REQUIRE(gap != std::string::npos);
      const auto text = line.find_first_not_of(' ', gap);
      if (column == 0) column = text;
      CHECK(text == column);
    }
    for (const auto& name : command.options) CHECK(contains(help, "--" + std::string(name)));
  }
}

TEST_CASE("option help shows choices, defaults and the environment variable") {
  const auto* status = find_command("status");
  CHECK(option_details(*find_option("format"), status) == "output format: text or json (default text; PGAPPLY_FORMAT)");
  CHECK(option_details(*find_option("format"), find_command("split")) ==
        "output format: text, json or count (default text; PGAPPLY_FORMAT)");
  CHECK(option_label(*find_option("dbname")) == "-d, --dbname DBNAME");
  CHECK(option_label(*find_option("set")) == "-v, --set NAME=VALUE");
  CHECK(option_details(*find_option("set"), status) == "set a psql variable (repeatable; PGAPPLY_SET)");
}

TEST_CASE("the notes the table adds (repeatable, default, environment) are said once") {
  // --enable's text said "repeatable" and the note again: "...; repeatable, or RULE,RULE (repeatable; PGAPPLY_ENABLE)"
  for (const auto& command : command_table()) {
    for (const auto& option : option_table()) {
      const std::string details = option_details(option_for_command(option, command.name), &command);
      CAPTURE(command.name);
      CAPTURE(details);
      const auto first = details.find("repeatable");
      CHECK((first == std::string::npos || details.find("repeatable", first + 1) == std::string::npos));
      if (!option.env.empty()) CHECK(details.find(option.env) == details.rfind(option.env));
    }
  }
  CHECK(option_details(*find_option("enable"), find_command("lint")) ==
        "turn a lint rule on (an opt-in one too); RULE,RULE for several (repeatable; PGAPPLY_ENABLE)");
  CHECK(option_details(*find_option("disable"), find_command("lint")) ==
        "turn a lint rule off; RULE,RULE for several (repeatable; PGAPPLY_DISABLE)");
}

TEST_CASE("an option a command reads its own way shows that command's value, text and choices") {
  const std::string baseline = command_help(*find_command("baseline"));
  CHECK(contains(baseline, "--from TOOL "));
  CHECK(contains(baseline, "flyway, dbmate,"));
  CHECK(!contains(baseline, "--from VERSION"));
  CHECK(contains(baseline, "--version VERSION            record the pending migrations"));
  const std::string up = command_help(*find_command("up"));
  CHECK(contains(up, "--from VERSION "));
  CHECK(!contains(up, "ledger to adopt"));
  CHECK(contains(command_help(*find_command("history")), "--version VERSION            only VERSION's events"));
  const OptionSpec from = option_for_command(*find_option("from"), "baseline");
  CHECK(from.hint == ValueHint::choice);
  CHECK(option_for_command(*find_option("from"), "lint").hint == ValueHint::version);
}

TEST_CASE("wrap breaks at words and indents the following lines") {
  CHECK(wrap("one two three four", 9, 2) == "one two\n  three\n  four");
  CHECK(wrap("", 10, 0).empty());
}
