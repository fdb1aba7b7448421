#include "lexer/batch_boundaries.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace pgapply::lexer;

TEST_CASE("ordinary statements are parsed with their batch") {
  CHECK_FALSE(needs_separate_parse("insert into t values (1, 'it''s; $$', E'tab\\there')"));
  CHECK_FALSE(needs_separate_parse("create table \"Order\" (id int, \"quoted name\" text)"));
  CHECK_FALSE(needs_separate_parse("select '" + std::string(200, 'x') + "'"));  // a long string, not a name
  CHECK_FALSE(needs_separate_parse("do $$ begin raise notice 'a\\b'; end $$"));  // a dollar-quoted body
}

TEST_CASE("statements whose parse depends on settings, or raises a notice without position, lead their batch") {
  CHECK(needs_separate_parse("insert into t values ('a\\b')"));      // standard_conforming_strings
  CHECK(needs_separate_parse("insert into t values (N'a\\b')"));
  CHECK(needs_separate_parse("select U&'d\\0061t\\+000061'"));      // refused when that setting is off
  CHECK(needs_separate_parse("select u&'x'"));
  CHECK(needs_separate_parse("select E'it\\'s'"));                  // backslash_quote
  CHECK(needs_separate_parse("create table " + std::string(64, 'n') + " (id int)"));  // truncated, with a notice
  CHECK(needs_separate_parse("create table \"" + std::string(64, 'N') + "\" (id int)"));
  CHECK_FALSE(needs_separate_parse("create table " + std::string(63, 'n') + " (id int)"));
  CHECK_FALSE(needs_separate_parse("select E'a\\\\b\\n'"));  // E'' without \' parses alike either way
}

TEST_CASE("statements that may change how later ones parse end their batch") {
  CHECK(may_change_parse_settings("SET standard_conforming_strings = off"));
  CHECK(may_change_parse_settings("set client_encoding to 'LATIN1'"));
  CHECK(may_change_parse_settings("/* c */ RESET ALL"));
  CHECK(may_change_parse_settings("SELECT pg_catalog.set_config('search_path', '', false)"));
  CHECK(may_change_parse_settings("select SET_CONFIG('client_encoding', 'LATIN1', false)"));
  CHECK_FALSE(may_change_parse_settings("update t set a = 1"));
  CHECK_FALSE(may_change_parse_settings("insert into settings values ('reset')"));
  CHECK_FALSE(may_change_parse_settings("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));  // not a setting
}

TEST_CASE("may_hold_password: roles with PASSWORD and user mappings, not other statements") {
  using pgapply::lexer::may_hold_password;
  CHECK(may_hold_password("CREATE ROLE app LOGIN PASSWORD 'x'"));
  CHECK(may_hold_password("alter user app with encrypted password 'x'"));
  CHECK(may_hold_password("create group g password 'x'"));
  CHECK(may_hold_password("CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'u', password 'p')"));
  CHECK(may_hold_password("alter user mapping for app server s options (set password 'p')"));
  CHECK(may_hold_password("do $$ begin if not exists (select from pg_roles where rolname = 'app') then "
                          "create role app login password 'x'; end if; end $$"));
  CHECK(may_hold_password("CREATE SUBSCRIPTION s CONNECTION 'host=h password=p' PUBLICATION p"));
  CHECK_FALSE(may_hold_password("do $$ begin perform 1; end $$"));
  CHECK_FALSE(may_hold_password("CREATE ROLE app NOLOGIN"));
  CHECK_FALSE(may_hold_password("create table password (id int)"));
  CHECK_FALSE(may_hold_password("insert into users (password) values ('x')"));
  CHECK_FALSE(may_hold_password("alter table mapping add column password text"));
}
