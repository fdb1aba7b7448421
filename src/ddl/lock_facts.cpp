#include "ddl/lock_facts.hpp"

#include <algorithm>

#include "ddl/expression.hpp"
#include "ddl/facts_builder.hpp"
#include "ddl/volatility.hpp"

namespace pgapply::ddl {

namespace {

constexpr auto kAccessExclusive = LockMode::access_exclusive;
constexpr auto kShareUpdateExclusive = LockMode::share_update_exclusive;
constexpr auto kShareRowExclusive = LockMode::share_row_exclusive;

std::string name_of(const QualifiedName& name) { return name.empty() ? "the table" : name.to_string(); }

void add_column_hazards(Declaration& d) {
  if (!d.column) return;
  const ColumnSpec& column = *d.column;
  if (column.identity != IdentityKind::none || column.serial) {
    add_hazard(d, HazardKind::rewrites_table,
               "fills the new column from a sequence for every existing row: rewrites the table");
  } else if (column.generated_expression) {
    add_hazard(d, HazardKind::rewrites_table,
               "computes the generated column for every existing row: rewrites the table");
  } else if (column.default_expression) {
    const auto verdict = volatility_of(*column.default_expression);
    if (verdict.volatility == Volatility::volatile_) {
      add_hazard(d, HazardKind::rewrites_table,
                 "the volatile default " + verdict.function +
                     "() is computed for every existing row: rewrites the table");
    } else if (verdict.volatility == Volatility::unknown) {
      add_hazard(d, HazardKind::note,
                 "rewrites the table if " + verdict.function +
                     "() is volatile; a stable or immutable default is stored once (PostgreSQL 11+)");
      d.impact.hazards.back().if_volatile = true;
    }
  }
  const bool gets_values = gives_rows_values(column);
  // (a PRIMARY KEY of its own makes it NOT NULL too)
  const bool primary_key = std::any_of(column.constraints.begin(), column.constraints.end(), [](const auto& c) {
    return c.kind == ConstraintKind::primary_key;
  });
  if ((column.declared_not_null || primary_key) && !gets_values) {
    add_hazard(d, HazardKind::fails_if_rows, "NOT NULL without a DEFAULT: fails if the table has any row");
  }
  for (const auto& constraint : column.constraints) {
    switch (constraint.kind) {
      case ConstraintKind::primary_key:
      case ConstraintKind::unique:
        add_hazard(d, HazardKind::scans_table, "builds a unique index on the new column while blocking reads and writes");
        break;
      case ConstraintKind::check:
        add_hazard(d, HazardKind::scans_table, "checks every existing row while blocking reads and writes");
        break;
      case ConstraintKind::foreign_key:
        add_lock(d, constraint.references, kShareRowExclusive, "REFERENCES (adds triggers)");
        if (gets_values) {
          add_hazard(d, HazardKind::scans_table,
                     "checks every existing row against " + name_of(constraint.references));
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace

bool gives_rows_values(const ColumnSpec& column) {
  // (a DEFAULT NULL, or NULL::type, gives the rows no value)
  const bool null_default =
      column.default_expression && parse_term(*column.default_expression).kind == Term::Kind::null;
  return (column.default_expression && !null_default) || column.identity != IdentityKind::none || column.serial ||
         column.generated_expression;
}

namespace {

void add_constraint_facts(Declaration& d, const QualifiedName& table) {
  if (!d.constraint) {
    add_lock(d, table, kAccessExclusive, "ADD CONSTRAINT");
    return;
  }
  const ConstraintSpec& c = *d.constraint;
  switch (c.kind) {
    case ConstraintKind::foreign_key:
      add_lock(d, table, kShareRowExclusive, "ADD FOREIGN KEY");
      add_lock(d, c.references, kShareRowExclusive, "ADD FOREIGN KEY (referenced table)");
      if (!c.not_valid) {
        add_hazard(d, HazardKind::scans_table,
                   "checks every existing row against " + name_of(c.references) +
                       " while blocking writes; add it NOT VALID, then VALIDATE CONSTRAINT, to avoid that");
      }
      return;
    case ConstraintKind::check:
      add_lock(d, table, kAccessExclusive, "ADD CHECK");
      if (!c.not_valid) {
        add_hazard(d, HazardKind::scans_table,
                   "checks every existing row while blocking reads and writes; add it NOT VALID, then "
                   "VALIDATE CONSTRAINT, to avoid that");
      }
      return;
    case ConstraintKind::primary_key:
    case ConstraintKind::unique: {
      const bool primary = c.kind == ConstraintKind::primary_key;
      add_lock(d, table, kAccessExclusive, primary ? "ADD PRIMARY KEY" : "ADD UNIQUE");
      if (c.using_index.empty()) {
        add_hazard(d, HazardKind::scans_table,
                   "builds a unique index while blocking reads and writes; CREATE UNIQUE INDEX "
                   "CONCURRENTLY first and add the constraint USING INDEX to avoid that");
      }
      if (primary) {
        add_hazard(d, HazardKind::note,
                   "makes the key columns NOT NULL, which scans the table for columns that are not already");
      }
      return;
    }
    case ConstraintKind::exclusion:
      add_lock(d, table, kAccessExclusive, "ADD EXCLUDE");
      add_hazard(d, HazardKind::scans_table, "builds the exclusion index while blocking reads and writes");
      return;
    case ConstraintKind::not_null:
      add_lock(d, table, kAccessExclusive, "ADD NOT NULL");
      add_hazard(d, HazardKind::scans_table, "scans the whole table for NULLs while blocking reads and writes");
      return;
  }
}

}  // namespace

void assess_alter_table(Declaration& d, AlterTableAction action, const QualifiedName& table,
                        const QualifiedName& partition) {
  using A = AlterTableAction;
  switch (action) {
    case A::add_column:
      add_lock(d, table, kAccessExclusive, "ADD COLUMN");
      add_column_hazards(d);
      return;
    case A::drop_column:
      add_lock(d, table, kAccessExclusive, "DROP COLUMN");
      add_hazard(d, HazardKind::note,
                 "only marks the column dropped (fast); indexes and constraints on it are dropped too");
      return;
    case A::alter_column_type:
      add_lock(d, table, kAccessExclusive, "ALTER COLUMN TYPE");
      add_hazard(d, HazardKind::rewrites_table,
                 "rewrites the table and rebuilds its indexes unless the new type is binary-coercible "
                 "from the old (varchar(n) to a longer varchar or to text, say)");
      return;
    case A::set_default:
    case A::drop_default:
      add_lock(d, table, kAccessExclusive, action == A::set_default ? "SET DEFAULT" : "DROP DEFAULT");
      return;
    case A::set_not_null:
      add_lock(d, table, kAccessExclusive, "SET NOT NULL");
      add_hazard(d, HazardKind::scans_table,
                 "scans the whole table for NULLs while blocking reads and writes (PostgreSQL 12+ skips "
                 "the scan when a valid CHECK (column IS NOT NULL) constraint proves it)");
      return;
    case A::drop_not_null:
      add_lock(d, table, kAccessExclusive, "DROP NOT NULL");
      return;
    case A::drop_expression:
      add_lock(d, table, kAccessExclusive, "DROP EXPRESSION");
      return;
    case A::identity:
      add_lock(d, table, kAccessExclusive, "identity");
      return;
    case A::set_statistics:
      add_lock(d, table, kShareUpdateExclusive, "SET STATISTICS");
      return;
    case A::set_attribute_options:
      add_lock(d, table, kShareUpdateExclusive, "ALTER COLUMN SET (...)");
      return;
    case A::set_storage:
      add_lock(d, table, kAccessExclusive, "SET STORAGE");
      return;
    case A::set_compression:
      add_lock(d, table, kAccessExclusive, "SET COMPRESSION");
      return;
    case A::add_constraint:
      add_constraint_facts(d, table);
      return;
    case A::drop_constraint:
      add_lock(d, table, kAccessExclusive, "DROP CONSTRAINT");
      return;
    case A::validate_constraint:
      add_lock(d, table, kShareUpdateExclusive, "VALIDATE CONSTRAINT");
      add_hazard(d, HazardKind::scans_table,
                 "checks every existing row, without blocking reads or writes (a foreign key's "
                 "referenced table also gets a ROW SHARE lock)");
      return;
    case A::alter_constraint:
      add_lock(d, table, kAccessExclusive, "ALTER CONSTRAINT");
      return;
    case A::rename:
      add_lock(d, table, kAccessExclusive, "RENAME");
      return;
    case A::set_schema:
      add_lock(d, table, kAccessExclusive, "SET SCHEMA");
      return;
    case A::owner:
      add_lock(d, table, kAccessExclusive, "OWNER TO");
      return;
    case A::row_level_security:
      add_lock(d, table, kAccessExclusive, "ROW LEVEL SECURITY");
      return;
    case A::enable_disable_trigger:
      add_lock(d, table, kShareRowExclusive, "ENABLE/DISABLE TRIGGER");
      return;
    case A::enable_disable_rule:
      add_lock(d, table, kAccessExclusive, "ENABLE/DISABLE RULE");
      return;
    case A::set_tablespace:
      add_lock(d, table, kAccessExclusive, "SET TABLESPACE");
      add_hazard(d, HazardKind::rewrites_table, "copies the table's files to the new tablespace");
      // (a partitioned table has no files: it only names where new partitions go)
      d.impact.hazards.back().none_if_partitioned = true;
      return;
    case A::set_logged:
    case A::set_unlogged:
      add_lock(d, table, kAccessExclusive, action == A::set_logged ? "SET LOGGED" : "SET UNLOGGED");
      add_hazard(d, HazardKind::rewrites_table, "rewrites the table");
      return;
    case A::set_access_method:
      add_lock(d, table, kAccessExclusive, "SET ACCESS METHOD");
      add_hazard(d, HazardKind::rewrites_table, "rewrites the table");
      d.impact.hazards.back().none_if_partitioned = true;
      return;
    case A::set_light_storage_parameters:
      add_lock(d, table, kShareUpdateExclusive, "SET (storage parameters)");
      return;
    case A::set_storage_parameters:
      add_lock(d, table, kAccessExclusive, "SET (storage parameters)");
      return;
    case A::cluster_on:
      add_lock(d, table, kShareUpdateExclusive, "CLUSTER ON / SET WITHOUT CLUSTER");
      return;
    case A::inherit:
      add_lock(d, table, kAccessExclusive, "INHERIT / NO INHERIT");
      return;
    case A::replica_identity:
      add_lock(d, table, kAccessExclusive, "REPLICA IDENTITY");
      return;
    case A::attach_partition:
      // (the partition first: the scan is of its rows, and a declaration's hazards are about its first table)
      add_lock(d, partition, kAccessExclusive, "ATTACH PARTITION (the partition)");
      add_lock(d, table, kShareUpdateExclusive, "ATTACH PARTITION");
      add_hazard(d, HazardKind::scans_table,
                 "scans the new partition to check its rows fit the bounds, unless a CHECK constraint "
                 "proves it");
      return;
    case A::detach_partition:
      add_lock(d, table, kAccessExclusive, "DETACH PARTITION");
      add_lock(d, partition, kAccessExclusive, "DETACH PARTITION (the partition)");
      return;
    case A::detach_partition_concurrently:
      add_lock(d, table, kShareUpdateExclusive, "DETACH PARTITION CONCURRENTLY");
      add_hazard(d, HazardKind::not_transactional, "DETACH PARTITION CONCURRENTLY cannot run in a transaction block");
      return;
    case A::other:
      add_lock(d, table, kAccessExclusive, "ALTER TABLE");
      return;
  }
}

void assess_create_index(Declaration& d) {
  const bool concurrently = d.index && d.index->concurrently;
  if (concurrently) {
    add_lock(d, d.parent, kShareUpdateExclusive, "CREATE INDEX CONCURRENTLY");
    add_hazard(d, HazardKind::scans_table,
               "builds the index in two table scans without blocking writes; if it fails it leaves an "
               "INVALID index that must be dropped");
    add_hazard(d, HazardKind::not_transactional, "CREATE INDEX CONCURRENTLY cannot run in a transaction block");
  } else {
    add_lock(d, d.parent, LockMode::share, "CREATE INDEX");
    add_hazard(d, HazardKind::scans_table, "builds the index while blocking writes (reads go on)");
    d.impact.hazards.back().concurrent_remedy = "CREATE INDEX CONCURRENTLY avoids that";
    d.impact.hazards.back().none_if_partitioned = d.index && d.index->only;
  }
}

void assess_create_table_references(Declaration& d, const ConstraintSpec& constraint) {
  if (constraint.kind == ConstraintKind::foreign_key && !constraint.references.empty()) {
    add_lock(d, constraint.references, kShareRowExclusive, "REFERENCES (adds triggers)");
  }
}

void assess_create_partition(Declaration& d, const QualifiedName& parent) {
  add_lock(d, parent, kAccessExclusive, "CREATE TABLE ... PARTITION OF");
}

void assess_drop(Declaration& d) {
  switch (d.kind) {
    case ObjectKind::table:
    case ObjectKind::view:
    case ObjectKind::materialized_view:
    case ObjectKind::sequence:
      add_lock(d, d.name, kAccessExclusive, "DROP");
      break;
    case ObjectKind::index:
      if (d.index && d.index->concurrently) {
        add_lock(d, {}, kShareUpdateExclusive, "DROP INDEX CONCURRENTLY");
        add_hazard(d, HazardKind::not_transactional, "DROP INDEX CONCURRENTLY cannot run in a transaction block");
      } else {
        add_lock(d, {}, kAccessExclusive, "DROP INDEX");
      }
      break;
    case ObjectKind::trigger:
    case ObjectKind::policy:
      add_lock(d, d.parent, kAccessExclusive, d.kind == ObjectKind::trigger ? "DROP TRIGGER" : "DROP POLICY");
      break;
    default:
      break;
  }
  if (d.cascade) add_hazard(d, HazardKind::cascades, "CASCADE also drops the objects that depend on it");
}

void assess_create_trigger(Declaration& d) { add_lock(d, d.parent, kShareRowExclusive, "CREATE TRIGGER"); }

void assess_alter_trigger(Declaration& d) { add_lock(d, d.parent, kAccessExclusive, "ALTER TRIGGER"); }

void assess_policy(Declaration& d) {
  add_lock(d, d.parent, kAccessExclusive, d.action == Action::create ? "CREATE POLICY" : "ALTER POLICY");
}

void assess_comment(Declaration& d, const QualifiedName& table) {
  if (!table.empty()) add_lock(d, table, kShareUpdateExclusive, "COMMENT ON");
}

void assess_replace_view(Declaration& d) {
  if (d.or_replace) add_lock(d, d.name, kAccessExclusive, "CREATE OR REPLACE VIEW");
}

}  // namespace pgapply::ddl
