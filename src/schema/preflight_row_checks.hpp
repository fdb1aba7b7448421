#pragma once

// Internal to preflight: statements that fail on the target's rows, which a
// shadow (a copy of the schema alone) never shows. SET NOT NULL, or a
// PRIMARY KEY, of a column that holds NULL in some row (SQLSTATE 23502); a
// UNIQUE, a PRIMARY KEY or a unique index over columns whose values repeat
// (23505); a CHECK that a row fails (23514); a FOREIGN KEY whose columns in
// a row name no row of the referenced table (23503); a type change a row's
// value does not convert to. The target's rows answer
// (CatalogSnapshot::row_checks, read for PreflightResult::unasked_rows).

#include <optional>
#include <string>
#include <vector>

#include "ddl/declaration.hpp"
#include "schema/expected_schema.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

// What a declaration requires of the rows of its table.
struct RowDemand {
  ddl::QualifiedName table;
  std::vector<std::string> not_null;     // columns that must hold no NULL
  std::vector<std::string> unique;       // columns whose values must not repeat; empty: none
  bool nulls_not_distinct = false;       // of `unique`
  std::string check;                     // an expression every row must pass; empty: none
  std::vector<std::string> foreign_key;  // columns whose values must be in `references`; empty: none
  ddl::QualifiedName references;
  std::vector<std::string> referenced;   // empty: the referenced table's primary key
  std::string converted;                 // the value ALTER COLUMN ... TYPE makes of each row's; empty: none
  std::string converted_column;
  std::string what;                      // "SET NOT NULL", "PRIMARY KEY (id)", "CREATE UNIQUE INDEX users_email"
  bool concurrently = false;             // CREATE UNIQUE INDEX CONCURRENTLY: a failure leaves an INVALID index
  bool validates = false;                // VALIDATE CONSTRAINT of a constraint NOT VALID until then
  // The statement reaches a plain table's inheritance children too: for
  // `not_null` (SET NOT NULL, not a primary key's), `check` (not NO INHERIT)
  // and `converted`, without ALTER TABLE ONLY.
  bool reaches_children = false;
};
// ALTER COLUMN ... SET NOT NULL; ADD PRIMARY KEY or UNIQUE (cols) (not USING
// INDEX: PostgreSQL checks that index's columns, which the statement does not
// name); CREATE UNIQUE INDEX over plain columns, not partial; ADD CHECK and
// ADD FOREIGN KEY, not NOT VALID (nor NOT ENFORCED); ALTER COLUMN ... TYPE
// (its USING expression, or the column cast to the type). nullopt for
// anything else.
std::optional<RowDemand> row_demand(const ddl::Declaration& d);

// VALIDATE CONSTRAINT of a CHECK or FOREIGN KEY that is NOT VALID as the
// model has it before the declaration (the target's, its definition read
// from the catalog, or one the run added): what the constraint asks, as an
// ADD without NOT VALID would. nullopt for anything else.
std::optional<RowDemand> validate_demand(const ExpectedSchema& model, const ddl::Declaration& d);

// Whether a statement may change the rows of tables that exist already, or
// which rows a table has, before any of its declarations: DML and anything
// not modelled (the facts collector keeps a file's first such statement), a
// DO block that runs DML, a query, CALL, PERFORM or dynamic SQL, MERGE, a
// query that makes a table (it may call functions).
bool changes_rows_first(const ddl::StatementFacts& facts);
// Whether a declaration may change rows: ALTER COLUMN ... TYPE (new values;
// equal ones may differ after; its partitions' and children's too, and a
// foreign key to it reads them), a DROP TABLE of one the target has (a
// partition, an inheritance child), DETACH PARTITION, NO INHERIT, CREATE
// TABLE AS, an ALTER COLUMN form not modelled (SET EXPRESSION). Within its ALTER TABLE, every subcommand's check sees the rows
// after a type change (PostgreSQL checks them once it rewrote them).
bool changes_rows(const CatalogSnapshot& catalog, const ddl::Declaration& d);

// What the run did so far that row checks depend on.
struct RowsSeen {
  std::string changed_at;  // file:line of the first statement that may change rows; empty: none
  // A function, procedure, type or domain was made or changed, or a session
  // setting set (datestyle, TimeZone, search_path...): an expression the
  // target evaluates in preflight's own session may mean something else there.
  bool evaluation_changed = false;
  std::vector<RowCheck> unasked;  // questions the catalog had no answer for, in order
};

// Adds the findings for `demand` at `location` (the model as it stands before
// the declaration): an error where the target's rows make it fail and
// nothing before it (`seen`, or `changed_here`: another subcommand of its
// statement that changes rows) could have changed them; a warning where
// something could, or where the target could not be read. A question
// CatalogSnapshot::row_checks has no answer for goes to `seen.unasked`.
void check_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                const RowDemand& demand, const std::string& location, const std::string& changed_here,
                RowsSeen& seen, FindingList& findings);

// The columns of a table's primary key on the target (its constraint's
// definition, "PRIMARY KEY (a, b)"); empty when it has none.
std::vector<std::string> primary_key_columns(const CatalogRelation& relation);

}  // namespace pgapply::schema
