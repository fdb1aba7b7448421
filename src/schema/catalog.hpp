#pragma once

// A snapshot of a live database's schema, as pgapply's catalog queries read it
// (sql/catalog_*.sql, apply/catalog_reader.cpp): plain data, compared with
// what migrations declare by pure code (verify, preflight, baseline).
//
// Names are as stored in the catalogs (case exact, unquoted). Only user
// schemas are read: not pg_catalog, information_schema, pg_toast* or pg_temp*.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace pgapply::schema {

struct CatalogColumn {
  std::string name;
  std::string type;                               // format_type(atttypid, atttypmod)
  bool not_null = false;                          // attnotnull
  std::optional<std::string> default_expression;  // pg_get_expr(adbin, adrelid); none for identity/no default
  char identity = '\0';                           // attidentity: '\0', 'a' (ALWAYS) or 'd' (BY DEFAULT)
  char generated = '\0';                          // attgenerated: '\0' or 's' (STORED)
  std::optional<std::string> generation_expression;  // for generated columns
  // attislocal: the table declares it itself, not only inherits it (a
  // parent's DROP COLUMN leaves it; a partition's never are).
  bool local = true;
};

struct CatalogIndex {
  std::string name;
  bool valid = true;    // indisvalid: false after a failed CREATE INDEX CONCURRENTLY
  bool ready = true;    // indisready
  bool unique = false;
  bool primary = false;
  std::string definition;  // pg_get_indexdef
};

struct CatalogConstraint {
  std::string name;
  char type = 'c';         // contype: p, u, f, c, x (t: constraint trigger)
  bool validated = true;   // convalidated
  std::string definition;  // pg_get_constraintdef
};

struct CatalogPolicy {
  std::string name;
  std::string command;  // ALL, SELECT, INSERT, UPDATE, DELETE
  bool permissive = true;
};

// A user trigger of a table (not an internal one behind a foreign key).
struct CatalogTrigger {
  std::string name;
  // Its function may change a table's rows (ddl::trigger_may_write_rows):
  // another table's, or its own table's by a statement.
  bool may_write_rows = true;
  // When it fires: BEFORE ... FOR EACH ROW (it may change the row or skip
  // it), on which events, and whether a WHEN clause or an UPDATE OF column
  // list may keep it from firing.
  bool before_row = false;
  bool fires = true;  // enabled (tgenabled O or A), not disabled nor for replicas alone
  bool on_insert = false;
  bool on_update = false;
  bool on_delete = false;
  bool conditional = false;
  // The columns it sets in the row and their values, where that is all it
  // does to the row (ddl::row_trigger_sets); nullopt otherwise.
  std::optional<std::vector<std::pair<std::string, std::string>>> sets;
  // Where all its function writes is rows it adds to other tables with
  // INSERT ... VALUES (an audit trigger's), those tables as its body names
  // them (unqualified: by its search_path when it runs); nullopt otherwise
  // (ddl::routine_appends_to).
  std::optional<std::vector<std::pair<std::string, std::string>>> appends_to{};
};

struct CatalogRelation {
  std::string schema;
  std::string name;
  char kind = 'r';  // relkind: r table, p partitioned table, v view, m materialized view, S sequence, f foreign table
  bool row_security = false;        // relrowsecurity
  bool force_row_security = false;  // relforcerowsecurity
  bool has_rules = false;           // relhasrules: an INSERT into it may do something else instead, or also
  double row_estimate = -1;         // reltuples (-1: never analysed)
  long long total_bytes = 0;        // pg_total_relation_size
  // The tablespace its rows are in (the database's default where it names
  // none): a SET TABLESPACE to it moves nothing.
  std::string tablespace{};
  char persistence = 'p';       // relpersistence: p permanent, u unlogged, t temporary
  std::string access_method{};  // a table's (heap); "" for what has none
  std::string owner;
  bool owned = false;  // the current user owns it or is a member of its owner role (or is superuser)
  bool may_trigger = false;  // it holds TRIGGER on it (GRANT TRIGGER, or owned): may CREATE TRIGGER
  // A sequence's OWNED BY column (serial and identity ones' too), of a table
  // of the same schema; empty when it has none.
  std::string owned_by_table;
  std::string owned_by_column;
  std::vector<CatalogColumn> columns;        // tables, views: in attnum order, dropped ones left out
  std::vector<CatalogIndex> indexes;         // tables
  std::vector<CatalogConstraint> constraints;
  std::vector<CatalogPolicy> policies;
  std::vector<CatalogTrigger> triggers;      // by name
  // Tables: schema and name of the table it is a partition of, or of each it INHERITS from.
  std::vector<std::pair<std::string, std::string>> parents;
  // A partitioned table: its key as pg_get_partkeydef writes it ("RANGE
  // (created_at)"), and its DEFAULT partition (schema, name), if any.
  std::string partition_key;
  std::vector<std::string> partition_key_types;  // each key column's type with its typmod; "" an expression
  std::optional<std::pair<std::string, std::string>> default_partition;
};

