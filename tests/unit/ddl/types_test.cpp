#include "ddl/types.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace pgapply::ddl;

// Every pair below was checked against PostgreSQL 15: a table with one column
// per declared type, then format_type(atttypid, atttypmod) for each (with
// enum types mood, other.mood, "Mood Type", "user", "MixedCase" and
// "Weird""Name" created first, and `other` not in the search path).
TEST_CASE("normalize_type prints what format_type prints") {
  const std::vector<std::pair<std::string, std::string>> cases = {
    {"int", "integer"},
    {"int4", "integer"},
    {"integer", "integer"},
    {"INTEGER", "integer"},
    {"int8", "bigint"},
    {"bigint", "bigint"},
    {"int2", "smallint"},
    {"smallint", "smallint"},
    {"serial", "integer"},
    {"bigserial", "bigint"},
    {"smallserial", "smallint"},
    {"serial4", "integer"},
    {"serial8", "bigint"},
    {"serial2", "smallint"},
    {"float8", "double precision"},
    {"double precision", "double precision"},
    {"float4", "real"},
    {"real", "real"},
    {"float", "double precision"},
    {"float(1)", "real"},
    {"float(24)", "real"},
    {"float(25)", "double precision"},
    {"float(53)", "double precision"},
    {"bool", "boolean"},
    {"boolean", "boolean"},
    {"varchar", "character varying"},
    {"varchar(20)", "character varying(20)"},
    {"character varying", "character varying"},
    {"character varying(255)", "character varying(255)"},
    {"char varying(5)", "character varying(5)"},
    {"char", "character(1)"},
    {"char(5)", "character(5)"},
    {"character", "character(1)"},
    {"character(3)", "character(3)"},
    {"bpchar", "bpchar"},
    {"bpchar(7)", "character(7)"},
    {"nchar(4)", "character(4)"},
    {"national character varying(9)", "character varying(9)"},
    {"national char(2)", "character(2)"},
    {"text", "text"},
    {"numeric", "numeric"},
    {"numeric(10)", "numeric(10,0)"},
    {"numeric(12,4)", "numeric(12,4)"},
    {"numeric(12, 4)", "numeric(12,4)"},
    {"decimal", "numeric"},
    {"decimal(8,2)", "numeric(8,2)"},
    {"dec(6)", "numeric(6,0)"},
    {"timestamp", "timestamp without time zone"},
    {"timestamp(3)", "timestamp(3) without time zone"},
    {"timestamp without time zone", "timestamp without time zone"},
    {"timestamp(0) without time zone", "timestamp(0) without time zone"},
    {"timestamptz", "timestamp with time zone"},
    {"timestamptz(3)", "timestamp(3) with time zone"},
    {"timestamp with time zone", "timestamp with time zone"},
    {"timestamp(6) with time zone", "timestamp(6) with time zone"},
    {"time", "time without time zone"},
    {"time(2)", "time(2) without time zone"},
    {"time without time zone", "time without time zone"},
    {"timetz", "time with time zone"},
    {"time with time zone", "time with time zone"},
    {"time(4) with time zone", "time(4) with time zone"},
    {"timetz(1)", "time(1) with time zone"},
    {"interval", "interval"},
    {"interval(3)", "interval(3)"},
    {"interval year", "interval year"},
    {"interval year to month", "interval year to month"},
    {"interval day to second", "interval day to second"},
    {"interval day to second(3)", "interval day to second(3)"},
    {"interval hour to minute", "interval hour to minute"},
    {"interval second(2)", "interval second(2)"},
    {"interval minute to second", "interval minute to second"},
    {"date", "date"},
    {"json", "json"},
    {"jsonb", "jsonb"},
    {"uuid", "uuid"},
    {"bytea", "bytea"},
    {"inet", "inet"},
    {"cidr", "cidr"},
    {"macaddr", "macaddr"},
    {"macaddr8", "macaddr8"},
    {"money", "money"},
    {"bit", "bit(1)"},
    {"bit(8)", "bit(8)"},
    {"bit varying", "bit varying"},
    {"bit varying(16)", "bit varying(16)"},
    {"varbit", "bit varying"},
    {"varbit(4)", "bit varying(4)"},
    {"\"char\"", "\"char\""},
    {"name", "name"},
    {"oid", "oid"},
    {"xml", "xml"},
    {"tsvector", "tsvector"},
    {"int4range", "int4range"},
    {"text[]", "text[]"},
    {"integer[]", "integer[]"},
    {"integer[][]", "integer[]"},
    {"int[3]", "integer[]"},
    {"int ARRAY", "integer[]"},
    {"int ARRAY[4]", "integer[]"},
    {"varchar(20)[]", "character varying(20)[]"},
    {"numeric(5,2)[]", "numeric(5,2)[]"},
    {"timestamptz[]", "timestamp with time zone[]"},
    {"pg_catalog.int4", "integer"},
    {"pg_catalog.varchar(10)", "character varying(10)"},
    {"pg_catalog.bool", "boolean"},
    {"pg_catalog.timestamptz", "timestamp with time zone"},
    {"pg_catalog.text", "text"},
    {"pg_catalog.\"char\"", "\"char\""},
    {"\"int4\"", "integer"},
    {"\"varchar\"(12)", "character varying(12)"},
    {"\"timestamp\"(3)", "timestamp(3) without time zone"},
    {"\"bit\"", "\"bit\""},
    {"\"numeric\"(7,3)", "numeric(7,3)"},
    {"mood", "mood"},
    {"\"Mood Type\"", "\"Mood Type\""},
    {"other.mood", "other.mood"},
    {"other.mood[]", "other.mood[]"},
    {"\"user\"", "\"user\""},
    {"\"MixedCase\"[]", "\"MixedCase\"[]"},
    {"\"Weird\"\"Name\"", "\"Weird\"\"Name\""},
    {"_int4", "integer[]"},
    {"_mood", "mood[]"},  // the array type of the user's mood, as PostgreSQL names it
    {"other._mood", "other.mood[]"},
  };
  for (const auto& [declared, server] : cases) {
    CAPTURE(declared);
    CHECK(normalize_type(declared) == server);
  }
}

