#pragma once

// One object as the schema should have it (or, for a dropped one, should
// not): what the migrations declared about it, and which declaration said so
// last. The same shape describes an object read from the catalog, so that
// one comparison (object_comparison.hpp) serves verify, preflight and
// baseline.

#include <cstddef>
#include <optional>
#include <string>

#include "ddl/declaration.hpp"
#include "schema/object_key.hpp"

namespace pgapply::schema {

// The declaration an expectation comes from.
struct Provenance {
  std::string version;   // the migration's version
  std::string file;      // the file the statement is written in, as shown
  std::size_t line = 0;  // 0: not declared by a migration (read from the catalog)

  // "file:line"; "" when not declared by a migration.
  std::string location() const;
};

// Size and ownership of a relation.
struct RelationFacts {
  double row_estimate = -1;  // reltuples; -1: never analysed; 0 for a table created by a pending migration
  long long total_bytes = 0;
  bool owned = true;         // the current user may ALTER it (owner, member of the owner role or superuser)
  bool partitioned = false;  // a partitioned table: its rows and bytes are its partitions'
  bool may_trigger = true;   // the current user may CREATE TRIGGER on it (TRIGGER privilege)
};

struct ExpectedObject {
  ObjectKey key;
  ddl::ObjectKind kind = ddl::ObjectKind::table;  // table, view, function, domain... (finer than the key's space)
  bool present = true;        // false: dropped or renamed away, must be gone
  Provenance declared_by;     // the declaration that set the expectation last
  bool conditional = false;   // declared in a branch of a DO block
  // Dropped together with what contained it (DROP TABLE drops its indexes),
  // not by a declaration of its own.
  bool implicit = false;

  // Created by a migration of this model: holds nothing but what the model
  // knows (no other columns, no rows). With `complete` false (LIKE, PARTITION
  // OF, INHERITS, AS query) its columns and constraints are not all known,
  // but for `constraints_complete`: CREATE TABLE AS makes no constraint.
  bool fresh = false;
  // A table made a partition by the run (PARTITION OF, ATTACH PARTITION),
  // or made LIKE another: PostgreSQL cloned its parent's indexes, row
  // triggers and keys onto it (LIKE ... INCLUDING INDEXES the other's
  // indexes), under names the model does not predict.
  bool partition = false;
  std::optional<ObjectKey> partition_of;  // the run made it a partition of that table: it goes with it
  // CREATE TABLE ... INHERITS: a column it declares that a parent has too
  // merges with it, taking the parent's default and NOT NULL unless its own.
  bool inherits = false;
  // A column the run's ADD COLUMN gave a child of its table: inherited only,
  // so a DROP COLUMN of the parent takes it too (a child's own does not go).
  bool inherited_only = false;
  // A partitioned table the run made: its PARTITION BY, as written ("RANGE (created_at)").
  std::string partition_by;
  bool complete = true;
  bool constraints_complete = true;
  // Nothing is known about it but that it may exist (a column of a table
  // whose columns are not all known).
  bool unknown = false;
  // There when a DROP ... CASCADE ran, which the model does not follow: it
  // may have gone with what it depended on (no "already exists" then).
  bool before_cascade = false;
  // Preflight: the live object this one stands for (an existing object that
  // was altered or renamed): its unmodelled parts are read from there.
  std::optional<ObjectKey> origin;

  // Columns (and domains' defaults): which attributes are expected. A column
  // only altered by the migrations (ALTER COLUMN ... SET DEFAULT) has just
  // that attribute known.
  std::optional<ddl::ColumnSpec> column;
  // A serial or identity column the run made: the name of its sequence, as
  // PostgreSQL named it then (a rename of the table or column keeps it; a
  // DROP DEFAULT leaves the sequence).
  std::string sequence_name;
  // A sequence: the column it goes with (OWNED BY; a serial's or identity's
  // own), dropped with it or with its table; nullopt: none known.
  std::optional<ObjectKey> owned_by;
  bool type_known = false;
  bool default_known = false;
  bool nullability_known = false;

  std::optional<ddl::ConstraintSpec> constraint;
  bool name_predicted = false;  // unnamed in the migration: the name PostgreSQL chooses
  std::string definition;       // from the catalog: pg_get_constraintdef / pg_get_indexdef

  std::optional<ddl::IndexSpec> index;
  std::string index_table;      // the table an index is on (same schema)
  bool valid = true;            // from the catalog: indisvalid and indisready

  std::optional<ddl::PolicySpec> policy;

  std::optional<bool> rls_enabled;  // row level security: unset when not declared
  std::optional<bool> rls_forced;

  std::optional<ddl::TypeSpec> type;  // types and domains; enum labels

  std::optional<RelationFacts> relation;  // relations: size and ownership (live or new)
  std::optional<bool> can_create;          // schemas: the current user may create in it
};

}  // namespace pgapply::schema
