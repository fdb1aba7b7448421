#include "ddl/server_versions.hpp"

namespace pgapply::ddl {

namespace {

struct FeatureInfo {
  int version;
  std::string_view name;
};

FeatureInfo info(Feature feature) {
  switch (feature) {
    case Feature::create_table_if_not_exists: return {90100, "CREATE TABLE IF NOT EXISTS"};
    case Feature::create_extension: return {90100, "CREATE EXTENSION"};
    case Feature::enum_add_value: return {90100, "ALTER TYPE ... ADD VALUE"};
    case Feature::foreign_key_not_valid: return {90100, "FOREIGN KEY ... NOT VALID"};
    case Feature::check_not_valid: return {90200, "CHECK ... NOT VALID"};
    case Feature::alter_table_if_exists: return {90200, "ALTER TABLE IF EXISTS"};
    case Feature::drop_index_concurrently: return {90200, "DROP INDEX CONCURRENTLY"};
    case Feature::range_type: return {90200, "CREATE TYPE ... AS RANGE"};
    case Feature::json_type: return {90200, "json type"};
    case Feature::create_schema_if_not_exists: return {90300, "CREATE SCHEMA IF NOT EXISTS"};
    case Feature::enum_add_value_if_not_exists: return {90300, "ALTER TYPE ... ADD VALUE IF NOT EXISTS"};
    case Feature::materialized_view: return {90300, "CREATE MATERIALIZED VIEW"};
    case Feature::recursive_view: return {90300, "CREATE RECURSIVE VIEW"};
    case Feature::jsonb_type: return {90400, "jsonb type"};
    case Feature::alter_constraint: return {90400, "ALTER TABLE ... ALTER CONSTRAINT"};
    case Feature::create_index_if_not_exists: return {90500, "CREATE INDEX IF NOT EXISTS"};
    case Feature::create_sequence_if_not_exists: return {90500, "CREATE SEQUENCE IF NOT EXISTS"};
    case Feature::create_table_as_if_not_exists: return {90500, "CREATE TABLE ... AS IF NOT EXISTS"};
    case Feature::materialized_view_if_not_exists:
      return {90500, "CREATE MATERIALIZED VIEW IF NOT EXISTS"};
    case Feature::row_level_security: return {90500, "row level security (CREATE POLICY)"};
    case Feature::add_column_if_not_exists: return {90600, "ADD COLUMN IF NOT EXISTS"};
    case Feature::identity_column: return {100000, "GENERATED ... AS IDENTITY"};
    case Feature::declarative_partitioning: return {100000, "declarative partitioning"};
    case Feature::enum_rename_value: return {100000, "ALTER TYPE ... RENAME VALUE"};
    case Feature::trigger_transition_tables: return {100000, "CREATE TRIGGER ... REFERENCING"};
    case Feature::procedure: return {110000, "CREATE PROCEDURE"};
    case Feature::execute_function: return {110000, "CREATE TRIGGER ... EXECUTE FUNCTION"};
    case Feature::index_include: return {110000, "CREATE INDEX ... INCLUDE"};
    case Feature::index_on_only: return {110000, "CREATE INDEX ... ON ONLY"};
    case Feature::add_column_default_without_rewrite:
      return {110000, "ADD COLUMN with a non-volatile default without a table rewrite"};
    case Feature::generated_column: return {120000, "GENERATED ALWAYS AS (...) STORED"};
    case Feature::reindex_concurrently: return {120000, "REINDEX CONCURRENTLY"};
    case Feature::enum_add_value_in_transaction:
      return {120000, "ALTER TYPE ... ADD VALUE inside a transaction block or function"};
    case Feature::gen_random_uuid: return {130000, "gen_random_uuid() without pgcrypto"};
    case Feature::drop_expression: return {130000, "ALTER COLUMN ... DROP EXPRESSION"};
    case Feature::create_or_replace_trigger: return {140000, "CREATE OR REPLACE TRIGGER"};
    case Feature::sql_standard_function_body: return {140000, "BEGIN ATOMIC / RETURN function body"};
    case Feature::detach_partition_concurrently: return {140000, "DETACH PARTITION CONCURRENTLY"};
    case Feature::column_compression: return {140000, "column COMPRESSION"};
    case Feature::merge: return {150000, "MERGE"};
    case Feature::nulls_not_distinct: return {150000, "NULLS NOT DISTINCT"};
    case Feature::set_access_method: return {150000, "ALTER TABLE ... SET ACCESS METHOD"};
  }
  return {0, "?"};
}

}  // namespace

int minimum_version(Feature feature) { return info(feature).version; }

std::string_view feature_name(Feature feature) { return info(feature).name; }

std::string version_string(int version) {
  const int major = version / 10000;
  if (major >= 10) return std::to_string(major);
  return std::to_string(major) + "." + std::to_string(version / 100 % 100);
}

VersionRequirement requirement(Feature feature, std::size_t line) {
  VersionRequirement out;
  out.feature = feature;
  out.version = minimum_version(feature);
  out.name = std::string(feature_name(feature));
  out.line = line;
  out.informational = feature == Feature::add_column_default_without_rewrite;
  return out;
}

}  // namespace pgapply::ddl
