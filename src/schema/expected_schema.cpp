#include "schema/expected_schema.hpp"

#include <algorithm>

#include "schema/expected_schema_internals.hpp"

namespace pgapply::schema {

using ddl::Action;
using ddl::Change;
using ddl::ObjectKind;

using expected_schema_detail::declared_object;
using expected_schema_detail::is_table_part;

namespace {

Provenance provenance_of(const MigrationFacts& migration, const DeclaredStatement& statement,
                         const ddl::Declaration& declaration) {
  return {migration.version, statement.file, statement.line_of(declaration)};
}

}  // namespace

namespace expected_schema_detail {

bool is_table_part(ObjectKind kind) {
  return kind == ObjectKind::column || kind == ObjectKind::constraint || kind == ObjectKind::trigger ||
         kind == ObjectKind::policy || kind == ObjectKind::row_level_security || kind == ObjectKind::index;
}

}  // namespace expected_schema_detail

// The CREATE TABLEs of the statement being applied that did not run: their
// columns and constraints do not run either.
bool ExpectedSchema::StatementScope::skipped(const ObjectKey& table) const {
  return std::find(skipped_tables_.begin(), skipped_tables_.end(), table) != skipped_tables_.end();
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::create: return "create";
    case Outcome::skip_existing: return "skip existing";
    case Outcome::fail_existing: return "fail: already exists";
    case Outcome::replace: return "replace";
    case Outcome::change: return "change";
    case Outcome::drop: return "drop";
    case Outcome::skip_absent: return "skip absent";
    case Outcome::fail_missing: return "fail: does not exist";
    case Outcome::fail_dependency: return "fail: dependency missing";
    case Outcome::skip_no_parent: return "skip: no table";
    case Outcome::skip_with_table: return "skip with its table";
    case Outcome::ignored: return "ignored";
  }
  return "?";
}

ExpectedSchema::ExpectedSchema(const CatalogSnapshot& catalog, Start start) : catalog_(catalog), start_(start) {}

void ExpectedSchema::apply(const MigrationFacts& migration) {
  for (const auto& statement : migration.statements) apply(migration, statement);
}

std::vector<Step> ExpectedSchema::apply(const MigrationFacts& migration, const DeclaredStatement& statement) {
  begin_statement(statement);
  StatementScope scope;
  std::vector<Step> steps;
  for (const auto& declaration : statement.facts.declarations) {
    steps.push_back(apply(migration, statement, declaration, scope));
  }
  end_statement(statement);
  return steps;
}

void ExpectedSchema::begin_statement(const DeclaredStatement& statement) {
  file_search_path_.clear();
  for (const auto& schema : statement.search_path) {
    if (schema != "$user") {
      file_search_path_.push_back(schema);
    } else if (!catalog_.current_user.empty()) {
      file_search_path_.push_back(catalog_.current_user);
    }
  }
}

void ExpectedSchema::end_statement(const DeclaredStatement& statement) {
  if (statement.facts.dynamic_sql || statement.facts.incomplete) saw_dynamic_sql_ = true;
  if (statement.facts.command == unseen_caller_marker) made_unseen_caller_ = true;
  // DROP OWNED BY: what the roles own is gone. The target's tables and
  // schemas say their owner; what else may be theirs (a type, a routine,
  // what the run made and perhaps gave them with OWNER TO) may be gone, and
  // made again without "already exists", as after a DROP ... CASCADE.
  if (statement.facts.drops_owned()) {
    for (const auto& change : statement.facts.cluster_changes) {
      if (change.command != "DROP OWNED") continue;
      // ("": CURRENT_USER, SESSION_USER: the run's own role)
      dropped_owners_.insert(change.name.empty() ? catalog_.current_user : change.name);
    }
    for (auto& object : objects_) {
      if (object.present && (!object.origin || owned_by_dropped_owner(*object.origin))) object.before_cascade = true;
    }
  }
}

bool ExpectedSchema::owned_by_dropped_owner(const ObjectKey& live) const {
  if (dropped_owners_.empty()) return false;
  std::string owner;
  if (live.space == Space::schema) {
    if (const CatalogSchema* schema = catalog_.find_schema(live.name)) owner = schema->owner;
  } else if (live.space != Space::index) {
    // a table's parts are its owner's
    const bool part = live.space == Space::column || live.space == Space::constraint ||
                      live.space == Space::trigger || live.space == Space::policy ||
                      live.space == Space::row_level_security;
    if (live.space == Space::relation || part) {
      if (const CatalogRelation* relation = catalog_.find_relation(live.schema, part ? live.parent : live.name)) {
        owner = relation->owner;
      }
    }
  }
  return owner.empty() || dropped_owners_.count(owner) != 0;  // (not known: perhaps theirs)
}

