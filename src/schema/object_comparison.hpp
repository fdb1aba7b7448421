#pragma once

// Whether an object is as declared: what a migration expects against what
// is there (the catalog's object, or in preflight the state earlier
// migrations leave). Only what the migrations declared counts: a column only
// given a default by ALTER COLUMN ... SET DEFAULT is checked for that.
//
//   columns      type (ddl::types_match), default (ddl::compare_column_default
//                rules: serial, identity, generated), nullability
//   relations    kind (table, view, materialized view, sequence)
//   indexes      valid (indisvalid, indisready), unique, table
//   constraints  kind, columns (PRIMARY KEY, UNIQUE, FOREIGN KEY), validated
//   policies     command, permissive or restrictive
//   RLS          enabled, forced (each only when declared)
//   routines     function or procedure
//   types        kind, enum labels (the declared ones must all be there)

#include <string>
#include <vector>

#include "ddl/defaults.hpp"
#include "schema/expected_object.hpp"

namespace pgapply::schema {

enum class Match {
  ok,
  different,  // a declared attribute differs
  unknown,    // nothing differs, but a default could not be judged (or nothing is known of it)
  invalid,    // an index that is not valid (a failed CREATE INDEX CONCURRENTLY)
};

std::string_view to_string(Match match);

struct Comparison {
  Match match = Match::ok;
  std::vector<std::string> differences;  // "type is text, declared integer"
  ddl::DefaultComparison default_comparison = ddl::DefaultComparison::equal;
};

Comparison compare_objects(const ExpectedObject& expected, const ExpectedObject& actual);

// The default a column spec stands for, compared: serial, identity and
// generated columns included; `actual` may be as written or as the server
// prints it.
ddl::DefaultComparison compare_column_defaults(const ddl::ColumnSpec& expected, const ddl::ColumnSpec& actual);

// How reports show an object's attributes; "any" for one not declared.
std::string describe_type(const ExpectedObject& object);
std::string describe_default(const ExpectedObject& object);   // "" for no default
std::string describe_nullable(const ExpectedObject& object);  // "YES" or "NO"
// Everything else in a few words: "unique index on users", "enabled, forced",
// "permissive, FOR ALL", "enum ('a', 'b')", "view"; "" when there is nothing to say.
std::string describe(const ExpectedObject& object);

}  // namespace pgapply::schema
