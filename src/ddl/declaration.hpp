#pragma once

// What a migration statement declares about the schema: the objects it
// creates, alters or drops, as plain data. Produced by ddl::facts_of()
// (declarations.hpp) from statement text alone; the catalog queries that
// compare these with a live database live elsewhere.
//
// Names are folded as PostgreSQL folds them (see qualified_name.hpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddl/impact.hpp"
#include "ddl/qualified_name.hpp"
#include "ddl/server_versions.hpp"
#include "ddl/volatility.hpp"

namespace pgapply::ddl {

enum class ObjectKind {
  schema,
  table,
  column,
  constraint,
  index,
  view,
  materialized_view,
  function,
  procedure,
  trigger,
  type,        // enum, composite, range or base type (see TypeSpec)
  domain,
  enum_value,  // a label of an enum type: name.name is the label, parent the type
  extension,
  policy,
  row_level_security,  // the RLS switch of a table: parent is the table
  sequence,
  comment,     // COMMENT ON: see CommentSpec for what it is on
};

enum class Action { create, alter, drop };

// What an `alter` declaration changes (none for create and drop, and for
// ALTER forms not modelled in more detail).
enum class Change {
  none,
  rename,          // new_name
  set_schema,      // new_schema
  owner,           // new_owner
  set_type,        // column: ALTER COLUMN ... TYPE (column->type)
  set_default,     // column: column->default_expression
  drop_default,
  set_not_null,
  drop_not_null,
  drop_expression,  // column: DROP EXPRESSION (generated column becomes plain)
  identity,         // column: ADD GENERATED / SET GENERATED / DROP IDENTITY / RESTART...
  column_options,   // column: SET STATISTICS / STORAGE / COMPRESSION / (options)
  validate,         // constraint: VALIDATE CONSTRAINT
  enable,           // row level security
  disable,
  force,
  no_force,
  set_tablespace,
  set_logged,
  set_unlogged,
  set_access_method,
  other,
};

enum class ConstraintKind { primary_key, unique, foreign_key, check, exclusion, not_null };

// A primary key, UNIQUE or EXCLUDE: PostgreSQL makes it an index of its name.
inline bool has_own_index(ConstraintKind kind) {
  return kind == ConstraintKind::primary_key || kind == ConstraintKind::unique || kind == ConstraintKind::exclusion;
}

struct ConstraintSpec {
  ConstraintKind kind = ConstraintKind::check;
  std::string name;                      // empty: PostgreSQL will choose one
  std::vector<std::string> columns;      // key columns (PK, UNIQUE, FK; the column itself inline)
  std::vector<std::string> include;      // PK, UNIQUE: INCLUDE (...) columns
  QualifiedName references;              // FK: the referenced table
  std::vector<std::string> referenced_columns;  // FK; empty: the referenced primary key
  std::string on_delete;                 // FK action upper-cased ("CASCADE", "SET NULL"); empty: NO ACTION
  bool match_full = false;               // FK: MATCH FULL (a row must set all its columns or none)
  std::string on_update;
  std::string expression;                // CHECK expression / EXCLUDE elements, as written, without the outer ()
  std::string where;                     // EXCLUDE ... WHERE predicate, as written
  std::string using_index;               // ADD PRIMARY KEY / UNIQUE USING INDEX name
  bool not_valid = false;                // NOT VALID: existing rows are not checked
  bool not_enforced = false;             // NOT ENFORCED (PostgreSQL 18): no row is ever checked
  bool deferrable = false;
  bool initially_deferred = false;
  bool nulls_not_distinct = false;       // UNIQUE NULLS NOT DISTINCT
  bool no_inherit = false;               // CHECK ... NO INHERIT
};

enum class IdentityKind { none, always, by_default };

struct ColumnSpec {
  std::string name;
  std::string declared_type;     // as written, whitespace collapsed ("varchar(20)"); empty if not given
  std::string type;              // normalize_type(declared_type): as format_type() prints it
  // serial, bigserial, smallserial: PostgreSQL makes the column NOT NULL with
  // DEFAULT nextval('<table>_<column>_seq'::regclass) and an owned sequence.
  bool serial = false;
  bool declared_not_null = false;  // NOT NULL written
  // Whether pg_attribute.attnotnull will be true: NOT NULL, PRIMARY KEY,
  // serial or an identity column.
  bool not_null = false;
  std::optional<std::string> default_expression;  // as written; not set for serial
  IdentityKind identity = IdentityKind::none;     // GENERATED ... AS IDENTITY
  std::optional<std::string> generated_expression;  // GENERATED ALWAYS AS (expr) [STORED | VIRTUAL], without ()
  // Without STORED: VIRTUAL (PostgreSQL 18's default), computed when read,
  // never stored (before 18, STORED is required).
  bool generated_virtual = false;
  std::string collation;         // COLLATE name, as written
  std::string using_expression;  // ALTER COLUMN ... TYPE ... USING expr
  // Inline constraints (NOT NULL is in not_null), with these shortcuts:
  bool primary_key = false;
  bool unique = false;
  std::optional<QualifiedName> references;
  std::vector<ConstraintSpec> constraints;
};

struct IndexSpec {
  bool unique = false;
  bool concurrently = false;
  bool only = false;                  // ON ONLY (partitioned table)
  std::string method;                 // USING method, lower-case; empty: btree
  std::vector<std::string> elements;  // each column or (expression) with its options, as written
  std::vector<std::string> include;   // INCLUDE (...) columns
  std::string where;                  // partial index predicate, as written
  bool nulls_not_distinct = false;
};

// A partition's bound (FOR VALUES ... or DEFAULT), each value as written
// ("'2025-01-01'", "MINVALUE"): CREATE TABLE ... PARTITION OF, ATTACH PARTITION.
struct PartitionBound {
  enum class Kind { range, list, hash, default_partition };
  Kind kind = Kind::range;
  std::vector<std::string> from;  // range: FROM (...)
  std::vector<std::string> to;    // range: TO (...)
  std::vector<std::string> in;    // list: IN (...)
};

struct TableSpec {
  bool temporary = false;
  bool unlogged = false;
  bool as_query = false;             // CREATE TABLE ... AS / SELECT INTO: columns come from a query
  std::optional<QualifiedName> partition_of;  // PARTITION OF parent
  std::optional<PartitionBound> partition_bound;  // its FOR VALUES ... or DEFAULT
  std::string partition_by;          // PARTITION BY ..., as written
  std::vector<QualifiedName> inherits;
  bool like = false;                 // (LIKE other ...): columns, and maybe constraints, copied from another
  bool of_type = false;              // OF type: columns from a composite type (and its ALTER TYPE ... CASCADE)
};

struct ViewSpec {
  bool recursive = false;
  bool temporary = false;
  std::vector<std::string> columns;  // (column, ...) after the name
  std::string query;                 // AS query, as written
  bool with_no_data = false;         // materialized view WITH NO DATA
};

struct RoutineSpec {
  std::vector<std::string> arguments;       // each argument as written ("a integer DEFAULT 1")
  // The types that identify the routine, normalised (IN, INOUT and VARIADIC
  // arguments; for procedures OUT ones too, as PostgreSQL 14+ does).
  std::vector<std::string> argument_types;
  std::string returns;                      // RETURNS ..., as written
  std::string language;                     // lower-case
  // IMMUTABLE or STABLE: immutable_or_stable; VOLATILE, or neither written
  // (PostgreSQL's default): volatile_.
  Volatility volatility = Volatility::volatile_;
  bool volatility_declared = false;  // IMMUTABLE, STABLE or VOLATILE is written
};

struct TriggerSpec {
  bool constraint_trigger = false;
  std::string timing;                 // "BEFORE", "AFTER", "INSTEAD OF"
  std::vector<std::string> events;    // "INSERT", "UPDATE", "UPDATE OF a, b", "DELETE", "TRUNCATE"
  bool for_each_row = false;
  QualifiedName function;             // EXECUTE FUNCTION|PROCEDURE name
};

enum class TypeKind { enum_type, composite, range, base, shell, domain };

struct TypeSpec {
  TypeKind kind = TypeKind::shell;
  std::vector<std::string> labels;        // enum labels in order
  std::vector<ColumnSpec> attributes;     // composite type attributes
  // domain: base type as written and normalised, default, NOT NULL, CHECKs
  std::string declared_base_type;
  std::string base_type;
  std::optional<std::string> default_expression;
  bool not_null = false;
  std::vector<ConstraintSpec> constraints;
};

struct PolicySpec {
  bool permissive = true;             // AS RESTRICTIVE: false
  std::string command;                // "ALL", "SELECT", "INSERT", "UPDATE", "DELETE"; empty on ALTER if not given
  std::vector<std::string> roles;     // TO ...; empty: PUBLIC (or unchanged on ALTER)
  std::optional<std::string> using_expression;  // without the outer ()
  std::optional<std::string> check_expression;  // WITH CHECK, without the outer ()
};

struct CommentSpec {
  ObjectKind on = ObjectKind::table;  // what is commented on
  std::optional<std::string> text;    // nullopt: IS NULL (removes the comment)
};

// CREATE|ALTER SEQUENCE ... OWNED BY: the column the sequence goes with
// (dropped with it, or with its table); an empty table name for OWNED BY
// NONE (it goes with nothing).
struct SequenceOwner {
  QualifiedName table;
  std::string column;
};

struct ExtensionSpec {
  std::string schema;   // WITH SCHEMA
  std::string version;  // VERSION
  bool cascade = false;
};

// Where a declaration was found.
struct Location {
  std::size_t line = 1;    // 1-based, relative to the statement's first line
  std::size_t offset = 0;  // byte offset within the statement text
  bool from_do_block = false;  // found in the body of a DO block
  // Inside IF/ELSIF/ELSE, CASE, a loop or an exception handler of a DO
  // block: it may not run at all.
  bool conditional = false;
  // Inside a DO block's BEGIN ... EXCEPTION block: if it fails, the handler
  // catches the error and the block's changes are undone.
  bool exception_guarded = false;
  // Whether it runs may hang on table data, not only on the catalog
  // (EmbeddedStatement::data_dependent): a shadow without the data may not
  // run it, or run it where the database did not.
  bool data_dependent = false;
};

struct Declaration {
  ObjectKind kind = ObjectKind::table;
  Action action = Action::create;
  Change change = Change::none;

