#pragma once

// What a plain INSERT changes: the rows of its table, and nothing else,
// where nothing it runs could reach further (preflight's row checks ask the
// target about other tables all the same after it), and the values it
// inserts, which preflight asks the target's unique keys about.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

// INSERT INTO table [(columns)] [OVERRIDING ...] VALUES (...), ... [ON
// CONFLICT ...] [RETURNING ...].
struct InsertValues {
  QualifiedName table;
  // as listed, folded; empty: none listed, or one sets a field or element of a column
  std::vector<std::string> columns;
  // (columns): without one, the values go to the table's columns in order (pg_dump --inserts)
  bool column_list = false;
  std::vector<std::vector<std::string>> rows;  // each row's values, as written ("DEFAULT" too)
  bool on_conflict = false;                    // ON CONFLICT: a clash with a unique key is handled
  // Which key's clash it handles (its arbiter): with none of these three, one
  // not read (an expression, an operator class, a WHERE).
  bool conflict_any_key = false;               // ON CONFLICT DO ...: any key's
  std::vector<std::string> conflict_columns;   // ON CONFLICT (a, b): the unique key of those columns, folded
  std::string conflict_constraint;             // ON CONFLICT ON CONSTRAINT name: that one's, folded
  bool on_conflict_updates = false;            // ON CONFLICT ... DO UPDATE: it may change rows there
  bool overriding_user_value = false;          // OVERRIDING USER VALUE: identity columns take their sequence's
  bool overriding_system_value = false;        // OVERRIDING SYSTEM VALUE: GENERATED ALWAYS ones take the values
};

// INSERT INTO table [(columns)] followed by a query (SELECT, WITH, TABLE,
// or one in parentheses): the rows it adds come from the query, which
// preflight does not read, and hold each column it does not list as that
// column's DEFAULT (NULL where there is none) gives it.
struct InsertQueryHead {
  QualifiedName table;
  std::vector<std::string> columns;  // as listed, folded
};

// The head of the INSERT ... query `statement`; nullopt for anything else:
// an INSERT ... VALUES or DEFAULT VALUES (whose rows the shadow holds), one
// with no column list (its query's columns fill the table's in order, as
// many as it has) or that sets a field or element of a column, or one after
// a WITH query.
std::optional<InsertQueryHead> insert_query_head(std::string_view statement);

// The INSERT ... VALUES `statement`, where the values call no function but
// PostgreSQL's own (now(), gen_random_uuid()...): what only its table's
// triggers, defaults and rules could take further. nullopt for anything
// else (INSERT ... SELECT, a WITH query, a function of the user's).
// Of its rows, the first `max_rows` are read.
std::optional<InsertValues> insert_values(std::string_view statement, std::size_t max_rows = SIZE_MAX);

}  // namespace pgapply::ddl