Step ExpectedSchema::apply(const MigrationFacts& migration, const DeclaredStatement& statement,
                           const ddl::Declaration& d, StatementScope& scope) {
  // A file's temporary relations end with its session (pgapply resets it
  // between files): in the next file the name may be a real table's.
  if (migration.version != temporaries_version_) {
    temporary_relations_.clear();
    temporaries_version_ = migration.version;
  }
  if (!scope.columns_read_) {
    scope.columns_read_ = true;
    for (const auto& declaration : statement.facts.declarations) {
      if (declaration.kind == ObjectKind::column && declaration.action == Action::create) {
        scope.statement_columns_.push_back(declaration.name.name);
      }
    }
  }
  Step step;
  const Target target = target_of(d);
  step.key = target.key;
  if (!target.modelled) {
    // a temporary relation (or an index on one): what later names it is not modelled either
    if (d.action == Action::create && (d.kind == ObjectKind::table || d.kind == ObjectKind::view ||
                                       d.kind == ObjectKind::materialized_view || d.kind == ObjectKind::sequence ||
                                       d.kind == ObjectKind::index)) {
      temporary_relations_.insert(target.key.name);
    }
    return step;
  }
  const Provenance provenance = provenance_of(migration, statement, d);

  if (d.action == Action::create && target.container && scope.skipped(*target.container)) {
    step.outcome = Outcome::skip_with_table;
    step.declared = declared_object(d, target.key, provenance);
    step.before = lookup(target.key, start_ == Start::live, &*step.declared);
    return step;
  }
  if (start_ == Start::empty && d.parent_if_exists) {
    // ALTER ... IF EXISTS of what no migration made was skipped where it ran
    // (or what it altered was made by hand: then verify expects nothing of it)
    const bool table_part = target.container && target.container->space == Space::relation &&
                            is_table_part(d.kind) && d.kind != ObjectKind::index;
    if (!current(table_part ? *target.container : target.key)) {
      step.outcome = Outcome::skip_absent;
      return step;
    }
  }
  // COMMENT ON COLUMN of a composite type's attribute, ON CONSTRAINT ... ON DOMAIN: on a type
  const bool comment_on_type = d.kind == ObjectKind::comment && target.container &&
                               target.container->space == Space::relation &&
                               current(type_key(target.container->schema, target.container->name)).has_value();
  if (start_ == Start::live && !comment_on_type) {
    if (target.container && !current(*target.container)) {
      step.dependency = target.container;
      const bool table_part = target.container->space == Space::relation && is_table_part(d.kind);
      if (d.parent_if_exists && table_part) {
        step.outcome = Outcome::skip_no_parent;
      } else if (d.action == Action::drop && d.if_exists) {
        // DROP ... IF EXISTS in a missing schema, DROP TRIGGER|POLICY IF
        // EXISTS ... ON a missing table: PostgreSQL's notice, "skipping".
        step.outcome = Outcome::skip_absent;
      } else {
        step.outcome = Outcome::fail_dependency;
      }
      return step;
    }
    for (const auto& reference : target.references) {
      if (reference.space == Space::column) {
        // (a column only of a table whose columns are all known: not a view's, nor LIKE's or INHERITS';
        // not in CREATE TABLE, whose keys may name columns it declares after them)
        if (statement.facts.command == "CREATE TABLE") continue;
        const auto table = current(*container_of(reference));
        if (!table || table->kind != ObjectKind::table || !table->complete || table->unknown) continue;
      }
      if (!current(reference)) {
        step.dependency = reference;
        step.outcome = Outcome::fail_dependency;
        return step;
      }
    }
  }
  if (comment_on_type) {
    step.outcome = Outcome::change;  // (the model does not follow types' attributes or domains' constraints)
    return step;
  }
  if (d.kind == ObjectKind::comment) {
    apply_comment(d, target, step);
    return step;
  }
  switch (d.action) {
    case Action::create: apply_create(d, target, provenance, scope, step); break;
    case Action::alter: apply_alter(d, target, provenance, step); break;
    case Action::drop: apply_drop(d, target, provenance, step); break;
  }
  return step;
}

void ExpectedSchema::apply_comment(const ddl::Declaration&, const Target& target, Step& step) {
  step.before = current(target.key);
  // (COMMENT ON INDEX t_pkey: a table the run made holds that index as its constraint)
  const bool constraint_index = target.key.space == Space::index && constraint_of_index(target.key) != nullptr;
  step.outcome = step.before || constraint_index || start_ == Start::empty ? Outcome::change : Outcome::fail_missing;
}

}  // namespace pgapply::schema