  // The object's own name: the table for a table, the column name for a
  // column (no schema), the index, the constraint (empty if unnamed), the
  // label of an enum value...
  QualifiedName name;
  // What the object belongs to: the table of a column, constraint, index,
  // trigger, policy or RLS switch; the type of an enum value; for a comment,
  // the table of a commented column, constraint, trigger or policy.
  QualifiedName parent;

  bool if_not_exists = false;
  bool if_exists = false;
  bool or_replace = false;
  bool cascade = false;  // DROP ... CASCADE
  // ALTER TABLE IF EXISTS (and ALTER TYPE/INDEX/... IF EXISTS): the whole
  // statement is skipped, with a notice, when the parent does not exist.
  bool parent_if_exists = false;
  // ALTER TABLE ONLY: the table alone, not its inheritance children.
  bool parent_only = false;

  std::string new_name;    // Change::rename
  std::string new_schema;  // Change::set_schema
  std::string new_tablespace{};  // Change::set_tablespace: the tablespace, as the server folds it
  std::string new_access_method{};  // Change::set_access_method: the method ("" for DEFAULT)
  std::string new_owner;   // Change::owner

  std::optional<ColumnSpec> column;
  std::optional<ConstraintSpec> constraint;
  std::optional<IndexSpec> index;
  std::optional<TableSpec> table;
  std::optional<ViewSpec> view;
  std::optional<RoutineSpec> routine;
  std::optional<TriggerSpec> trigger;
  std::optional<TypeSpec> type;
  std::optional<PolicySpec> policy;
  std::optional<CommentSpec> comment;
  std::optional<ExtensionSpec> extension;
  std::optional<SequenceOwner> owned_by;  // sequences
  // ALTER TABLE ... ATTACH PARTITION: the table it makes a partition of this
  // one; DETACH PARTITION: the one it detaches.
  std::optional<QualifiedName> attached_partition;
  std::optional<PartitionBound> attached_bound;  // its FOR VALUES ... or DEFAULT
  std::optional<QualifiedName> detached_partition;
  // ALTER TABLE ... INHERIT parent / NO INHERIT parent: the parent.
  std::optional<QualifiedName> inherited;
  std::optional<QualifiedName> uninherited;
  bool drop_identity = false;  // ALTER COLUMN ... DROP IDENTITY: its sequence goes

