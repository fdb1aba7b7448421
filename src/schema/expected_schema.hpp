#pragma once

// The expected schema: the declarations of migrations applied, in order, to
// a model of what should exist and what should be gone, each expectation
// remembering the declaration (migration, file:line) that set it last.
//
// Two starting points:
//
//   Start::empty  what the migrations declare, from nothing (verify,
//                 baseline). The catalog only resolves unqualified names the
//                 migrations do not create, and gives the schema an
//                 unqualified CREATE uses. Every declaration counts as having
//                 run (the migrations were applied): an ALTER of an object no
//                 migration created expects just what it changes.
//   Start::live   the live catalog plus what pending migrations do to it
//                 (preflight): a declaration that would fail or be skipped
//                 changes nothing, and each one reports what it would do.
//
// What applying a declaration does (names resolve as the server resolves
// them at that point: search_path, objects created or renamed before):
//
//   create   the object is expected, as declared; an unnamed constraint or
//            index gets the name PostgreSQL would choose; inline column
//            constraints are expected too, and a PRIMARY KEY makes its
//            columns NOT NULL. IF NOT EXISTS (or a branch of a DO block,
//            taken to be guarded by IF NOT EXISTS) of an existing object is
//            skipped, and so are the columns of a skipped CREATE TABLE.
//   alter    ALTER COLUMN TYPE, SET/DROP DEFAULT, SET/DROP NOT NULL and
//            identity changes change the column's expectation; RENAME and
//            SET SCHEMA move the object with its columns, constraints,
//            triggers, policies and indexes; VALIDATE CONSTRAINT expects a
//            validated constraint; ENABLE/DISABLE/[NO] FORCE ROW LEVEL
//            SECURITY; ALTER TYPE ADD/RENAME VALUE change the enum's labels.
//   drop     the object must be gone, with what it contains (a table's
//            columns and indexes, a column's constraints and indexes, a
//            schema's objects: marked `implicit`).
//
// Start::live: an ALTER or DROP of an absent object fails, unless IF
// EXISTS (or a branch of a DO block, again taken to be guarded) skips it;
// anything whose table, schema or type (or referenced table) is absent
// fails, but for ALTER TABLE IF EXISTS (skipped with a notice). A table a
// pending migration creates holds no rows.
//
// Not modelled: temporary tables and views, comments (only checked to have
// a target), owners, grants, what dynamic SQL (EXECUTE) or unrecognised
// statements do (rows INSERT adds, objects \gexec creates), the columns a
// LIKE clause copies.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "schema/catalog.hpp"
#include "schema/expected_object.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::schema {

enum class Start { empty, live };

// What one declaration does to the schema as it stands.
enum class Outcome {
  create,           // absent: will be created
  skip_existing,    // present, with IF NOT EXISTS (or in a branch of a DO block): skipped
  fail_existing,    // present, without IF NOT EXISTS: "already exists"
  replace,          // CREATE OR REPLACE of an existing object
  change,           // alters an existing object (renames it: `new_key`)
  drop,             // drops an existing object
  skip_absent,      // DROP ... IF EXISTS (or a DO block branch) of an absent object: nothing to do
  fail_missing,     // ALTER, DROP or COMMENT of an absent object: "does not exist"
  fail_dependency,  // what it needs is absent: its table, type or schema, a referenced table
  skip_no_parent,   // ALTER TABLE IF EXISTS of an absent table: skipped with a notice
  skip_with_table,  // a column or constraint of a CREATE TABLE that was skipped (or fails)
  ignored,          // not modelled (a temporary table, ALTER ... OWNER TO...)
};

std::string_view to_string(Outcome outcome);

struct Step {
  Outcome outcome = Outcome::ignored;
  ObjectKey key;                           // the object (for a comment: what it is on)
  std::optional<ObjectKey> new_key;        // a rename or SET SCHEMA: where it goes
  std::optional<ObjectKey> dependency;     // fail_dependency, skip_no_parent: what is absent
  std::optional<ExpectedObject> before;    // the object as it stood, when present
  std::optional<ExpectedObject> declared;  // create: what the declaration expects
};

