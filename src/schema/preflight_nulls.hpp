#pragma once

// Internal to preflight: SET NOT NULL, or a PRIMARY KEY, of a column that
// holds NULL in some row fails (SQLSTATE 23502). A shadow, a copy of the
// schema alone, has no rows and never shows it: the target's rows answer
// (CatalogSnapshot::column_nulls, read for columns_to_read_for_nulls).

#include <optional>
#include <string>
#include <vector>

#include "ddl/declaration.hpp"
#include "schema/expected_schema.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

// The columns a declaration requires to hold no NULL: ALTER COLUMN ... SET
// NOT NULL, ADD PRIMARY KEY (cols) (not USING INDEX: PostgreSQL checks that
// index's columns, which the statement does not name).
struct NotNullDemand {
  ddl::QualifiedName table;
  std::vector<std::string> columns;
  std::string what;  // "SET NOT NULL", "PRIMARY KEY (id)"
};
std::optional<NotNullDemand> not_null_demand(const ddl::Declaration& d);

// Whether a statement may change the values in rows of tables that exist
// already: DML and anything not modelled, a DO block, MERGE, a query that
// makes a table (it may call functions), ALTER COLUMN ... TYPE ... USING.
bool may_change_rows(const ddl::StatementFacts& facts);

// Adds the finding for `demand` at `location` (the model as it stands before
// the declaration): an error where a column that the target has holds NULL
// there and nothing in the run before it (`rows_changed_at`: the file:line of
// the first statement that may change rows, or empty) could have filled it;
// a warning where something could, or where the target could not be read.
void check_nulls(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                 const NotNullDemand& demand, const std::string& rows_changed_at, const std::string& location,
                 FindingList& findings);

}  // namespace pgapply::schema
