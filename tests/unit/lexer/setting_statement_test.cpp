#include <doctest/doctest.h>

#include "lexer/setting_statement.hpp"

using pgapply::lexer::setting_statement;
using pgapply::lexer::tokenize;

TEST_CASE("setting_statement: SET, SET LOCAL, TO DEFAULT, RESET and RESET ALL of one setting") {
  const auto of = [](const char* sql, const char* alias = "") {
    const auto tokens = tokenize(sql);
    const auto found = setting_statement(tokens, "lock_timeout", alias);
    return found ? std::optional<std::pair<pgapply::lexer::SettingStatement, std::string>>(
                       {*found, found->to_default ? std::string() : std::string(tokens[found->value].text)})
                 : std::nullopt;
  };
  auto set = of("SET lock_timeout = '500ms';");
  REQUIRE(set);
  CHECK_FALSE(set->first.local);
  CHECK_FALSE(set->first.to_default);
  CHECK(set->second == "'500ms'");
  set = of("set local lock_timeout to 200");
  REQUIRE(set);
  CHECK(set->first.local);
  CHECK(set->second == "200");
  CHECK(of("SET SESSION lock_timeout TO DEFAULT")->first.to_default);
  CHECK(of("RESET lock_timeout")->first.to_default);
  CHECK(of("RESET ALL")->first.to_default);
  CHECK_FALSE(of("SET statement_timeout = '1s'"));
  CHECK_FALSE(of("RESET statement_timeout"));
  CHECK_FALSE(of("SELECT 1"));
  CHECK_FALSE(of("SET lock_timeout"));
  // an alias that takes no TO: SET SCHEMA 'app' is SET search_path TO app
  const auto tokens = tokenize("SET SCHEMA 'app'");
  const auto schema = setting_statement(tokens, "search_path", "schema");
  REQUIRE(schema);
  CHECK(tokens[schema->value].value == "app");
}