class ExpectedSchema {
 public:
  // Keeps a reference to `catalog`: it must outlive the model.
  ExpectedSchema(const CatalogSnapshot& catalog, Start start);
  ExpectedSchema(CatalogSnapshot&&, Start) = delete;

  // Applies every declaration of `migration`, statement by statement.
  void apply(const MigrationFacts& migration);
  // Applies one statement's declarations; one Step per declaration, in order.
  std::vector<Step> apply(const MigrationFacts& migration, const DeclaredStatement& statement);

  // One declaration at a time, for callers that look at the schema between
  // them: a StatementScope per statement, its declarations in order, then
  // end_statement().
  class StatementScope {
   public:
    bool skipped(const ObjectKey& table) const;

   private:
    friend class ExpectedSchema;
    std::vector<ObjectKey> skipped_tables_;  // CREATE TABLEs of the statement that did not run
    // The columns the statement adds, all of them: PostgreSQL names a
    // column's CHECK once the table has its columns (CHECK (qty > 0) on a
    // column before qty is named after qty).
    std::vector<std::string> statement_columns_;
    bool columns_read_ = false;
  };
  Step apply(const MigrationFacts& migration, const DeclaredStatement& statement, const ddl::Declaration& declaration,
             StatementScope& scope);
  // Names resolve as in `statement` (its file's own search_path) until the
  // next begin_statement: call it before anything about the statement is
  // looked up (apply(migration, statement) does).
  void begin_statement(const DeclaredStatement& statement);
  void end_statement(const DeclaredStatement& statement);

  // The object at `key` as things stand, or nullopt when it is absent
  // (Start::empty: when no migration declared it).
  std::optional<ExpectedObject> current(const ObjectKey& key) const;

  // The key of the relation a name means now (unqualified: the first schema
  // of search_path that has it, else the creation schema).
  ObjectKey relation(const ddl::QualifiedName& name) const;
  // The target's partitions and INHERITS children of `table`, all levels
  // down, where the model has them now, and the tables ALTER TABLE ...
  // INHERIT made its children in the run: a column renamed on it is renamed
  // on them, one dropped is dropped where they only inherit it, one added
  // is added.
  struct Inheritor {
    ObjectKey key;                     // in the model
    const CatalogRelation* live;       // in the catalog; nullptr for one the run made its child
  };
  std::vector<Inheritor> inheriting_tables(const ObjectKey& table) const;
  // Whether `table` has partitions or inheritance children now (the
  // target's, or made or linked by the run).
  bool has_inheritors(const ObjectKey& table) const { return !inheriting_tables(table).empty(); }
  // Whether the run made `table` a partition or an inheritance child.
  bool is_inheritor(const ObjectKey& table) const;
  // The key of the type (or domain) a name means now.
  ObjectKey type(const ddl::QualifiedName& name) const;
  // The key of the index a name means now.
  ObjectKey index(const ddl::QualifiedName& name) const;
  // A name that reaches a temporary relation a migration created (pg_temp
  // comes first in the search path, so an unqualified name reaches it too).
  bool names_temporary(const ddl::QualifiedName& name) const;
  // The schema an unqualified CREATE uses now: the first schema of
  // search_path that exists ("" when none: CREATE fails; Start::empty falls
  // back to the first of search_path, or public).
  std::string creation_schema() const;

  // Every expectation, in the order first declared (dropped ones too).
  const std::vector<ExpectedObject>& objects() const { return objects_; }
  // Where the model has the target's object `live` now (renamed, or gone: nullopt).
  std::optional<ObjectKey> model_key_of(const ObjectKey& live) const;
  const ExpectedObject* entry(const ObjectKey& key) const;

  const CatalogSnapshot& catalog() const { return catalog_; }
  Start start() const { return start_; }
  // An applied statement ran SQL this model cannot see (a DO block's
  // EXECUTE, an analysis cut short): objects may exist that it does not know.
  bool saw_dynamic_sql() const { return saw_dynamic_sql_; }
  // An applied statement made an operator, a cast or an aggregate
  // (unseen_caller_marker): a function may run where no statement names it.
  bool made_unseen_caller() const { return made_unseen_caller_; }

