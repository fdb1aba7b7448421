#pragma once

// Small SQL expressions (column defaults, mostly) reduced to what comparing
// two spellings of the same expression needs: constants with their values,
// functions with their arguments, and for anything else a canonical token
// string. Casts of constants are dropped from that string ('a'::text reads as
// 'a'), since the server adds them to what a migration wrote without them.

#include <string>
#include <string_view>
#include <vector>

namespace pgapply::ddl {

struct Term {
  enum class Kind {
    empty,       // no text
    null,        // NULL
    literal,     // a constant
    sql_value,   // CURRENT_TIMESTAMP, CURRENT_USER... (now() and transaction_timestamp() too)
    function,    // name(args)
    expression,  // anything else
  };
  Kind kind = Kind::empty;
  // literal: its value (string contents, number as written, "true"/"false");
  // sql_value: upper-case name with any precision ("CURRENT_TIMESTAMP(3)");
  // function: its name, lower-case, pg_catalog dropped ("nextval", "s.f");
  // expression: canonical tokens joined by spaces.
  std::string value;
  bool quoted = false;       // literal: a string constant (not a number or TRUE/FALSE)
  bool undecodable = false;  // literal: an E'' string with escapes not decoded
  std::string cast;          // the outermost cast's type, normalised; "" when none
  std::vector<Term> args;    // function arguments
  // expression: the canonical tokens without grouping parentheses, which the
  // server adds around every operator, and how many operators there are.
  std::string loose;
  int operators = 0;
};

Term parse_term(std::string_view text);

// Whether a normalised type is one of the numeric types.
bool is_numeric_type(std::string_view normalized_type);

// The column of a CHECK whose expression is "col IS NOT NULL" (in any
// parentheses), else "": the one CHECK from which PostgreSQL 12+ proves a
// column holds no NULL, so that SET NOT NULL reads no row. `definition`:
// pg_get_constraintdef's "CHECK ((col IS NOT NULL)) NOT VALID" rather than
// the bare expression.
std::string not_null_check_column(std::string_view expression);
std::string not_null_check_column_of_definition(std::string_view definition);

}  // namespace pgapply::ddl
