#include "psql/meta_command.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply;
using namespace pgapply::psql;

namespace {

MetaCommand parse(std::string_view text, const Variables& variables = {}) {
  return parse_meta_command(text, variables, false, "f.sql", 3);
}

using Args = std::vector<std::string>;

}  // namespace

TEST_CASE("meta-command names and arguments") {
  auto command = parse("\\echo hello   world");
  CHECK(command.name == "echo");
  CHECK(command.args == Args{"hello", "world"});
  CHECK(parse("\\set x 'it''s a\\tvalue'").args == Args{"x", "it's a\tvalue"});
  CHECK(parse("\\i \"my file.sql\"").args == Args{"\"my file.sql\""});
  CHECK(parse("\\gexec").args.empty());
  CHECK(parse("\\echo a'b c'd").args == Args{"ab cd"});
}

TEST_CASE("variables are interpolated in meta-command arguments") {
  Variables variables;
  variables.set("env", "prod");
  const auto command = parse("\\echo deploying to :env :'env' :\"env\" ':env'", variables);
  CHECK(command.args == Args{"deploying", "to", "prod", "'prod'", "\"prod\"", ":env"});
  REQUIRE(command.interpolations.size() == 3);
  CHECK(parse("\\if :env", variables).args == Args{"prod"});
}

TEST_CASE("meta-command errors name the file and line") {
  try {
    parse("\\echo :nope");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()).find("f.sql:3: error: undefined variable :nope") == 0);
  }
  CHECK_THROWS_AS(parse("\\echo `date`"), Error);
  try {
    parse("\\set pw `cat /run/secrets/pw`");
    FAIL("no error");
  } catch (const Error& error) {
    // what to do instead, runnable: -v gives the value
    CHECK(std::string(error.what()).find("f.sql:3: error: backquoted shell commands are not supported") == 0);
    CHECK(std::string(error.what()).find("give the value with -v NAME=VALUE") != std::string::npos);
  }
  CHECK_THROWS_AS(parse("\\echo 'open"), Error);
  CHECK_THROWS_AS(parse("\\echo a \\\\ \\echo b"), Error);
  CHECK(parse_meta_command("\\echo :nope", {}, true, "f.sql", 1).args == Args{":nope"});
}