struct CatalogRoutine {
  std::string schema;
  std::string name;
  char kind = 'f';                 // prokind: f function, p procedure, a aggregate, w window
  std::string identity_arguments;  // pg_get_function_identity_arguments: "a integer, b text"
  std::string argument_types;      // oidvectortypes(proargtypes): "integer, text"
  // It may change a table's rows when it runs (ddl::routine_may_write_rows,
  // strictly: it reads no relation, sets nothing, casts to no type of the
  // user's, runs no query given as text).
  bool may_write_rows = true;
  // It returns trigger or event_trigger: only a trigger runs it.
  bool trigger_function = false;
  // Something of the target's may call it where no statement names it (an
  // object that depends on it, pg_depend: a view, a policy, a DEFAULT, a
  // CHECK, an index, an operator, a cast, a trigger's WHEN, an aggregate,
  // a routine's BEGIN ATOMIC body). A routine whose PL/pgSQL or SQL body
  // calls it is one that may write rows itself, whose own callers count.
  bool referenced = true;
  // An index's or extended statistics' expression calls it (pg_depend),
  // which ANALYZE, VACUUM FULL, CLUSTER and REINDEX run over the rows.
  bool indexed = false;
  // An operator class's or family's support function, or an operator's:
  // building an index (CREATE INDEX, a key) may call it unseen. (The
  // reader always says; false by default, as for most functions.)
  bool index_support = false;
  // provolatile: i immutable, s stable, v volatile.
  char volatility = 'v';
};

// An event trigger that fires as migrations run DDL (enabled, not an extension's).
struct CatalogEventTrigger {
  std::string name;
  std::string event;              // ddl_command_start, ddl_command_end, sql_drop, table_rewrite
  std::vector<std::string> tags;  // WHEN TAG IN (...): the command tags it fires on; empty: every one
  // Its function may change a table's rows (ddl::routine_may_write_rows).
  bool may_write_rows = true;
};

struct CatalogType {
  std::string schema;
  std::string name;
  char kind = 'b';  // typtype: e enum, c composite (standalone only), d domain, r range, b base, m multirange
  std::vector<std::string> enum_labels;  // in sort order
  // A domain with a CHECK or NOT NULL (its own or a base domain's): adding
  // a column of it rewrites the table.
  bool constrained = false;
  // A domain with a DEFAULT (its own, or the one it took from its base
  // domain): ADD COLUMN of it NOT NULL fills the table's rows from it.
  bool has_default = false;
  // A domain that is NOT NULL (or whose base domain is): ADD COLUMN of it
  // without a DEFAULT fails on a table with rows (23502).
  bool not_null = false;
};

struct CatalogSchema {
  std::string name;
  bool can_create = false;  // has_schema_privilege(current_user, name, 'CREATE')
  std::string owner;
};

struct CatalogExtension {
  std::string name;
  std::string schema;
  std::string version;
};

