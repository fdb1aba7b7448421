#pragma once

// The lowest PostgreSQL version a piece of syntax needs, from the release
// notes of the version that introduced it. Versions are server_version_num
// values (90600 is 9.6, 110000 is 11).
//
//   Feature                                      Version  Release notes
//   -------------------------------------------  -------  -----------------------------------------
//   CREATE TABLE IF NOT EXISTS                   9.1      "Add CREATE TABLE IF NOT EXISTS"
//   CREATE EXTENSION                             9.1      extensions introduced
//   ALTER TYPE ... ADD VALUE (enum)              9.1      "Allow adding values to enum types"
//   FOREIGN KEY ... NOT VALID                    9.1      "NOT VALID ... VALIDATE CONSTRAINT" (FKs)
//   CHECK ... NOT VALID                          9.2      NOT VALID extended to CHECK constraints
//   ALTER TABLE IF EXISTS                        9.2      "Add IF EXISTS to ALTER TABLE ..."
//   DROP INDEX CONCURRENTLY                      9.2      "Add DROP INDEX CONCURRENTLY"
//   CREATE TYPE ... AS RANGE                     9.2      range types introduced
//   json type                                    9.2      json data type introduced
//   CREATE SCHEMA IF NOT EXISTS                  9.3      "Add CREATE SCHEMA ... IF NOT EXISTS"
//   ALTER TYPE ... ADD VALUE IF NOT EXISTS       9.3      IF NOT EXISTS for ADD VALUE
//   CREATE MATERIALIZED VIEW                     9.3      materialized views introduced
//   CREATE RECURSIVE VIEW                        9.3      "Add CREATE RECURSIVE VIEW"
//   jsonb type                                   9.4      jsonb data type introduced
//   ALTER TABLE ... ALTER CONSTRAINT             9.4      "Allow ALTER TABLE ... ALTER CONSTRAINT"
//   CREATE INDEX IF NOT EXISTS                   9.5      "Add IF NOT EXISTS to CREATE INDEX"
//   CREATE SEQUENCE IF NOT EXISTS                9.5      IF NOT EXISTS for CREATE SEQUENCE
//   CREATE TABLE ... AS IF NOT EXISTS            9.5      IF NOT EXISTS for CREATE TABLE AS
//   CREATE MATERIALIZED VIEW IF NOT EXISTS       9.5      IF NOT EXISTS for materialized views
//   CREATE POLICY / ROW LEVEL SECURITY           9.5      row security policies introduced
//   ALTER TABLE ... ADD COLUMN IF NOT EXISTS     9.6      "Add IF NOT EXISTS to ADD COLUMN"
//   GENERATED ... AS IDENTITY                    10       identity columns introduced
//   declarative partitioning                     10       PARTITION BY / PARTITION OF / ATTACH
//   ALTER TYPE ... RENAME VALUE                  10       "Allow renaming enum values"
//   CREATE TRIGGER ... REFERENCING               10       transition tables introduced
//   CREATE PROCEDURE                             11       procedures introduced
//   CREATE TRIGGER ... EXECUTE FUNCTION          11       EXECUTE FUNCTION spelling added
//   CREATE INDEX ... INCLUDE                     11       covering indexes introduced
//   CREATE INDEX ... ON ONLY                     11       ON ONLY for partitioned tables
//   ADD COLUMN with a non-volatile default       11       no table rewrite any more (informational)
//   GENERATED ALWAYS AS (...) STORED             12       generated columns introduced
//   REINDEX CONCURRENTLY                         12       "Add REINDEX CONCURRENTLY"
//   ALTER TYPE ... ADD VALUE in a transaction    12       allowed in a transaction block since 12
//   gen_random_uuid() built in                   13       was pgcrypto's before
//   ALTER TABLE ... DROP EXPRESSION              13       "Add ALTER TABLE ... DROP EXPRESSION"
//   CREATE OR REPLACE TRIGGER                    14       "Add CREATE OR REPLACE TRIGGER"
//   BEGIN ATOMIC / RETURN function bodies        14       SQL-standard function bodies
//   DETACH PARTITION CONCURRENTLY                14       "Allow ... DETACH PARTITION CONCURRENTLY"
//   column COMPRESSION                           14       lz4 / pglz column compression
//   MERGE                                        15       MERGE introduced
//   UNIQUE NULLS NOT DISTINCT                    15       NULLS NOT DISTINCT introduced
//   ALTER TABLE ... SET ACCESS METHOD            15       "Add ALTER TABLE ... SET ACCESS METHOD"

#include <cstddef>
#include <string>
#include <string_view>

namespace pgapply::ddl {

enum class Feature {
  create_table_if_not_exists,
  create_extension,
  enum_add_value,
  foreign_key_not_valid,
  check_not_valid,
  alter_table_if_exists,
  drop_index_concurrently,
  range_type,
  json_type,
  create_schema_if_not_exists,
  enum_add_value_if_not_exists,
  materialized_view,
  recursive_view,
  jsonb_type,
  alter_constraint,
  create_index_if_not_exists,
  create_sequence_if_not_exists,
  create_table_as_if_not_exists,
  materialized_view_if_not_exists,
  row_level_security,
  add_column_if_not_exists,
  identity_column,
  declarative_partitioning,
  enum_rename_value,
  trigger_transition_tables,
  procedure,
  execute_function,
  index_include,
  index_on_only,
  add_column_default_without_rewrite,
  generated_column,
  reindex_concurrently,
  enum_add_value_in_transaction,
  gen_random_uuid,
  drop_expression,
  create_or_replace_trigger,
  sql_standard_function_body,
  detach_partition_concurrently,
  column_compression,
  merge,
  nulls_not_distinct,
  set_access_method,
};

// 90600 for 9.6.
int minimum_version(Feature feature);
// "ADD COLUMN IF NOT EXISTS".
std::string_view feature_name(Feature feature);
// 90600 -> "9.6", 110000 -> "11".
std::string version_string(int version);

struct VersionRequirement {
  Feature feature = Feature::create_table_if_not_exists;
  int version = 0;          // minimum_version(feature)
  std::string name;         // feature_name(feature)
  std::size_t line = 1;     // statement-relative, 1-based
  // Informational: older servers accept the SQL but behave worse (ADD
  // COLUMN with a default rewrites the table before 11).
  bool informational = false;
};

VersionRequirement requirement(Feature feature, std::size_t line = 1);

}  // namespace pgapply::ddl