 private:
  struct Target;

  void apply_create(const ddl::Declaration& d, const Target& target, const Provenance& provenance,
                    StatementScope& scope, Step& step);
  void apply_alter(const ddl::Declaration& d, const Target& target, const Provenance& provenance, Step& step);
  void apply_drop(const ddl::Declaration& d, const Target& target, const Provenance& provenance, Step& step);
  void apply_comment(const ddl::Declaration& d, const Target& target, Step& step);

  Target target_of(const ddl::Declaration& d) const;
  std::string resolve_schema(Space space, const ddl::QualifiedName& name) const;
  // The schemas unqualified names look in: the statement's file's own, or the connection's.
  const std::vector<std::string>& search_path() const;
  // The schemas whose types PostgreSQL shows unqualified: the search path's
  // ("public" when the path is not known).
  std::vector<std::string> visible_schemas() const;
  std::vector<std::string> column_names(const ObjectKey& table) const;
  std::optional<ExpectedObject> primary_key_of(const ObjectKey& table) const;
  const ExpectedObject* constraint_of_index(const ObjectKey& index) const;

  // What the model expects at `key` now: the objects it holds, else the
  // catalog's (with_catalog) as the run left them, else a clone PostgreSQL
  // may have made on a partition (unknown).
  std::optional<ExpectedObject> lookup(const ObjectKey& key, bool with_catalog,
                                       const ExpectedObject* hint = nullptr) const;
  std::optional<ExpectedObject> lookup_known(const ObjectKey& key, bool with_catalog,
                                             const ExpectedObject* hint = nullptr) const;
  // An index, trigger or key of a partition the run made (PARTITION OF,
  // ATTACH PARTITION) that the model does not hold: PostgreSQL may have
  // cloned it from the parent, under a name the model does not predict.
  std::optional<ExpectedObject> clone_on_partition(const ObjectKey& key, bool with_catalog) const;
  // _name, the array type of type or table `name` (its row type), where that
  // exists: an unknown type (COMMENT ON TYPE _mood).
  std::optional<ExpectedObject> implied_array_type(const ObjectKey& key, bool with_catalog) const;
  // The sequence a serial or identity column the model made has (PostgreSQL
  // names it table_column_seq), when `key` names it; unknown: nothing else
  // about it is modelled.
  std::optional<ExpectedObject> implied_sequence(const ObjectKey& key) const;
  // The target's index `key` names in the schema ALTER TABLE ... SET SCHEMA
  // moved its table to (the index goes with it).
  std::optional<ExpectedObject> index_moved_with_table(const ObjectKey& key) const;
  // Whether the target's `sequence` is where it was, not gone with the
  // table or column it is OWNED BY (a serial's or an identity's own), which
  // the run dropped or moved to another schema.
  bool with_its_column(const ExpectedObject& sequence, const ObjectKey& key) const;
  // The target's sequence `key` names in the schema ALTER TABLE ... SET
  // SCHEMA moved the table it is OWNED BY to (it goes with it).
  std::optional<ExpectedObject> sequence_moved_with_table(const ObjectKey& key) const;
  // The column OWNED BY names (nullopt for NONE).
  std::optional<ObjectKey> sequence_owner(const ddl::SequenceOwner& owner) const;
  // The run made `child` a child of `parent` (CREATE TABLE ... INHERITS or
  // PARTITION OF, ALTER TABLE ... INHERIT, ATTACH PARTITION), or took that
  // back (NO INHERIT, DETACH PARTITION): what inheriting_tables finds.
  void link_child(const ObjectKey& child, const ObjectKey& parent);
  void unlink_child(const ObjectKey& child, const ObjectKey& parent);
  ObjectKey translate(const ObjectKey& key) const;

