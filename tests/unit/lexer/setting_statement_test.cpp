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

TEST_CASE("set_setting: the setting a SET names, as PostgreSQL names it, and whether LOCAL") {
  const auto of = [](const char* sql) { return pgapply::lexer::set_setting(tokenize(sql)); };
  const auto local = [&](const char* sql) {
    const auto found = of(sql);
    return found && found->local ? found->name : std::string("(none)");
  };
  CHECK(local("SET LOCAL search_path = app, public") == "search_path");
  CHECK(local("set local SCHEMA 'app'") == "search_path");
  CHECK(local("SET LOCAL TIME ZONE 'UTC'") == "timezone");
  CHECK(local("SET LOCAL ROLE app_owner") == "role");
  CHECK(local("set local \"Lock_Timeout\" to '1s'") == "Lock_Timeout");  // (quoted: as written)
  CHECK(local("SET LOCAL app.tenant_id = '42'") == "app.tenant_id");
  CHECK(local("SET LOCAL SESSION AUTHORIZATION alice") == "session_authorization");
  CHECK(local("SET LOCAL XML OPTION DOCUMENT") == "xmloption");
  CHECK_FALSE(of("SET LOCAL SEED TO 0.5"));
  REQUIRE(of("SET search_path TO app"));
  CHECK_FALSE(of("SET search_path TO app")->local);
  CHECK(of("SET SESSION statement_timeout = 0")->name == "statement_timeout");
  CHECK(of("SET SESSION AUTHORIZATION alice")->name == "session_authorization");
  CHECK_FALSE(of("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
  CHECK_FALSE(of("SET LOCAL TRANSACTION READ ONLY"));
  CHECK_FALSE(of("SET CONSTRAINTS ALL DEFERRED"));
  CHECK_FALSE(of("SET NAMES 'UTF8'"));
  CHECK_FALSE(of("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"));
  REQUIRE(of("RESET search_path"));  // (as a SET of its session value)
  CHECK(of("RESET search_path")->name == "search_path");
  CHECK_FALSE(of("RESET search_path")->local);
  CHECK(of("RESET TIME ZONE")->name == "timezone");
  CHECK_FALSE(of("RESET ALL"));
  CHECK_FALSE(of("SELECT set_config('search_path', 'app', true)"));
}

TEST_CASE("may_change_stored_settings: ALTER DATABASE, ROLE or USER ... SET or RESET, in a DO block's EXECUTE too") {
  using pgapply::lexer::may_change_stored_settings;
  CHECK(may_change_stored_settings("ALTER DATABASE postgres SET app.settings.api_url TO 'https://x'"));
  CHECK(may_change_stored_settings("alter role app in database db set search_path = app, public"));
  CHECK(may_change_stored_settings("ALTER\nUSER app RESET ALL"));
  CHECK(may_change_stored_settings("do $$ begin execute format('alter database %I set search_path to app', "
                                   "current_database()); end $$"));
  CHECK(may_change_stored_settings("do $$ begin execute 'ALTER DATABASE ' || quote_ident(current_database()) || "
                                   "' SET app.x = 1'; end $$"));
  CHECK_FALSE(may_change_stored_settings("ALTER ROLE app WITH NOLOGIN"));
  CHECK_FALSE(may_change_stored_settings("alter role app password 'x'"));
  CHECK_FALSE(may_change_stored_settings("ALTER DATABASE postgres OWNER TO app"));
  CHECK_FALSE(may_change_stored_settings("ALTER USER MAPPING FOR app SERVER s OPTIONS (SET password 'p')"));
  CHECK_FALSE(may_change_stored_settings("create table t (id int) -- see alter role docs, set it"));
  // (a string that reads so is taken for one: it may be EXECUTEd)
  CHECK(may_change_stored_settings("select 'alter role x set y' as words_in_a_string"));
}
