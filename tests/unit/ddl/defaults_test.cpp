#include "ddl/defaults.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ddl/builtin_volatility.hpp"
#include "ddl/types.hpp"
#include "lexer/tokenizer.hpp"

using namespace pgapply::ddl;

namespace {

struct Case {
  std::string type;      // as declared
  std::string declared;  // after DEFAULT
  std::string server;    // pg_get_expr(adbin, adrelid); "" when no pg_attrdef row
};

DefaultComparison compare(const Case& c) { return compare_defaults(c.declared, c.server, normalize_type(c.type)); }

}  // namespace

// Every server text below is what PostgreSQL 15's pg_get_expr(adbin, adrelid)
// printed for a column of that type created with that DEFAULT (with `create
// type mood as enum ('a')` and `create sequence seq_a` first).
TEST_CASE("declared defaults equal what the server prints for them") {
  const std::vector<Case> cases = {
      {"integer", "5", "5"},
      {"integer", "-1", "'-1'::integer"},
      {"integer", "'5'", "5"},
      {"integer", "'-1'", "'-1'::integer"},
      {"integer", "+3", "(+ 3)"},
      {"integer", "(5)", "5"},
      {"integer", "0", "0"},
      {"integer", "2147483647", "2147483647"},
      {"bigint", "0", "0"},
      {"bigint", "-1", "'-1'::integer"},
      {"bigint", "5000000000", "'5000000000'::bigint"},
      {"smallint", "1", "1"},
      {"numeric(12,4)", "0", "0"},
      {"numeric(12,4)", "1.5", "1.5"},
      {"numeric", "1.50", "1.50"},
      {"numeric", "-0.5", "'-0.5'::numeric"},
      {"numeric", "'1.5'", "1.5"},
      {"numeric(5,2)", "1e2", "'100'::numeric"},
      {"real", "0.5", "0.5"},
      {"double precision", "0.5", "0.5"},
      {"double precision", "-2.5", "'-2.5'::numeric"},
      {"double precision", "1e10", "'10000000000'::numeric"},
      {"real", "1", "1"},
      {"text", "'UTC'", "'UTC'::text"},
      {"text", "''", "''::text"},
      {"text", "'it''s'", "'it''s'::text"},
      {"text", "E'a\\nb'", "'a\nb'::text"},
      {"text", "E'back\\\\slash'", "'back\\slash'::text"},
      {"text", "'a' || 'b'", "('a'::text || 'b'::text)"},
      {"character varying(20)", "'light'", "'light'::character varying"},
      {"character varying", "'x'", "'x'::character varying"},
      {"character(5)", "'ab'", "'ab'::bpchar"},
      {"boolean", "true", "true"},
      {"boolean", "TRUE", "true"},
      {"boolean", "false", "false"},
      {"boolean", "'t'", "true"},
      {"boolean", "'yes'", "true"},
      {"boolean", "'off'", "false"},
      {"timestamp with time zone", "now()", "now()"},
      {"timestamp with time zone", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"},
      {"timestamp with time zone", "current_timestamp", "CURRENT_TIMESTAMP"},
      {"timestamp with time zone", "CURRENT_TIMESTAMP(3)", "CURRENT_TIMESTAMP(3)"},
      {"timestamp with time zone", "transaction_timestamp()", "transaction_timestamp()"},
      {"timestamp with time zone", "clock_timestamp()", "clock_timestamp()"},
      {"timestamp with time zone", "statement_timestamp()", "statement_timestamp()"},
      {"timestamp with time zone", "now() + interval '1 day'", "(now() + '1 day'::interval)"},
      {"timestamp without time zone", "now()", "now()"},
      {"timestamp without time zone", "LOCALTIMESTAMP", "LOCALTIMESTAMP"},
      {"timestamp without time zone", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"},
      {"date", "CURRENT_DATE", "CURRENT_DATE"},
      {"date", "now()", "now()"},
      {"time without time zone", "LOCALTIME", "LOCALTIME"},
      {"time with time zone", "CURRENT_TIME", "CURRENT_TIME"},
      {"text", "CURRENT_USER", "CURRENT_USER"},
      {"text", "current_user", "CURRENT_USER"},
      {"name", "session_user", "SESSION_USER"},
      {"text", "current_schema", "CURRENT_SCHEMA"},
      {"text", "current_schema()", "\"current_schema\"()"},
      {"text", "user", "USER"},
      {"text[]", "'{}'", "'{}'::text[]"},
      {"text[]", "'{a,b}'", "'{a,b}'::text[]"},
      {"text[]", "ARRAY[]::text[]", "ARRAY[]::text[]"},
      {"text[]", "ARRAY['a','b']", "ARRAY['a'::text, 'b'::text]"},
      {"integer[]", "'{1,2}'", "'{1,2}'::integer[]"},
      {"integer[]", "'{}'::integer[]", "'{}'::integer[]"},
      {"jsonb", "'{}'", "'{}'::jsonb"},
      {"jsonb", "'{}'::jsonb", "'{}'::jsonb"},
      {"json", "'{\"a\":1}'", "'{\"a\":1}'::json"},
      {"uuid", "gen_random_uuid()", "gen_random_uuid()"},
      {"uuid", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"},
      {"double precision", "random()", "random()"},
      {"integer", "NULL", ""},
      {"text", "NULL::text", ""},
      {"integer", "floor(random() * 10)::int", "(floor((random() * (10)::double precision)))::integer"},
      {"text", "lower('ABC')", "lower('ABC'::text)"},
      {"text", "'x'::text", "'x'::text"},
      {"character varying(20)", "'x'::character varying", "'x'::character varying"},
      {"character varying(20)", "'x'::varchar(20)", "'x'::character varying(20)"},
      {"bigint", "nextval('seq_a')", "nextval('seq_a'::regclass)"},
      {"bigint", "nextval('public.seq_a')", "nextval('seq_a'::regclass)"},
      {"bigint", "nextval('seq_a'::regclass)", "nextval('seq_a'::regclass)"},
      {"integer", "1 + 2", "(1 + 2)"},
      {"interval", "'1 day'", "'1 day'::interval"},
      {"interval", "interval '1 day'", "'1 day'::interval"},
      {"numeric(12,4)", "-1", "'-1'::integer"},
      {"mood", "'a'", "'a'::mood"},
      {"mood", "'a'::mood", "'a'::mood"},
      {"inet", "'127.0.0.1'", "'127.0.0.1'::inet"},
      {"money", "0", "0"},
      {"bytea", "'\\x00'", "'\\x00'::bytea"},
      {"bit(3)", "B'101'", "'101'::\"bit\""},
      {"text", "md5('a')", "md5('a'::text)"},
      {"text", "format('%s', 1)", "format('%s'::text, 1)"},
      {"integer", "length('abc')", "length('abc'::text)"},
      {"integer", "CAST(5 AS integer)", "5"},
      {"integer", "CAST('7' AS integer)", "7"},
      {"text", "CAST(5 AS text)", "(5)::text"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.type);
    CAPTURE(c.declared);
    CAPTURE(c.server);
    CHECK(compare(c) == DefaultComparison::equal);
  }
}

// The server stores these constants in their canonical output form: the
// texts differ but may be the same value. (The COLLATE one never reaches
// this: the declaration parser ends the default before COLLATE.)
TEST_CASE("defaults the server canonicalises compare as unknown, not different") {
  const std::vector<Case> cases = {
      {"timestamp with time zone", "'epoch'", "'1970-01-01 00:00:00+00'::timestamp with time zone"},
      {"timestamp without time zone", "'2020-01-01'", "'2020-01-01 00:00:00'::timestamp without time zone"},
      {"date", "'2020-1-1'", "'2020-01-01'::date"},
      {"jsonb", "'{\"a\":1}'", "'{\"a\": 1}'::jsonb"},
      {"text", "'x' COLLATE \"C\"", "'x'::text"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.declared);
    CHECK(compare(c) == DefaultComparison::unknown);
  }
}

TEST_CASE("a function schema-qualified on one side only is the same function (search_path finds it)") {
  // `extensions` on search_path: the server prints the call unqualified
  CHECK(compare_defaults("extensions.uuid_generate_v4()", "uuid_generate_v4()", "uuid") == DefaultComparison::equal);
  CHECK(compare_defaults("uuid_generate_v4()", "extensions.uuid_generate_v4()", "uuid") == DefaultComparison::equal);
  CHECK(compare_defaults("extensions.uuid_generate_v4()", "extensions.uuid_generate_v4()", "uuid") ==
        DefaultComparison::equal);
  CHECK(compare_defaults("extensions.uuid_generate_v4()", "other.uuid_generate_v4()", "uuid") ==
        DefaultComparison::different);
  CHECK(compare_defaults("extensions.uuid_generate_v4()", "gen_random_uuid()", "uuid") == DefaultComparison::different);
}

TEST_CASE("clear differences are different") {
  CHECK(compare_defaults("5", "6", "integer") == DefaultComparison::different);
  CHECK(compare_defaults("-1", "'-2'::integer", "integer") == DefaultComparison::different);
  CHECK(compare_defaults("'UTC'", "'utc'::text", "text") == DefaultComparison::different);
  CHECK(compare_defaults("'light'", "'dark'::character varying", "character varying(20)") ==
        DefaultComparison::different);
  CHECK(compare_defaults("true", "false", "boolean") == DefaultComparison::different);
  CHECK(compare_defaults("now()", "clock_timestamp()", "timestamp with time zone") == DefaultComparison::different);
  CHECK(compare_defaults("now()", "'2020-01-01 00:00:00+00'::timestamp with time zone",
                         "timestamp with time zone") == DefaultComparison::different);
  CHECK(compare_defaults("CURRENT_DATE", "CURRENT_TIMESTAMP", "date") == DefaultComparison::different);
  CHECK(compare_defaults("nextval('a_seq')", "nextval('b_seq'::regclass)", "bigint") == DefaultComparison::different);
  CHECK(compare_defaults("lower('ABC')", "lower('abc'::text)", "text") == DefaultComparison::different);
  CHECK(compare_defaults("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'::uuid",
                         "uuid") == DefaultComparison::different);
}

TEST_CASE("a default on one side only is different, none on both equal") {
  CHECK(compare_defaults("", "", "integer") == DefaultComparison::equal);
  CHECK(compare_defaults("5", "", "integer") == DefaultComparison::different);
  CHECK(compare_defaults("", "5", "integer") == DefaultComparison::different);
  CHECK(compare_defaults("NULL", "", "integer") == DefaultComparison::equal);
  CHECK(compare_defaults("  ", "", "integer") == DefaultComparison::equal);
}

TEST_CASE("equivalent spellings of the current time compare equal") {
  CHECK(compare_defaults("now()", "CURRENT_TIMESTAMP", "timestamp with time zone") == DefaultComparison::equal);
  CHECK(compare_defaults("transaction_timestamp()", "now()", "timestamp with time zone") == DefaultComparison::equal);
  CHECK(compare_defaults("pg_catalog.now()", "now()", "timestamp with time zone") == DefaultComparison::equal);
}

TEST_CASE("expressions whose grouping could matter are unknown, not equal") {
  // The server prints ((a + b) * c) for both of these texts' meaning; only
  // one operator is safe to compare without the parentheses.
  CHECK(compare_defaults("1 + 2 * 3", "((1 + 2) * 3)", "integer") == DefaultComparison::unknown);
  CHECK(compare_defaults("(1 + 2) * 3", "((1 + 2) * 3)", "integer") == DefaultComparison::equal);
  CHECK(compare_defaults("1 + 2", "(1 + 3)", "integer") == DefaultComparison::unknown);
}

TEST_CASE("escape strings are decoded before comparing") {
  // pg_get_expr printed the first with a real newline.
  CHECK(compare_defaults("E'a\\nb'", "'a\nb'::text", "text") == DefaultComparison::equal);
  CHECK(compare_defaults("E'it\\'s'", "'it''s'::text", "text") == DefaultComparison::equal);
  CHECK(compare_defaults("E'\\x41'", "'A'::text", "text") == DefaultComparison::unknown);
}

TEST_CASE("compare_column_default knows serial, identity and generated columns") {
  ColumnSpec serial;
  serial.type = "integer";
  serial.serial = true;
  CHECK(compare_column_default(serial, "nextval('t_id_seq'::regclass)") == DefaultComparison::equal);
  CHECK(compare_column_default(serial, "") == DefaultComparison::different);

  ColumnSpec identity;
  identity.type = "bigint";
  identity.identity = IdentityKind::always;
  CHECK(compare_column_default(identity, "") == DefaultComparison::equal);

  ColumnSpec generated;
  generated.type = "integer";
  generated.generated_expression = "a * 2";
  CHECK(compare_column_default(generated, "(a * 2)") == DefaultComparison::equal);

  ColumnSpec plain;
  plain.type = "character varying(20)";
  plain.default_expression = "'light'";
  CHECK(compare_column_default(plain, "'light'::character varying") == DefaultComparison::equal);
  CHECK(compare_column_default(plain, "") == DefaultComparison::different);
}

TEST_CASE("odd default text never throws") {
  for (const char* text : {"(", ")", "'", "::", "cast(", "cast(x as", "f(((", "- -", "ARRAY[", "E'\\", "::int",
                           "1::", "((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))"}) {
    CAPTURE(text);
    CHECK_NOTHROW(compare_defaults(text, text, "integer"));
    CHECK_NOTHROW(compare_defaults(text, "1", "text"));
  }
}

TEST_CASE("a call of anything but PostgreSQL's own stable functions: user functions and volatile ones, not syntax") {
  const auto calls = [](const std::string& text, std::size_t at) {
    return calls_other_than_stable_builtin(pgapply::lexer::tokenize(text), at);
  };
  CHECK(calls("backfill() > 0", 0));
  CHECK(calls("nextval('s')", 0));
  CHECK_FALSE(calls("lower(x) = x", 0));
  CHECK_FALSE(calls("coalesce(x, 0) > 0", 0));
  CHECK_FALSE(calls("exists (select 1)", 0));
  CHECK_FALSE(calls("x in (1, 2)", 1));
  CHECK_FALSE(calls("backfill", 0));  // no call without a parenthesis
}
