#pragma once

// Statement text in, declarations out: what a migration statement creates,
// alters or drops, with the locks it takes, what it does to the table while
// holding them and the server version its syntax needs. Pure: no I/O.
//
// Statements recognised (anything else yields no declarations and
// `recognised == false`; odd or truncated text never throws):
//
//   CREATE SCHEMA, CREATE [TEMP|UNLOGGED] TABLE (columns, table constraints,
//   PARTITION OF, AS query), ALTER TABLE (every subcommand; one declaration
//   per comma-separated action), CREATE [UNIQUE] INDEX [CONCURRENTLY],
//   DROP TABLE|VIEW|MATERIALIZED VIEW|INDEX|SEQUENCE|TYPE|DOMAIN|SCHEMA|
//   EXTENSION|FUNCTION|PROCEDURE|ROUTINE|TRIGGER|POLICY, CREATE [OR REPLACE]
//   [MATERIALIZED] VIEW, CREATE [OR REPLACE] FUNCTION|PROCEDURE, CREATE [OR
//   REPLACE] [CONSTRAINT] TRIGGER, CREATE TYPE, CREATE DOMAIN, ALTER TYPE,
//   CREATE EXTENSION, CREATE SEQUENCE, CREATE|ALTER POLICY, COMMENT ON,
//   ALTER SEQUENCE|VIEW|MATERIALIZED VIEW|INDEX|SCHEMA|FUNCTION|PROCEDURE|
//   DOMAIN|EXTENSION (rename, set schema, owner), REINDEX and MERGE (facts
//   only), and DO blocks: the static SQL in a PL/pgSQL body is analysed like
//   top-level SQL, its declarations marked from_do_block and, inside
//   IF/CASE/loops/exception handlers, conditional.
//
// What each yields (kind/action; `name` the object, `parent` its table):
//
//   CREATE TABLE t (...)          table/create t (table), then column/create per column
//                                 (parent t, column), constraint/create per table constraint
//   ALTER TABLE t ADD [COLUMN] c  column/create (parent t, column)
//   ... DROP [COLUMN] c           column/drop
//   ... ALTER [COLUMN] c ...      column/alter, change set_type|set_default|drop_default|
//                                 set_not_null|drop_not_null|identity|column_options|...
//   ... RENAME [COLUMN] a TO b    column/alter, change rename, new_name
//   ... ADD [CONSTRAINT n] ...    constraint/create (constraint); VALIDATE: constraint/alter
//                                 validate; DROP CONSTRAINT: constraint/drop
//   ... ENABLE|DISABLE|FORCE|NO FORCE ROW LEVEL SECURITY
//                                 row_level_security/alter (parent t), change enable|...
//   ... RENAME TO, SET SCHEMA, OWNER TO, SET TABLESPACE, ...
//                                 table/alter t with the change
//   CREATE INDEX i ON t           index/create i (parent t, index)
//   DROP <kind> a, b              <kind>/drop per name (trigger, policy: parent = ON table)
//   CREATE VIEW / MATERIALIZED    view|materialized_view/create (view)
//   CREATE FUNCTION / PROCEDURE   function|procedure/create (routine)
//   CREATE TRIGGER tr ON t        trigger/create (parent t, trigger)
//   CREATE TYPE / DOMAIN          type|domain/create (type); ALTER TYPE ADD VALUE 'v':
//                                 enum_value/create v (parent the type)
//   CREATE POLICY p ON t          policy/create (parent t, policy); ALTER POLICY: policy/alter
//   COMMENT ON <kind> x IS ...    comment/create (IS NULL: comment/drop), comment.on = kind
//   CREATE SCHEMA / EXTENSION / SEQUENCE   schema|extension|sequence/create
//
// Beside the declarations, what a statement does to objects the whole
// server shares (StatementFacts::cluster_changes: roles and memberships,
// databases, tablespaces, ALTER SYSTEM; see cluster_statements.cpp). Those
// statements stay unrecognised: the schema model has no such objects.

#include <string_view>
#include <vector>

#include "ddl/declaration.hpp"

namespace pgapply::ddl {

// Everything known about one statement (a split::Item's text; a trailing ';'
// is fine). Locations are relative to the statement: add the item's line.
StatementFacts facts_of(std::string_view statement);

// facts_of(statement).declarations.
std::vector<Declaration> declarations_of(std::string_view statement);

}  // namespace pgapply::ddl