// A session that holds or waits for a lock on a relation of the snapshot, or
// whose transaction is open long enough to matter.
struct LockHolder {
  std::string schema;  // of the locked relation (empty: a long transaction, no lock seen)
  std::string relation;
  int pid = 0;
  std::string mode;  // AccessShareLock, RowExclusiveLock, ...
  bool granted = true;
  std::string state;              // active, idle in transaction, ...
  long long transaction_seconds = 0;  // age of its transaction
  std::string application;
  std::string user;
  std::string query;  // its current or last query (first 200 characters)
};

// Something a role owns or has privileges on that a shadow, a copy of this
// database's schema alone, lacks (pg_shdepend): a DROP ROLE fails on it.
struct RoleDependency {
  std::string role;
  std::string dependency;  // as DROP ROLE's DETAIL says it: "owner of database app", "3 objects in database b"
  std::string database;    // the database that owns or holds it, which a DROP DATABASE takes with it
  bool shared = false;     // on a database or tablespace itself (REASSIGN/DROP OWNED here reach it)
  bool owner = false;      // shared: its owner (REASSIGN OWNED moves it), else privileges (DROP OWNED revokes them)
};

// A question about a table's rows on the target that decides whether a
// pending statement fails there, which a shadow (the schema without its
// rows) never shows: read only for what the pending migrations ask
// (PreflightResult::unasked_rows).
enum class RowCheckKind {
  nulls,       // a row holds NULL in the column: SET NOT NULL, PRIMARY KEY fail (23502)
  duplicates,  // rows share the columns' values: UNIQUE, PRIMARY KEY, a unique index fail (23505)
  violations,  // a row fails the CHECK expression: ADD CHECK fails (23514)
  orphans,     // a row's columns name no row of the referenced table: ADD FOREIGN KEY fails (23503)
  conversion,  // a row's value does not convert to the new type: ALTER COLUMN ... TYPE fails (class 22, 23)
  any_row,     // the table has a row: ADD COLUMN ... NOT NULL that gives it no value fails (23502)
  conflicts,   // two rows conflict under an exclusion constraint's operators: ADD EXCLUDE fails (23P01)
  present,     // a row holds a unique key's values an INSERT adds: the INSERT fails (23505)
};

struct RowCheck {
  RowCheckKind kind = RowCheckKind::nulls;
  std::string schema;
  std::string table;
  std::vector<std::string> columns;  // nulls: one; violations, any_row: none
  // duplicates (a unique index over expressions, or partial), conflicts:
  // `columns` are each element's value as SQL ("lower(email)", "\"Name\""), not names
  bool columns_as_sql = false;
  bool nulls_not_distinct = false;   // duplicates, present: NULLs count as equal (UNIQUE NULLS NOT DISTINCT)
  // violations: the CHECK's, as written; conversion: the new value's;
  // present: the values of `columns` inserted, as rows ("(CAST(1 AS integer)), (CAST(2 AS integer))")
  std::string expression;
  std::string where;                 // duplicates, conflicts: the rows it covers (a WHERE, as written; empty: all)
  std::vector<std::string> operators;  // conflicts: each element's, as written ("&&", "OPERATOR(pg_catalog.=)")
  // present, of an INSERT ... ON CONFLICT (its arbiter's columns): the rows
  // in `expression` hold `columns`' values, then these'. Only rows whose
  // arbiter key no row has (nor another row it inserts) are inserted and
  // asked about; with `arbiter_updates` (DO UPDATE) only rows it updates
  // none of, whose key it may change.
  std::vector<std::string> arbiter_columns;
  bool arbiter_updates = false;
  std::string referenced_schema;     // orphans: the referenced table and its columns
  std::string referenced_table;
  std::vector<std::string> referenced_columns;
  // Its table's partitions or inheritance children hold rows it asks about
  // too: a partitioned table's always; a plain table's where the statement
  // reaches them (SET NOT NULL, CHECK, a type change without ONLY; never a
  // unique index or foreign key, which does not cover them).
  bool with_children = false;
  bool referenced_partitioned = false;  // orphans: the referenced table's partitions hold its rows
  bool match_full = false;              // orphans: MATCH FULL, where a row that mixes NULL and values fails too
  // The table's rows as the run's UPDATEs and DELETEs before the statement
  // leave them: a query over the table's own (ONLY) rows, each with its
  // columns' names; "": its rows as they are. Not for conflicts.
  std::string rows_as;
  std::string referenced_rows_as;    // orphans: the referenced table's rows so, the same way
  std::optional<bool> found;         // such a row; nullopt: not read, `unread` says why ("": nothing to say)
  std::string unread;                // "reading its table took longer than 5 s", "permission denied..."
  std::string failure;               // conversion, found: the server's error for such a row, with its SQLSTATE

