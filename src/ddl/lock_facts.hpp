#pragma once

// The locks each statement form takes and what it does to the table while
// holding them, following the PostgreSQL documentation for current servers
// (ALTER TABLE "Notes" and its per-subcommand lock levels, "Explicit
// Locking"). Kept apart from the parsers so the facts are in one place:
//
//   statement                               lock on the table         while holding it
//   ALTER TABLE (most forms)                ACCESS EXCLUSIVE          -
//   ADD COLUMN                              ACCESS EXCLUSIVE          rewrite if the default is volatile
//                                                                     (or identity/serial/generated);
//                                                                     fails on rows if NOT NULL w/o DEFAULT
//   ALTER COLUMN TYPE                       ACCESS EXCLUSIVE          rewrite (unless binary-coercible)
//   SET NOT NULL                            ACCESS EXCLUSIVE          full scan
//   ADD CHECK / PRIMARY KEY / UNIQUE        ACCESS EXCLUSIVE          full scan / index build (not if NOT VALID)
//   ADD FOREIGN KEY                         SHARE ROW EXCLUSIVE       full scan (not if NOT VALID),
//                                           (both tables)
//   VALIDATE CONSTRAINT                     SHARE UPDATE EXCLUSIVE    full scan, writes go on
//   SET STATISTICS, SET (attribute opts),   SHARE UPDATE EXCLUSIVE    -
//   CLUSTER ON, SET WITHOUT CLUSTER,
//   SET (fillfactor, autovacuum_*, toast.*, parallel_workers)
//   ENABLE/DISABLE TRIGGER                  SHARE ROW EXCLUSIVE       -
//   ATTACH PARTITION                        SHARE UPDATE EXCLUSIVE    scan of the partition
//                                           (ACCESS EXCLUSIVE on the partition)
//   DETACH PARTITION [CONCURRENTLY]         ACCESS EXCLUSIVE [SHARE UPDATE EXCLUSIVE]
//   SET TABLESPACE / LOGGED / UNLOGGED /    ACCESS EXCLUSIVE          rewrite
//   ACCESS METHOD
//   CREATE INDEX                            SHARE                     index build (blocks writes)
//   CREATE INDEX CONCURRENTLY               SHARE UPDATE EXCLUSIVE    two scans, writes go on
//   DROP INDEX [CONCURRENTLY]               ACCESS EXCLUSIVE [SHARE UPDATE EXCLUSIVE]
//   REINDEX [CONCURRENTLY]                  SHARE [SHARE UPDATE EXCLUSIVE]
//   CREATE TRIGGER                          SHARE ROW EXCLUSIVE       -
//   CREATE/ALTER/DROP POLICY                ACCESS EXCLUSIVE          -
//   DROP TABLE / VIEW / SEQUENCE            ACCESS EXCLUSIVE          -
//   COMMENT ON                              SHARE UPDATE EXCLUSIVE    -
//   CREATE TABLE ... REFERENCES t           SHARE ROW EXCLUSIVE on t  -
//   CREATE TABLE ... PARTITION OF p         ACCESS EXCLUSIVE on p     -

#include "ddl/declaration.hpp"

namespace pgapply::ddl {

// The ALTER TABLE subcommands, finer than Change where locks differ.
enum class AlterTableAction {
  add_column,
  drop_column,
  alter_column_type,
  set_default,
  drop_default,
  set_not_null,
  drop_not_null,
  drop_expression,
  identity,
  set_statistics,
  set_attribute_options,
  set_storage,
  set_compression,
  add_constraint,
  drop_constraint,
  validate_constraint,
  alter_constraint,
  rename,
  set_schema,
  owner,
  row_level_security,
  enable_disable_trigger,
  enable_disable_rule,
  set_tablespace,
  set_logged,
  set_unlogged,
  set_access_method,
  set_light_storage_parameters,  // fillfactor, autovacuum_*, toast.*, parallel_workers
  set_storage_parameters,
  cluster_on,
  inherit,
  replica_identity,
  attach_partition,
  detach_partition,
  detach_partition_concurrently,
  other,
};

// Sets the locks and hazards of an ALTER TABLE subcommand on `table`
// (`partition`: the partition of ATTACH/DETACH PARTITION).
void assess_alter_table(Declaration& declaration, AlterTableAction action, const QualifiedName& table,
                        const QualifiedName& partition = {});

// Whether ADD COLUMN gives the table's rows a value of `column`: a DEFAULT
// but NULL, an identity, serial or generated expression (a domain's
// DEFAULT is the caller's to know).
bool gives_rows_values(const ColumnSpec& column);

// CREATE INDEX (declaration.index and parent set).
void assess_create_index(Declaration& declaration);
// CREATE TABLE: locks on referenced tables and a PARTITION OF parent.
void assess_create_table_references(Declaration& declaration, const ConstraintSpec& constraint);
void assess_create_partition(Declaration& declaration, const QualifiedName& parent);
// DROP of any kind (kind, name, parent, cascade set; index->concurrently for DROP INDEX).
void assess_drop(Declaration& declaration);
// CREATE TRIGGER, CREATE/ALTER POLICY, COMMENT ON, CREATE OR REPLACE VIEW.
void assess_create_trigger(Declaration& declaration);
void assess_alter_trigger(Declaration& declaration);  // RENAME: ACCESS EXCLUSIVE on its table
void assess_policy(Declaration& declaration);
void assess_comment(Declaration& declaration, const QualifiedName& table);
void assess_replace_view(Declaration& declaration);

}  // namespace pgapply::ddl