TEST_CASE("a user type qualified with a schema in the search path matches format_type without it") {
  // format_type printed these unqualified: public is in the search path.
  CHECK(normalize_type("public.mood") == "public.mood");
  CHECK(types_match(normalize_type("public.mood"), "mood"));
  CHECK(types_match(normalize_type("public.\"Mood Type\""), "\"Mood Type\""));
  CHECK(types_match(normalize_type("mood"), "other.mood"));
  CHECK(types_match("integer", "integer"));
  CHECK_FALSE(types_match("integer", "bigint"));
  CHECK_FALSE(types_match("character varying(20)", "character varying(30)"));
  CHECK_FALSE(types_match("other.mood", "another.mood2"));
}

TEST_CASE("analyse_type flags serial types, arrays and builtins") {
  const auto serial = analyse_type("serial");
  CHECK(serial.recognised);
  CHECK(serial.serial);
  CHECK(serial.text == "integer");
  CHECK(analyse_type("BIGSERIAL").serial);
  CHECK_FALSE(analyse_type("integer").serial);
  CHECK(analyse_type("text[]").array);
  CHECK(analyse_type("text").builtin);
  CHECK_FALSE(analyse_type("mood").builtin);
  CHECK(analyse_type("pg_catalog.int4").builtin);
}

TEST_CASE("what is not a type name alone is kept as written, whitespace collapsed") {
  CHECK_FALSE(analyse_type("users.id%TYPE").recognised);
  CHECK(normalize_type("users.id%TYPE") == "users.id%TYPE");
  CHECK(normalize_type("  integer   NOT NULL ") == "integer NOT NULL");
  CHECK_FALSE(analyse_type("double").recognised);
  CHECK_FALSE(analyse_type("float(54)").recognised);
  CHECK_FALSE(analyse_type("float(0)").recognised);
  CHECK_FALSE(analyse_type("numeric(1,2,3)").recognised);
  CHECK_FALSE(analyse_type("").recognised);
  CHECK(normalize_type("") == "");
  CHECK_FALSE(analyse_type("varchar(").recognised);
}

TEST_CASE("without_typmod drops typmods but keeps array brackets and quoted names") {
  CHECK(without_typmod("character varying(20)") == "character varying");
  CHECK(without_typmod("numeric(12,4)[]") == "numeric[]");
  CHECK(without_typmod("timestamp(3) with time zone") == "timestamp with time zone");
  CHECK(without_typmod("\"a(b\"") == "\"a(b\"");
  CHECK(without_typmod("text") == "text");
}
