#pragma once

// A column definition, as in CREATE TABLE (...) and ALTER TABLE ... ADD
// COLUMN: name type [COLLATE c] [constraints...].

#include <optional>
#include <vector>

#include "ddl/declaration.hpp"
#include "ddl/token_cursor.hpp"

namespace pgapply::ddl {

struct ParsedColumn {
  ColumnSpec spec;
  std::vector<Feature> features;  // syntax it needs (identity, generated, NULLS NOT DISTINCT...)
  std::size_t name_token = 0;     // index of the column name's token
};

// Reads a column definition to the cursor's end; nullopt if there is no name.
std::optional<ParsedColumn> parse_column_definition(TokenCursor& c);

// The end of a type name from the cursor: the first depth-0 word that starts
// a column constraint or clause (NOT, DEFAULT, COLLATE, USING...), or the
// cursor's end.
std::size_t type_end(const TokenCursor& c);

// The features a type needs (json 9.2, jsonb 9.4).
std::vector<Feature> type_features(const std::string& normalized_type);

// The features a default expression needs (gen_random_uuid() 13).
std::vector<Feature> expression_features(std::string_view expression);

}  // namespace pgapply::ddl