  Location location;
  Impact impact;  // locks taken, rewrites, scans
};

// Objects the whole cluster shares rather than one database (PostgreSQL's
// shared catalogs): roles and their memberships, databases, tablespaces,
// the settings ALTER SYSTEM writes. A statement that changes one changes the
// server, whichever database it runs in, so the shadow must know: a role a
// migration creates must not be there before it replays, and a shadow
// database on the target's own server must not run it.
enum class ClusterObjectKind { role, database, tablespace, setting };

struct ClusterChange {
  ClusterObjectKind kind = ClusterObjectKind::role;
  // create, alter (options, settings, memberships, privileges, ownership,
  // a comment), drop. ALTER ROLE a RENAME TO b is a drop of a and a create of b.
  Action action = Action::alter;
  // Folded; "" when the statement names none of its kind (ALTER ROLE ALL,
  // CURRENT_USER, SESSION_USER, ALTER SYSTEM RESET ALL).
  std::string name;
  std::string command;     // what does it: "CREATE ROLE", "GRANT", "ALTER DATABASE"...
  bool if_exists = false;  // DROP ... IF EXISTS: skipped when absent
  Location location;
  // GRANT ... ON / REVOKE ... ON a database, tablespace or parameter: the
  // roles it grants to or revokes from (folded; "" for PUBLIC, CURRENT_USER...).
  std::vector<std::string> grantees;
  bool owner_change = false;  // ALTER DATABASE ... OWNER TO
  std::string renamed_from;   // ALTER DATABASE a RENAME TO b: on b's create, a
};

// An object GRANT ... ON or REVOKE ... ON changes the privileges of. The
// schema model does not follow privileges; verify's attribution does (the
// migration that last changed them, not the one that made the object).
struct PrivilegeChange {
  ObjectKind kind = ObjectKind::table;  // table (also a view or sequence written as one), sequence, function, schema, type, domain
  QualifiedName name;
  Location location;
  // GRANT SELECT (a, b) ON t: the privileges of t's columns, not of t.
  bool columns = false;
};

// An object a statement makes that the schema model does not follow: only
// verify's and diff's attribution reads it (what made a rule that differs).
struct UnmodelledObject {
  enum class Kind { rule, statistics, aggregate, domain_constraint };
  Kind kind = Kind::rule;
  QualifiedName name;    // (a rule's and a domain constraint's are unqualified; an aggregate's without arguments)
  QualifiedName parent;  // a rule's table or view, a domain constraint's domain
  bool or_replace = false;  // CREATE OR REPLACE: it may have been made before
};

// All that is known about one statement.
struct StatementFacts {
  // The statement is a form this module models (possibly with no
  // declarations, like REINDEX). False for anything else, including text
  // that does not parse: never an exception.
  bool recognised = false;
  std::string command;  // "CREATE TABLE", "ALTER TABLE", "DO"...; empty when not recognised
  std::vector<Declaration> declarations;
  // The strongest lock per table over all declarations (a table with an
  // empty name: one not named in the statement, like DROP INDEX's table).
  std::vector<TableLock> locks;
  // Every hazard of every declaration, plus statement-wide ones.
  std::vector<Hazard> hazards;
  std::vector<VersionRequirement> requirements;
  // Roles, databases, tablespaces and server settings it changes, in order.
  std::vector<ClusterChange> cluster_changes;
  // Objects whose privileges it grants or revokes, in order.
  std::vector<PrivilegeChange> privilege_changes;
  // CREATE RULE, CREATE STATISTICS, CREATE AGGREGATE, ALTER DOMAIN ... ADD CONSTRAINT.
  std::vector<UnmodelledObject> unmodelled;
  bool dynamic_sql = false;  // a DO block runs EXECUTE: that SQL is not analysed
  // That dynamic SQL may differ on a shadow copy of the schema: the DO block
  // reads rows, the moment or the session (BlockScan::varies), or \gexec
  // runs what a query's rows say. Otherwise the shadow runs the same SQL.
  bool dynamic_sql_varies = false;
  bool incomplete = false;   // part of the statement was skipped (DO block too deeply nested...)
  bool superuser_only = false;  // only a superuser may run it (CREATE EVENT TRIGGER)
  bool sets_default_privileges = false;  // ALTER DEFAULT PRIVILEGES (also in a DO block)
  // Of a top-level ALTER DEFAULT PRIVILEGES: the objects it is ON, folded
  // ("tables", "sequences", "functions", "routines", "types", "schemas"),
  // and its IN SCHEMA schemas (none: all). "": not known (in a DO block).
  std::string default_privileges_on;
  std::vector<std::string> default_privileges_schemas;
  // and the roles it grants to or revokes from ("PUBLIC" for everyone;
  // none: not known).
  std::vector<std::string> default_privileges_grantees;
  // A DO block whose body may change rows: a statement these facts do not
  // model (DML, a query, CALL), PERFORM, or dynamic SQL. False for any other
  // statement (whether DML changes rows is the reader's to say).
  bool changes_rows = false;

  // The highest requirement that is not informational, or 0 when none.
  int minimum_server_version() const;
  // DROP OWNED BY: it drops what the roles own, which these facts do not name.
  bool drops_owned() const;
  // What runs SQL not known before it runs, for a message: "a DO block runs
  // dynamic SQL (EXECUTE) or a function of the user's", "a function or
  // procedure of the user's runs"...; "" without dynamic_sql.
  std::string dynamic_sql_source() const;
};

std::string_view to_string(ObjectKind kind);
std::string_view to_string(Action action);
std::string_view to_string(Change change);
std::string_view to_string(ConstraintKind kind);
std::string_view to_string(ClusterObjectKind kind);  // "role", "database", "tablespace", "setting"

}  // namespace pgapply::ddl
