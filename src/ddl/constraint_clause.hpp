#pragma once

// Constraint clauses shared by CREATE TABLE, ALTER TABLE ... ADD and CREATE
// DOMAIN: table constraints, and the pieces of column constraints.

#include <optional>
#include <vector>

#include "ddl/declaration.hpp"
#include "ddl/token_cursor.hpp"

namespace pgapply::ddl {

struct ParsedConstraint {
  ConstraintSpec spec;
  std::vector<Feature> features;  // syntax it needs (NULLS NOT DISTINCT, NOT VALID...)
};

// Whether the cursor is at a table constraint: CONSTRAINT, CHECK, UNIQUE,
// PRIMARY KEY, FOREIGN KEY, EXCLUDE.
bool at_table_constraint(const TokenCursor& c);

// A table constraint, read to the cursor's end.
std::optional<ParsedConstraint> parse_table_constraint(TokenCursor& c);

// After REFERENCES: table [(columns)] [MATCH ...] [ON DELETE|UPDATE action].
void parse_references(TokenCursor& c, ConstraintSpec& spec);

// DEFERRABLE, NOT DEFERRABLE, INITIALLY ..., NOT VALID, NO INHERIT, and index
// parameters (INCLUDE, WITH, USING INDEX TABLESPACE) after a constraint: reads
// as many as there are. Returns whether it read any.
bool parse_constraint_attributes(TokenCursor& c, ParsedConstraint& constraint);

// The names in a parenthesised column list, as written (each folded).
std::vector<std::string> parse_name_list(TokenCursor& c);

}  // namespace pgapply::ddl