  ExpectedObject* mutable_entry(const ObjectKey& key);
  ExpectedObject& put(ExpectedObject object);
  ExpectedObject& materialize(const ObjectKey& key, const std::optional<ExpectedObject>& before, ddl::ObjectKind kind);
  void record_create(ExpectedObject object);
  void tombstone(const ObjectKey& key, ddl::ObjectKind kind, const Provenance& provenance);
  void drop_contents(const ObjectKey& key);
  void drop_column_dependents(const ObjectKey& column);
  // Columns whose default names `name` (a function or sequence renamed or
  // dropped with CASCADE): their default, printed otherwise now, is not compared.
  void stop_comparing_defaults_naming(const std::string& name);
  // What goes with a dropped table (the target's indexes, the partitions),
  // column (the target's indexes and constraints on it) or key (its index),
  // the model's own parts aside (drop_contents, drop_column_dependents).
  void drop_dependents(const ObjectKey& key, const Provenance& provenance);
  void drop_implicitly(const ObjectKey& key, ddl::ObjectKind kind, const Provenance& provenance);
  // A dropped index of a partitioned table takes the partitions' indexes
  // attached to it, which the model cannot tell apart: each may be gone.
  void partition_indexes_may_go(const ObjectKey& index);
  // A constraint of another table of the schema has the name (PostgreSQL
  // names an unnamed constraint with one no constraint of its schema has);
  // `with_index`: a key, UNIQUE or EXCLUDE the run made (whose index has it).
  bool constraint_named_in_schema(const ObjectKey& constraint, bool with_index = false) const;
  // The run's constraint of the schema with `constraint`'s name (any table), if any.
  const ExpectedObject* run_constraint_named(const ObjectKey& constraint, bool with_index) const;
  // Whether PostgreSQL passes `key`'s name over for an unnamed constraint of
  // `kind` (nullopt: an index), appending 1, 2... (ChooseConstraintName,
  // ChooseRelationName).
  bool predicted_name_taken(const ObjectKey& key, std::optional<ddl::ConstraintKind> kind) const;
  // ALTER TABLE ... DETACH PARTITION: the row triggers cloned onto it go.
  void detach_partition(const ObjectKey& table, const ObjectKey& partition, const Provenance& provenance);
  // ALTER COLUMN ... DROP IDENTITY: the sequences OWNED BY the column go.
  void drop_owned_sequences(const ObjectKey& column, const Provenance& provenance);
  void move(const ObjectKey& from, const ObjectKey& to, const std::optional<ExpectedObject>& before,
            ddl::ObjectKind kind, const Provenance& provenance);
  void rekey(const std::map<std::size_t, ObjectKey>& new_keys);
  void reindex();

  const CatalogSnapshot& catalog_;
  Start start_;
  std::vector<ExpectedObject> objects_;
  std::map<ObjectKey, std::size_t> positions_;
  bool saw_dynamic_sql_ = false;
  bool made_unseen_caller_ = false;
  bool cascaded_ = false;  // a DROP ... CASCADE ran: what was there before may be gone
  // The roles a DROP OWNED BY named: what they own on the target is gone.
  std::set<std::string> dropped_owners_;
  // Whether the target's object `live` may be one a DROP OWNED BY dropped:
  // its owner (its table's, its schema's) was named, or is not known.
  bool owned_by_dropped_owner(const ObjectKey& live) const;
  // (what lookups scan every object for on a miss only once they can find something)
  bool moved_relations_ = false;  // a table went to another schema (SET SCHEMA)
  bool partitions_ = false;       // the run made a partition
  bool types_renamed_ = false;    // a type, table (row type) or schema renamed: routines' arguments follow
  // (child, parent): ALTER TABLE child INHERIT parent in the run, not undone by NO INHERIT
  std::vector<std::pair<ObjectKey, ObjectKey>> run_inherits_;
  // ALTER TABLE child NO INHERIT parent of the target's: (child, parent), no
  // longer read from the catalog's inheritance (its columns are its own now).
  std::vector<std::pair<ObjectKey, ObjectKey>> run_uninherits_;
  std::vector<std::string> file_search_path_;  // begin_statement's ("$user" as the user); empty: the connection's
  // Temporary tables and views the migrations created: they end with the
  // session, so neither they nor their parts are expected objects.
  std::set<std::string> temporary_relations_;
  std::string temporaries_version_;  // the migration that made them
};

}  // namespace pgapply::schema
