#pragma once

// Which migration last made or changed an object of the model, from what the
// migrations declare statically (src/ddl): file:line for a difference's
// report. The shadow says WHAT differs; the declarations say WHERE it came
// from. Objects no statement names (made by dynamic SQL) are attributed to
// the last DO block that runs EXECUTE, as "perhaps". Such a guess, and a
// declaration a DO block runs or not depending on table rows, may hang on
// data the shadow does not have: a difference found there is uncertain.

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "catalog/catalog_model.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::catalog {

struct Attribution {
  std::string location;    // file:line
  std::string version;     // the migration's version
  bool dynamic = false;    // only a guess: the last DO block with EXECUTE before it
  // Declared in a DO block that decides from table rows whether it runs
  // (ddl::Location::data_dependent).
  bool hangs_on_data = false;
  // The statement's place among all the migrations' statements, from 1.
  std::size_t order = 0;
  // An ALTER DEFAULT PRIVILEGES (here) that ran after the object was made:
  // the defaults it got then are not known to the shadow, which starts from
  // the target's defaults as they are now.
  bool changes_default_privileges = false;
  // No statement names the object: the last dynamic SQL that runs the same
  // on the shadow (a DO block's constant EXECUTE) is what perhaps made it,
  // one of this many such statements (0: not a guess). Not a doubt: the
  // shadow ran that SQL too.
  std::size_t guessed_among = 0;

  // What the migrations make of it may depend on data the shadow lacks.
  bool uncertain() const { return dynamic || hangs_on_data || changes_default_privileges; }
};

class Attributor {
 public:
  // `migrations` in the order they were applied.
  explicit Attributor(const std::vector<schema::MigrationFacts>& migrations);

  // The last declaration of the object (or, for sub-objects nobody names,
  // nothing); nullopt when no migration declares it.
  std::optional<Attribution> locate(const ObjectKey& key) const;
  // The same without the guess: only a statement that names the object.
  std::optional<Attribution> locate_declared(const ObjectKey& key) const;
  // What last set the object's privileges: the last GRANT or REVOKE on it
  // (for a column, the last on its table's columns), or the statement that
  // made it when none came after; else locate().
  std::optional<Attribution> locate_privileges(const ObjectKey& key) const;
  // The RENAME a migration declares of `from` to `to` (same kind, schema
  // and table; a function's same arguments), the last if several: an object the database has under the
  // old name, the migrations under the new.
  std::optional<Attribution> locate_rename(const ObjectKey& from, const ObjectKey& to) const;
  bool renames_any() const { return !renames_.empty(); }
  // The first ALTER DEFAULT PRIVILEGES of objects of its kind and schema
  // after the statement that made the object (any, where no statement
  // names it: a serial's sequence, what dynamic SQL made) that grants to or
  // revokes from every one of `grantees` (those whose privileges differ:
  // what those defaults could not have changed is drift all the same), as
  // changes_default_privileges; nullopt where none ran after it, and for a
  // column (whose privileges come from no default).
  std::optional<Attribution> default_privileges_since_made(const ObjectKey& key,
                                                           const std::vector<std::string>& grantees) const;
  // The first DO block with EXECUTE that ran after `where`: what it did may
  // have changed or dropped the object, deciding on rows or on chance
  // (random(), now()), which a replay need not repeat.
  std::optional<Attribution> dynamic_since(const Attribution& where) const;
  // The last DO block with EXECUTE of all (dynamic), if any.
  std::optional<Attribution> last_dynamic() const {
    return dynamics_.empty() ? std::nullopt : std::optional(dynamics_.back());
  }

 private:
  // (class of kind, parent, name) -> entries; schema "" when the migration
  // left it unqualified.
  using Index = std::tuple<int, std::string, std::string>;
  struct Entry {
    std::string schema;
    Attribution where;
  };
  using Entries = std::map<Index, std::vector<Entry>>;
  // Entries in schema `from` found in `to` as well (ALTER SCHEMA ... RENAME).
  static void move_schema(Entries& in, const std::string& from, const std::string& to);
  // Entries found by their table (keyed_by_parent) under table `from` of
  // `schema` found under `to` as well (ALTER TABLE ... RENAME).
  static void move_parent(Entries& in, const std::string& schema, const std::string& from, const std::string& to);
  static void record(Entries& into, int kind_class, const std::string& schema, const std::string& parent,
                     const std::string& name, const Attribution& where);
  static std::optional<Attribution> find(const Entries& in, int kind_class, const std::string& schema,
                                         const std::string& parent, const std::string& name);

  Entries entries_;
  Entries privileges_;  // objects made (privileges as a new object has them), GRANT and REVOKE on them
  Entries made_;        // objects made (under their names now)
  struct DefaultPrivilegesChange {
    Attribution where;
    std::string on;                    // StatementFacts::default_privileges_on ("": any object)
    std::vector<std::string> schemas;  // its IN SCHEMA (none: all)
    std::vector<std::string> grantees;  // its TO or FROM (none: not known)
  };
  std::vector<DefaultPrivilegesChange> default_privileges_;  // each ALTER DEFAULT PRIVILEGES, in order
  Entries column_privileges_;  // by table: GRANT and REVOKE on its columns
  Entries renames_;  // by "old\x02new": each RENAME declared
  std::vector<Attribution> dynamics_;  // every DO block with EXECUTE, in order
  std::optional<Attribution> last_constant_dynamic_;  // the last whose SQL runs the same on the shadow (guessed)
};

}  // namespace pgapply::catalog