  // The same question, whatever its answer.
  bool asks_as(const RowCheck& other) const {
    return kind == other.kind && schema == other.schema && table == other.table && columns == other.columns &&
           nulls_not_distinct == other.nulls_not_distinct && expression == other.expression &&
           operators == other.operators && columns_as_sql == other.columns_as_sql && where == other.where &&
           with_children == other.with_children &&
           referenced_schema == other.referenced_schema && referenced_table == other.referenced_table &&
           referenced_columns == other.referenced_columns && match_full == other.match_full &&
           arbiter_columns == other.arbiter_columns && arbiter_updates == other.arbiter_updates &&
           rows_as == other.rows_as && referenced_rows_as == other.referenced_rows_as;
  }
};

struct CatalogSnapshot {
  int server_version = 0;  // server_version_num
  std::string server_version_text;
  std::string database;
  std::string current_user;
  bool superuser = false;
  bool can_create_schema = false;     // CREATE on the database
  std::set<std::string> member_of;    // roles current_user may give objects to, itself too
  // A managed platform's stand-in for a superuser that current_user has
  // (rds_superuser, cloudsqlsuperuser, azure_pg_admin, Supabase's supautils):
  // what only a superuser may do elsewhere it may allow. "" when none.
  std::string platform_admin;
  // search_path's schemas as the server finds them (current_schemas(false)),
  // after a leading "$user" whose schema does not exist yet (as the user's
  // name): one a migration makes is where what follows goes.
  std::vector<std::string> search_path;
  std::vector<CatalogSchema> schemas;
  std::vector<CatalogRelation> relations;
  std::vector<CatalogRoutine> routines;
  // An operator or a cast a user made, or a function of the user's named as
  // one of PostgreSQL's own: any statement may call a function unseen.
  bool unseen_calls = false;
  std::vector<CatalogEventTrigger> event_triggers;
  std::vector<CatalogType> types;
  std::vector<CatalogExtension> extensions;
  // What pg_available_extensions lists (nullopt: not read): a CREATE
  // EXTENSION of anything else fails on this server.
  std::optional<std::set<std::string>> available_extensions;
  // Of those, the ones whose default version is not trusted and needs a
  // superuser to create.
  std::set<std::string> superuser_extensions;
  std::vector<LockHolder> lock_holders;
  // For the roles the pending migrations drop (read only for those).
  std::vector<RoleDependency> role_dependencies;
  // What pending migrations ask of the rows (read only for those).
  std::vector<RowCheck> row_checks;

  // Lookups. An empty schema resolves through search_path, as PostgreSQL
  // resolves an unqualified name (the first schema that has one).
  const CatalogSchema* find_schema(const std::string& name) const;
  // Tables, views, sequences... (not indexes).
  const CatalogRelation* find_relation(const std::string& schema, const std::string& name) const;
  // An index by its own name (index names are unique per schema), with its table.
  struct IndexLocation {
    const CatalogRelation* table = nullptr;
    const CatalogIndex* index = nullptr;
  };
  IndexLocation find_index(const std::string& schema, const std::string& name) const;
  std::vector<const CatalogRoutine*> find_routines(const std::string& schema, const std::string& name) const;
  const CatalogType* find_type(const std::string& schema, const std::string& name) const;
  const CatalogExtension* find_extension(const std::string& name) const;
  // The answer to `question` (a row check asked as it is); nullptr when not read.
  const RowCheck* find_row_check(const RowCheck& question) const;
  // The schema an unqualified CREATE puts things in: the first of search_path
  // (empty when search_path names no existing schema).
  std::string creation_schema() const;
};

}  // namespace pgapply::schema
