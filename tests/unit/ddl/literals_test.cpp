#include "ddl/literals.hpp"

#include <doctest/doctest.h>

#include "ddl/expression.hpp"

using namespace pgapply::ddl;

TEST_CASE("canonical decimals compare numbers, not spellings") {
  CHECK(canonical_decimal("1.50") == canonical_decimal("1.5"));
  CHECK(canonical_decimal("+1.5") == canonical_decimal("15e-1"));
  CHECK(canonical_decimal("100") == canonical_decimal("1e2"));
  CHECK(canonical_decimal("0") == canonical_decimal("-0.000"));
  CHECK(canonical_decimal(".5") == canonical_decimal("0.5"));
  CHECK(canonical_decimal("007") == canonical_decimal("7"));
  CHECK(canonical_decimal("-1") != canonical_decimal("1"));
  CHECK(canonical_decimal("1.5") != canonical_decimal("1.05"));
  CHECK_FALSE(canonical_decimal("NaN").has_value());
  CHECK_FALSE(canonical_decimal("1x").has_value());
  CHECK_FALSE(canonical_decimal("").has_value());
  CHECK_FALSE(canonical_decimal("1e").has_value());
  CHECK(canonical_decimal("1e999999999999999999").has_value());
}

TEST_CASE("booleans as boolin reads them") {
  for (const char* yes : {"t", "true", "TRUE", " yes ", "y", "on", "1", "tr"}) {
    CAPTURE(yes);
    CHECK(parse_bool(yes) == true);
  }
  for (const char* no : {"f", "false", "no", "n", "off", "of", "0", "FALSE"}) {
    CAPTURE(no);
    CHECK(parse_bool(no) == false);
  }
  for (const char* neither : {"", "o", "maybe", "2", "truex"}) {
    CAPTURE(neither);
    CHECK_FALSE(parse_bool(neither).has_value());
  }
}

TEST_CASE("escape strings decode the simple escapes only") {
  CHECK(decode_escape_string("a\\nb") == "a\nb");
  CHECK(decode_escape_string("it\\'s") == "it's");
  CHECK(decode_escape_string("it''s") == "it's");
  CHECK(decode_escape_string("back\\\\slash") == "back\\slash");
  CHECK(decode_escape_string("\\q") == "q");
  CHECK_FALSE(decode_escape_string("\\x41").has_value());
  CHECK_FALSE(decode_escape_string("\\101").has_value());
  CHECK_FALSE(decode_escape_string("\\u0041").has_value());
  CHECK_FALSE(decode_escape_string("trailing\\").has_value());
}

TEST_CASE("terms of default expressions") {
  const auto cast = parse_term("'light'::character varying");
  CHECK(cast.kind == Term::Kind::literal);
  CHECK(cast.quoted);
  CHECK(cast.value == "light");
  CHECK(cast.cast == "character varying");

  const auto negative = parse_term("'-1'::integer");
  CHECK(negative.kind == Term::Kind::literal);
  CHECK(negative.value == "-1");

  CHECK(parse_term("(((5)))").value == "5");
  CHECK(parse_term("-5").value == "-5");
  CHECK(parse_term("NULL::text").kind == Term::Kind::null);
  CHECK(parse_term("").kind == Term::Kind::empty);
  CHECK(parse_term("current_timestamp").value == "CURRENT_TIMESTAMP");
  CHECK(parse_term("CURRENT_TIMESTAMP(3)").value == "CURRENT_TIMESTAMP(3)");
  CHECK(parse_term("now()").kind == Term::Kind::sql_value);
  CHECK(parse_term("interval '1 day'").cast == "interval");
  CHECK(parse_term("CAST('7' AS int)").cast == "integer");
  // a dollar-quoted string is a string constant too, its body the value
  const auto dollar = parse_term("$$it's$$");
  CHECK(dollar.kind == Term::Kind::literal);
  CHECK(dollar.quoted);
  CHECK(dollar.value == "it's");
  CHECK(parse_term("$tag$a$tag$::text").cast == "text");

  const auto call = parse_term("pg_catalog.nextval('s'::regclass)");
  CHECK(call.kind == Term::Kind::function);
  CHECK(call.value == "nextval");
  REQUIRE(call.args.size() == 1);
  CHECK(call.args[0].value == "s");
  CHECK(call.args[0].cast == "regclass");

  // a cast binds tighter than +: this is an expression, not a cast of a sum
  const auto sum = parse_term("1 + 2::int");
  CHECK(sum.kind == Term::Kind::expression);
  CHECK(sum.operators == 1);
  CHECK(parse_term("(1 + 2)").loose == parse_term("1 + 2").loose);
}
