#include "schema/preflight.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <set>

#include "core/plural.hpp"
#include "ddl/expression.hpp"
#include "ddl/lock_facts.hpp"
#include "ddl/type_change.hpp"
#include "ddl/types.hpp"
#include "ddl/volatility.hpp"
#include "lexer/tokenizer.hpp"
#include "schema/expected_schema.hpp"
#include "schema/object_key.hpp"
#include "schema/preflight_findings.hpp"
#include "schema/preflight_impact.hpp"
#include "schema/preflight_row_checks.hpp"
#include "schema/preflight_objects.hpp"
#include "schema/preflight_privileges.hpp"
#include "schema/quantities.hpp"
#include "schema/referencing_keys.hpp"

namespace pgapply::schema {

namespace {

std::string location_of(const DeclaredStatement& statement, std::size_t line) {
  return statement.file + ":" + std::to_string(line);
}

bool takes_locks(const ddl::Declaration& d, const Step& step) {
  switch (step.outcome) {
    case Outcome::create:
    case Outcome::change:
    case Outcome::drop:
    case Outcome::replace:
      return true;
    case Outcome::skip_existing:
      // ALTER TABLE ... ADD COLUMN IF NOT EXISTS locks the table before it
      // looks; a skipped CREATE TABLE or a DO block branch not taken does not
      return !d.location.conditional && d.kind != ddl::ObjectKind::table;
    default:
      return false;
  }
}

bool acts(const Step& step) {
  return step.outcome == Outcome::create || step.outcome == Outcome::change || step.outcome == Outcome::drop ||
         step.outcome == Outcome::replace;
}

// The highest server version a migration's SQL needs, and what needs it.
void find_minimum_version(const MigrationFacts& facts, MigrationPreflight& out) {
  for (const auto& statement : facts.statements) {
    for (const auto& requirement : statement.facts.requirements) {
      if (requirement.informational || requirement.version <= out.minimum_server_version) continue;
      out.minimum_server_version = requirement.version;
      out.minimum_server_feature = requirement.name;
      out.minimum_server_location = location_of(statement, statement.line + requirement.line - 1);
    }
  }
}

void check_server_version(const CatalogSnapshot& catalog, const MigrationFacts& facts, const MigrationPreflight& out,
                          FindingList& findings) {
  if (catalog.server_version <= 0) return;
  const std::string server = catalog.server_version_text.empty() ? ddl::version_string(catalog.server_version)
                                                                 : catalog.server_version_text;
  if (out.minimum_server_version > catalog.server_version) {
    findings.add(Severity::error,
                 out.minimum_server_feature + " needs PostgreSQL " + ddl::version_string(out.minimum_server_version) +
                     " or later; the server is " + server,
                 out.minimum_server_location);
  }
  for (const auto& statement : facts.statements) {
    for (const auto& requirement : statement.facts.requirements) {
      if (!requirement.informational || requirement.version <= catalog.server_version) continue;
      findings.add(Severity::warning,
                   "PostgreSQL " + server + " lacks " + requirement.name + " (" +
                       ddl::version_string(requirement.version) + "): the statement runs, but does more work",
                   location_of(statement, statement.line + requirement.line - 1));
    }
  }
}

bool drops_a_role(const ddl::ClusterChange& change) {
  return change.kind == ddl::ClusterObjectKind::role && change.command == "DROP ROLE" && !change.name.empty();
}

// What the pending migrations did, up to the statement being checked, to
// what a role's DROP ROLE may fail on outside this database.
struct ClusterSeen {
  std::set<std::string> dropped_databases;          // DROP DATABASE (not a RENAME: what it had stays)
  std::set<std::string> databases_given_away;       // ALTER DATABASE ... OWNER TO
  std::set<std::pair<std::string, std::string>> revoked;  // REVOKE ... ON DATABASE d FROM r: (d, r)
  std::set<std::string> reassigned_roles;           // REASSIGN OWNED BY them: their databases and tablespaces move
  std::set<std::string> dropped_owned_roles;        // DROP OWNED BY them: their privileges on those are revoked
  std::map<std::string, std::string> renamed_from;  // a database's name now -> its name in the catalog read
  RunRoles roles;                                   // created, altered, granted... by the run

  // The name the catalog read gives the database now called `name`.
  std::string as_read(const std::string& name) const {
    const auto found = renamed_from.find(name);
    return found == renamed_from.end() ? name : found->second;
  }

  // Whether what the pending migrations did before may have removed `dependency`.
  bool may_have_removed(const RoleDependency& dependency) const {
    if (!dependency.database.empty() && dropped_databases.count(dependency.database) != 0) return true;
    if (!dependency.shared) return false;  // objects in another database: only its DROP DATABASE takes them
    if (dependency.owner) {
      return reassigned_roles.count(dependency.role) != 0 || databases_given_away.count(dependency.database) != 0;
    }
    return dropped_owned_roles.count(dependency.role) != 0 ||
           revoked.count({dependency.database, dependency.role}) != 0;
  }
};

// The domains (schema, name) an ALTER DOMAIN of the run changed other than
// by a rename, owner or schema (SET or DROP DEFAULT, a constraint): the
// model does not follow what it changed.
using AlteredDomains = std::set<std::pair<std::string, std::string>>;

class MigrationCheck {
 public:
  // `rows`: what the run did so far that row checks depend on (kept from
  // one migration to the next, as `altered` is).
  MigrationCheck(const CatalogSnapshot& catalog, ExpectedSchema& model, const PreflightThresholds& thresholds,
                 const std::string& home, ClusterSeen& cluster, RowsSeen& rows, AlteredDomains& altered,
                 MigrationPreflight& out)
      : catalog_(catalog), model_(model), home_(home), cluster_(cluster), rows_(rows), altered_domains_(altered),
        out_(out), findings_(out.findings), impact_(catalog, thresholds, home, findings_, out.tables) {}

  void run(const PendingMigration& pending) {
    const MigrationFacts& facts = pending.facts;
    shadow_files_ = pending.shadow_files ? &*pending.shadow_files : nullptr;
    // (the shadow read its tables by the names they have as this migration starts)
    names_at_start_.clear();
    if (shadow_files_ != nullptr) {
      for (const ExpectedObject& object : model_.objects()) {
        if (object.key.space == Space::relation && object.present && object.origin) {
          names_at_start_[*object.origin] = object.key;
        }
      }
    }
    // (up sends consecutive files that run in a transaction together, whose now() is when their batch
    // arrived; each statement of a file outside one alone)
    statement_by_statement_ = pending.transaction_mode.identifier == "no_transaction";
    if (!statement_by_statement_ && (rows_.transaction == 0 || rows_.after_own_statements)) ++rows_.transaction;
    rows_.after_own_statements = statement_by_statement_;
    find_minimum_version(facts, out_);
    check_server_version(catalog_, facts, out_, findings_);
    for (const auto& statement : facts.statements) statement_(facts, statement);
    out_.counts = counter_.counts();
    out_.verdict = verdict_of(out_.findings);
  }

  // The lines (file:line) where all that is declared is an IF NOT EXISTS of
  // what is there already (on the target, or made by an earlier statement):
  // nothing is built or rewritten there.
  // ... with why nothing that scales with the table happens there; and the
  // lines that do something, but nothing that scales with the table
  // (quiet_: a SET NOT NULL of a column NOT NULL already, a rewrite of a
  // table a TRUNCATE emptied).
  // A line with another declaration that may read or rewrite rows (two
  // subcommands of one ALTER TABLE) is not quiet.
  std::map<std::string, std::string> quiet_locations() const {
    std::map<std::string, std::string> out;
    for (const auto& [location, why] : quiet_) {
      if (quieted_.at(location) == declared_.at(location)) out[location] = why;
    }
    for (const auto& location : idle_) {
      if (acting_.count(location) == 0) out[location] = "the target has it already: IF NOT EXISTS does nothing there";
    }
    return out;
  }

  // The lines (file:line) whose type change makes PostgreSQL read the rows
  // of other tables to check their foreign keys again, with those tables.
  const std::map<std::string, std::vector<std::string>>& keys_checked() const { return keys_checked_; }

 private:
  void statement_(const MigrationFacts& facts, const DeclaredStatement& statement) {
    const std::string where = location_of(statement, statement.line);
    if (statement_by_statement_) ++rows_.transaction;
    model_.begin_statement(statement);
    if (statement.facts.command == set_role_marker || statement.facts.command == other_role_marker) {
      note_role(statement, where);
    }
    if (statement.facts.dynamic_sql) {
      findings_.add(Severity::info, statement.facts.dynamic_sql_source() + ": preflight cannot see what it does", where);
    }
    check_inserted_rows(catalog_, model_, home_, statement, where, rows_, findings_);
    check_edited_rows(catalog_, model_, home_, statement, where, rows_, findings_);
    rows_before_statement(catalog_, model_, statement, where, rows_);
    note_statement_rewrites(statement);
    ExpectedSchema::StatementScope scope;
    NewTable table;
    for (const auto& declaration : statement.facts.declarations) {
      declaration_(facts, statement, declaration, scope, table);
    }
    model_.end_statement(statement);
    rows_after_statement(catalog_, model_, statement.facts, where, rows_);
    check_role_drops(statement);
    if (statement.facts.superuser_only && !other_role(statement)) {
      check_superuser_only(statement.facts.command, catalog_, where, findings_);
    }
    if (statement.facts.dynamic_sql) cluster_.roles.dynamic_sql = true;
    // statements that lock without declaring anything (REINDEX)
    if (statement.facts.declarations.empty() && !statement.facts.locks.empty()) {
      const auto targets = lock_targets(model_, statement.facts.locks);
      impact_.check(targets, statement.facts.hazards, true, true, statement.facts.command, where);
    }
  }

  // Whether `statement` runs as a role the file set, not the one preflight
  // read the privileges of (the target's role, as the catalog says).
  bool other_role(const DeclaredStatement& statement) const {
    return !statement.role.empty() && statement.role != catalog_.current_user;
  }

  // A SET ROLE (or SET SESSION AUTHORIZATION) to another role: what runs
  // after it has that role's privileges, which preflight did not read. Said
  // once a migration; a shadow as the target's role runs it as written.
  void note_role(const DeclaredStatement& statement, const std::string& where) {
    if (!other_role(statement)) return;
    // SET ROLE to a role the user is no member of (with SET, 16) fails,
    // unless the run made or granted it, or a superuser runs it
    const bool member = catalog_.member_of.empty() || catalog_.member_of.count(statement.role) != 0;
    if (statement.facts.command == set_role_marker && !catalog_.superuser && !member &&
        cluster_.roles.touched.count(statement.role) == 0) {
      const std::string grant =
          "GRANT " + ddl::quote_identifier(statement.role) + " TO " + ddl::quote_identifier(catalog_.current_user);
      findings_.add_privilege(cluster_.roles.dynamic_sql ? Severity::warning : Severity::error,
                              "SET ROLE " + statement.role +
                                  (cluster_.roles.dynamic_sql ? " may fail: " : " fails: ") + catalog_.current_user +
                                  " is not a member of role " + statement.role + " (one may grant it: " + grant + ")",
                              where, "set role:" + statement.role);
    }
    if (role_noted_) return;
    role_noted_ = true;
    const std::string& user = catalog_.current_user.empty() ? std::string("the current user") : catalog_.current_user;
    findings_.add_privilege(Severity::info,
                            "the file sets role " + statement.role + ": the privileges of what runs as it are not "
                            "checked here (preflight read those of " + user + ")",
                            where);
  }

  // The CREATE TABLE of the statement being checked: its columns and
  // constraints are part of its row, not rows of their own, when it is created.
  struct NewTable {
    std::optional<Outcome> outcome;
    ObjectKey key;
    std::size_t row = 0;
    std::size_t columns = 0;
    std::size_t constraints = 0;
  };

  // Counts a part of a table the statement creates into the table's row;
  // false for anything else.
  bool part_of_new_table(const ddl::Declaration& d, const Step& step, NewTable& table) {
    if (table.outcome != Outcome::create || step.outcome != Outcome::create) return false;
    if (d.kind != ddl::ObjectKind::column && d.kind != ddl::ObjectKind::constraint) return false;
    if (container_of(step.key) != table.key || table.row >= out_.objects.size()) return false;
    ++(d.kind == ddl::ObjectKind::column ? table.columns : table.constraints);
    std::string detail = "with " + plural(table.columns, "column");
    if (table.constraints > 0) {
      detail += " and " + plural(table.constraints, "constraint");
    }
    out_.objects[table.row].detail = detail;
    return true;
  }

  void declaration_(const MigrationFacts& facts, const DeclaredStatement& statement, const ddl::Declaration& d,
                    ExpectedSchema::StatementScope& scope, NewTable& table) {
    const std::string location = location_of(statement, statement.line_of(d));
    ++declared_[location];
    const bool dynamic_before = model_.saw_dynamic_sql();
    // the tables as they are before the declaration runs (DROP INDEX: its table)
    std::optional<ExpectedObject> dropped_index;
    if (d.kind == ddl::ObjectKind::index && d.action == ddl::Action::drop) dropped_index = model_.current(model_.index(d.name));
    const auto targets = lock_targets(model_, d.impact.locks, dropped_index);
    bool kept_file = false;  // the shadow rewrote none of what d says it rewrites
    std::vector<ddl::Hazard> hazards = hazards_before(d, kept_file);
    const auto claims = [](const ddl::Hazard& h) { return rewrites(h) || h.if_volatile; };
    out_.rewrite_claimed = out_.rewrite_claimed || kept_file ||
                           (!d.location.conditional && (std::any_of(hazards.begin(), hazards.end(), claims) ||
                                                        std::any_of(d.impact.hazards.begin(), d.impact.hazards.end(),
                                                                    claims)));
    // An ADD COLUMN that fails on a table with rows: the target's rows say
    // whether it has any, where they can, not its statistics.
    const auto fails_if_rows = [](const ddl::Hazard& hazard) {
      return hazard.kind == ddl::HazardKind::fails_if_rows && hazard.unless.empty();
    };
    if (std::any_of(hazards.begin(), hazards.end(), fails_if_rows) &&
        check_empty_table(catalog_, model_, home_, d, location, rows_, findings_)) {
      std::erase_if(hazards, fails_if_rows);
    }
    if (d.kind == ddl::ObjectKind::domain && d.action == ddl::Action::alter && d.change == ddl::Change::other) {
      const ObjectKey domain = model_.type(d.name);
      altered_domains_.insert({domain.schema, domain.name});
    }
    bool quiet = false;  // (one note a declaration)
    if (const std::string why = scales_with_nothing(d, targets, hazards, kept_file); !why.empty()) {
      quiet = true;
      // (what it fails on where the table has rows, check_empty_table's, stays)
      // (and the note that a DEFAULT rewrites the table if its function is volatile)
      std::erase_if(hazards, [](const ddl::Hazard& hazard) { return reads_rows(hazard) || hazard.if_volatile; });
      note_quiet(location, why);
    }
    check_declaration_rows(catalog_, model_, home_, statement.facts, location_of(statement, statement.line), d,
                           location, rows_, findings_);
    if (d.kind == ddl::ObjectKind::column) rows_after_column_change(catalog_, model_, d, location, rows_);

    const std::vector<ReferencingTable> rechecked = referencing_tables(d);
    const Step step = model_.apply(facts, statement, d, scope);
    if (d.kind == ddl::ObjectKind::table && acts(step) &&
        (d.change == ddl::Change::set_tablespace || d.change == ddl::Change::set_logged ||
         d.change == ddl::Change::set_unlogged || d.change == ddl::Change::set_access_method) &&
        step.before && step.before->origin) {
      rows_.storage_set.insert({step.before->origin->schema, step.before->origin->name});
    }
    if (d.kind == ddl::ObjectKind::table && d.action == ddl::Action::create) {
      table = NewTable{step.outcome, step.key, out_.objects.size(), 0, 0};
    }
    if (acts(step)) {
      acting_.insert(location);
    } else if (step.outcome == Outcome::skip_existing && d.if_not_exists && !d.location.conditional) {
      idle_.insert(location);
    } else if (!quiet && step.outcome == Outcome::skip_existing && d.location.conditional &&
               d.action == ddl::Action::create) {
      // (a hunt's false WILL BLOCK: a guarded ADD CONSTRAINT of a constraint the table has)
      note_quiet(location, "the target has it already: the DO block's guard skips it, or it fails there");
    }
    const DeclarationView view{d, step, location, table.outcome};
    const auto row = object_row(view, home_);
    const std::string name = row ? what(*row) : std::string(ddl::to_string(d.kind)) + " " + d.name.to_string();
    if (row && !part_of_new_table(d, step, table)) {
      add_row_findings(*row, view, dynamic_before, findings_);
      counter_.count(view, *row, home_);
      out_.objects.push_back(*row);
    }
    impact_.check(targets, hazards, takes_locks(d, step), acts(step), name, location);
    for (const ReferencingTable& referencing : rechecked) {
      std::vector<ddl::Hazard> recheck;
      if (!referencing.rows_checked.empty()) {
        recheck.push_back({ddl::HazardKind::scans_table, referencing.rows_checked, {}});
        if (acts(step)) keys_checked_[location].push_back(display_name(referencing.target.table, home_));
      }
      impact_.check({referencing.target}, recheck, takes_locks(d, step), acts(step), name, location);
    }
    if (d.kind == ddl::ObjectKind::index && d.index && d.index->concurrently && d.action == ddl::Action::create &&
        acts(step)) {
      impact_.check_concurrent_index(name, location);
    }
    if (!other_role(statement)) check_privileges(d, step, model_, cluster_.roles, name, location, findings_);
    check_available(d, step, location);
  }

  // The tables `statement` rewrites as PostgreSQL prepares it, judged as
  // the schema stands before any of it applies: PostgreSQL keeps a foreign
  // key's old check only where the ALTER TABLE does not rewrite the table
  // by then (ATPostAlterTypeParse: `!rewrite`): a type change, SET LOGGED
  // or UNLOGGED, SET ACCESS METHOD (an ADD COLUMN's default only later).
  void note_statement_rewrites(const DeclaredStatement& statement) {
    statement_rewrites_.clear();
    for (const ddl::Declaration& d : statement.facts.declarations) {
      const bool retyped = d.kind == ddl::ObjectKind::column && d.change == ddl::Change::set_type;
      const bool rewrites_whole = d.kind == ddl::ObjectKind::table && (d.change == ddl::Change::set_logged ||
                                                                       d.change == ddl::Change::set_unlogged ||
                                                                       d.change == ddl::Change::set_access_method);
      if ((!retyped && !rewrites_whole) || !storage_kept(d).empty()) continue;
      bool kept_file = false;
      const auto hazards = hazards_before(d, kept_file);
      if (std::any_of(hazards.begin(), hazards.end(), rewrites)) {
        statement_rewrites_.insert(model_.relation(retyped ? d.parent : d.name));
      }
    }
  }

  // For an ALTER COLUMN ... TYPE, the tables at the other end of the
  // foreign keys over the column (those that reference it, or the one it
  // references), which PostgreSQL locks ACCESS EXCLUSIVE as it re-creates
  // the keys; `rows_checked` says why it reads every row of a referencing
  // one ("": it does not, the key's equality operator stays the same and no
  // type change of the statement rewrites the table, or the key is NOT VALID).
  struct ReferencingTable {
    LockTarget target{};
    std::string rows_checked{};
  };
  std::vector<ReferencingTable> referencing_tables(const ddl::Declaration& d) const {
    std::vector<ReferencingTable> out;
    if (d.kind != ddl::ObjectKind::column || d.change != ddl::Change::set_type || !d.column) return out;
    const ObjectKey table = model_.relation(d.parent);
    const auto column = model_.current(ObjectKey{Space::column, table.schema, table.name, d.name.name, {}});
    const std::string old_type = column && column->type_known && column->column ? column->column->type : "";
    // (false for a domain's, whose base type is not known there: changes_key_equality)
    const bool equality_changes = ddl::changes_key_equality(old_type, *d.column);
    const bool rewritten = statement_rewrites_.count(table) != 0;
    const std::string changed = display_name(table, home_) + "." + ddl::quote_identifier(d.name.name);
    for (const KeyOverColumn& key : foreign_keys_over(model_, table, d.name.name)) {
      std::string reason;
      // (the check reads every row of the referencing table; the referenced
      // one it may probe by its index: locked, and read as the plan has it)
      const auto other_now = model_.current(key.other);
      const ObjectKey other_live = other_now && other_now->origin ? *other_now->origin : key.other;
      // (a table a TRUNCATE before it emptied has no row to read)
      const bool emptied = rows_.emptied.count({other_live.schema, other_live.name}) != 0;
      if ((equality_changes || rewritten) && key.validated && key.referenced && !emptied) {
        const std::string other = display_name(key.other, home_);
        reason = "PostgreSQL re-creates the foreign key " + ddl::quote_identifier(key.name) + " of " + other +
                 " on " + changed + " and checks every row of " + other + " again, as " +
                 (equality_changes ? "the key's equality changes with the type (" + old_type + " to " +
                                         d.column->type + ")"
                                   : "the ALTER TABLE rewrites " + display_name(table, home_));
      }
      const LockTarget target{key.other, model_.current(key.other), ddl::LockMode::access_exclusive,
                              "foreign key " + key.name};
      out.push_back({target, reason});
    }
    return out;
  }


  // Why `d`, which locks `targets`, reads or writes none of their rows on
  // the target: a SET NOT NULL of a column that is NOT NULL already
  // (PostgreSQL checks nothing), or anything on tables a TRUNCATE emptied
  // with nothing that may add rows since (RowsSeen::emptied). "": it may.
  std::string scales_with_nothing(const ddl::Declaration& d, const std::vector<LockTarget>& targets,
                                  const std::vector<ddl::Hazard>& hazards, bool kept_file) const {
    if (const std::string stored = default_stored_once(d, hazards); !stored.empty()) return stored;
    if (kept_file && std::none_of(hazards.begin(), hazards.end(), reads_rows)) {
      return "the table kept its file when the migration ran on the shadow: PostgreSQL rewrites no row";
    }
    if (const std::string kept = storage_kept(d); !kept.empty()) return kept;
    if (d.kind == ddl::ObjectKind::column && d.change == ddl::Change::set_not_null && !d.location.conditional) {
      const ObjectKey table = model_.relation(d.parent);
      const auto column = model_.current(ObjectKey{Space::column, table.schema, table.name, d.name.name, {}});
      if (column && column->present && column->column && column->nullability_known && column->column->not_null) {
        return "the column is NOT NULL already: PostgreSQL reads no row";
      }
    }
    if (targets.empty()) return {};
    for (const LockTarget& target : targets) {
      const ObjectKey live = target.state && target.state->origin ? *target.state->origin : target.table;
      if (rows_.emptied.count({live.schema, live.name}) == 0) return {};
    }
    return "a TRUNCATE before it emptied the table: it has no row to rewrite or read";
  }

  // Why a SET TABLESPACE, SET LOGGED, SET UNLOGGED or SET ACCESS METHOD
  // of a target's table moves or rewrites nothing there: it is so already
  // (PostgreSQL returns early), as the target's catalog says and no
  // statement of the run has set since. "": it may.
  std::string storage_kept(const ddl::Declaration& d) const {
    if (d.kind != ddl::ObjectKind::table || d.action != ddl::Action::alter) return {};
    const auto table = model_.current(model_.relation(d.name));
    if (!table || !table->present || !table->origin) return {};
    const ObjectKey& live = *table->origin;
    const CatalogRelation* relation = catalog_.find_relation(live.schema, live.name);
    if (relation == nullptr || relation->kind != 'r' || rows_.storage_set.count({live.schema, live.name}) != 0) {
      return {};
    }
    switch (d.change) {
      case ddl::Change::set_tablespace:
        if (d.new_tablespace.empty() || relation->tablespace != d.new_tablespace) return {};
        return "the table is in tablespace " + ddl::quote_identifier(d.new_tablespace) +
               " already: PostgreSQL moves no file";
      case ddl::Change::set_logged:
        if (relation->persistence != 'p') return {};
        return "the table is logged already: PostgreSQL rewrites no row";
      case ddl::Change::set_unlogged:
        if (relation->persistence != 'u') return {};
        return "the table is unlogged already: PostgreSQL rewrites no row";
      case ddl::Change::set_access_method:
        if (d.new_access_method.empty() || relation->access_method != d.new_access_method) return {};
        return "the table uses access method " + ddl::quote_identifier(d.new_access_method) +
               " already: PostgreSQL rewrites no row";
      default:
        return {};
    }
  }

  // Why an ADD COLUMN whose DEFAULT calls a function of the user's (which
  // the facts cannot tell the volatility of) rewrites nothing: the
  // target's catalog has each function of that name STABLE or IMMUTABLE,
  // and the run made none of that name, so PostgreSQL 11+ stores the value
  // once. "" otherwise, or where anything else of it reads the rows (a key,
  // a CHECK, a reference, another hazard).
  std::string default_stored_once(const ddl::Declaration& d, const std::vector<ddl::Hazard>& hazards) const {
    if (d.kind != ddl::ObjectKind::column || d.action != ddl::Action::create || !d.column ||
        !d.column->default_expression || d.location.conditional || catalog_.server_version < 110000) {
      return {};
    }
    const ddl::ColumnSpec& column = *d.column;
    if (column.primary_key || column.unique || column.references || !column.constraints.empty()) return {};
    if (std::any_of(hazards.begin(), hazards.end(), reads_rows)) return {};
    const std::string& expression = *column.default_expression;
    const auto unknown = ddl::volatility_of(expression);
    if (unknown.volatility != ddl::Volatility::unknown) return {};
    const auto known = ddl::volatility_of(expression, [this](std::string_view name) -> std::optional<ddl::Volatility> {
      const bool made = std::any_of(model_.objects().begin(), model_.objects().end(), [&name](const auto& o) {
        return o.key.space == Space::routine && o.key.name == name;
      });
      bool listed = false;
      bool any_volatile = false;
      for (const CatalogRoutine& routine : catalog_.routines) {
        if (routine.name != name) continue;
        listed = true;
        any_volatile = any_volatile || routine.volatility == 'v';
      }
      if (made || !listed) return std::nullopt;
      return any_volatile ? ddl::Volatility::volatile_ : ddl::Volatility::immutable_or_stable;
    });
    if (known.volatility != ddl::Volatility::immutable_or_stable) return {};
    return "the target's catalog has " + unknown.function + "() STABLE or IMMUTABLE: PostgreSQL stores the DEFAULT "
           "once and rewrites no row";
  }

  // What the shadow's run of this migration did to the files of `d`'s
  // table, where it kept the table's file and `hazards` (d's, statically)
  // say it rewrites it or may (PostgreSQL found the type change
  // binary-coercible, the DEFAULT stable, TimeZone UTC...); nullptr where
  // it gave it a new one, was not asked, or `d` is in a DO block's branch
  // (which rows may steer).
  const TableFilesSeen* kept_on_shadow(const ddl::Declaration& d, const std::vector<ddl::Hazard>& hazards) const {
    if (shadow_files_ == nullptr || d.location.conditional) return nullptr;
    // (the shadow's copy has every table in its default tablespace, pg_dump --no-tablespaces: its SET
    // TABLESPACE is no answer for the target's)
    if (d.change == ddl::Change::set_tablespace) return nullptr;
    const auto may_rewrite = [](const ddl::Hazard& hazard) {
      return rewrites(hazard) || hazard.if_volatile;
    };
    if (std::none_of(hazards.begin(), hazards.end(), may_rewrite)) return nullptr;
    // The table by what it is, not by a name another may take in the file:
    // its name on the target, then the name it had as the migration started.
    const auto table = model_.current(model_.relation(d.kind == ddl::ObjectKind::table ? d.name : d.parent));
    if (!table || !table->present || !table->origin) return nullptr;
    // (one the run had not touched before this migration has its target's name)
    const auto start = names_at_start_.find(*table->origin);
    const ObjectKey& named = start == names_at_start_.end() ? *table->origin : start->second;
    for (const TableFilesSeen& seen : *shadow_files_) {
      if (seen.schema_before == named.schema && seen.name_before == named.name) {
        return seen.rewritten ? nullptr : &seen;
      }
    }
    return nullptr;
  }

  static bool rewrites(const ddl::Hazard& hazard) { return hazard.kind == ddl::HazardKind::rewrites_table; }
  static bool reads_rows(const ddl::Hazard& hazard) {
    return hazard.kind == ddl::HazardKind::rewrites_table || hazard.kind == ddl::HazardKind::scans_table;
  }

  // A declaration's hazards as the schema stands before it, where the
  // shadow kept the table's file: no rewrite, but an index it rebuilt or
  // a CHECK PostgreSQL checks again still reads every row.
  std::vector<ddl::Hazard> hazards_before(const ddl::Declaration& d, bool& kept_file) const {
    std::vector<ddl::Hazard> hazards = static_hazards_before(d);
    // (a type change the static list calls free may still rebuild an index:
    // an expression's or a partial one's; the shadow's answer goes first)
    const bool retyped = d.kind == ddl::ObjectKind::column && d.change == ddl::Change::set_type;
    const TableFilesSeen* kept = kept_on_shadow(d, retyped ? d.impact.hazards : hazards);
    kept_file = kept != nullptr;
    if (kept == nullptr) return hazards;
    if (retyped) hazards = d.impact.hazards;
    const std::string nothing = "rewrites nothing (the table kept its file when the migration ran on the shadow)";
    ddl::Hazard instead{ddl::HazardKind::note, nothing + ": ACCESS EXCLUSIVE is held only while the catalog changes",
                        {}};
    // (an index rebuilt in that run is this declaration's where it reads the column whose type changes)
    std::vector<std::string> rebuilt;
    const ObjectKey table = model_.relation(d.kind == ddl::ObjectKind::table ? d.name : d.parent);
    for (const RebuiltIndex& index : kept->rebuilt_indexes) {
      // (gone after the migration because a statement before this one dropped it, with its column or
      // renamed first: not rebuilt here; one made again under its name is. An index is in its table's schema.)
      const auto now = model_.current(model_.index(ddl::QualifiedName{table.schema, index.name}));
      if (!now || !now->present) continue;
      if (d.kind == ddl::ObjectKind::column && d.change == ddl::Change::set_type &&
          std::find(index.columns.begin(), index.columns.end(), d.name.name) != index.columns.end()) {
        rebuilt.push_back(index.name);
      }
    }
    if (!rebuilt.empty()) {
      std::string indexes;
      for (const std::string& index : rebuilt) indexes += (indexes.empty() ? "" : ", ") + index;
      instead = {ddl::HazardKind::scans_table,
                 nothing + ", but rebuilds " + (rebuilt.size() == 1 ? "index " : "indexes ") + indexes +
                     ", reading every row under ACCESS EXCLUSIVE",
                 {}};
    } else if (d.kind == ddl::ObjectKind::column && d.change == ddl::Change::set_type &&
               checked_on_target(model_.relation(d.parent), d.name.name)) {
      instead = {ddl::HazardKind::scans_table,
                 nothing + ", but PostgreSQL checks the column's CHECK constraints again, reading every row under "
                 "ACCESS EXCLUSIVE",
                 {}};
    }
    std::erase_if(hazards, [](const ddl::Hazard& hazard) { return hazard.if_volatile; });
    for (ddl::Hazard& hazard : hazards) {
      if (rewrites(hazard)) hazard = instead;
    }
    return hazards;
  }

  // A declaration's hazards as the schema stands before it: an ALTER COLUMN
  // ... TYPE of a column whose type is known (the target's, or what an earlier
  // pending migration made it) may rewrite nothing.
  std::vector<ddl::Hazard> static_hazards_before(const ddl::Declaration& d) const {
    if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::create && d.column) {
      std::vector<ddl::Hazard> out = d.impact.hazards;
      const auto domain = ddl::user_type_name(d.column->type);
      const bool rewrites = std::any_of(out.begin(), out.end(), [](const ddl::Hazard& hazard) {
        return hazard.kind == ddl::HazardKind::rewrites_table;
      });
      if (domain && !rewrites && constrained_domain(*domain)) {
        ddl::Hazard hazard;
        hazard.kind = ddl::HazardKind::rewrites_table;
        hazard.explanation = "its type " + domain->to_string() +
                             " is a domain with constraints, checked for every existing row: rewrites the table";
        out.push_back(std::move(hazard));
      }
      // A NOT NULL domain's column that gives the rows no value fails on
      // them as a NOT NULL column does (PostgreSQL checks the domain's
      // constraints for every row).
      const auto fails = [](const ddl::Hazard& hazard) { return hazard.kind == ddl::HazardKind::fails_if_rows; };
      if (domain && std::none_of(out.begin(), out.end(), fails) && !ddl::gives_rows_values(*d.column) &&
          domain_not_null(*domain) == true) {
        ddl::Hazard hazard;
        hazard.kind = ddl::HazardKind::fails_if_rows;
        hazard.cause = "its type " + domain->to_string() + " is a NOT NULL domain";
        hazard.explanation = hazard.cause + " without a DEFAULT: fails if the table has any row";
        out.push_back(std::move(hazard));
      }
      // NOT NULL without a DEFAULT of its own: the rows get the domain's,
      // so it fails only when there is none.
      const std::optional<bool> defaulted = domain ? domain_default(*domain) : std::optional<bool>(false);
      if (defaulted != false) {
        if (defaulted == true) {
          out.erase(std::remove_if(out.begin(), out.end(), fails), out.end());
        } else {
          for (auto& hazard : out) {
            if (fails(hazard)) hazard.unless = "its type " + domain->to_string() + " is a domain with a DEFAULT";
          }
        }
      }
      return out;
    }
    if (d.kind == ddl::ObjectKind::column && d.change == ddl::Change::set_not_null) {
      if (!not_null_proven(model_.relation(d.parent), d.name.name)) return d.impact.hazards;
      std::vector<ddl::Hazard> out;
      std::copy_if(d.impact.hazards.begin(), d.impact.hazards.end(), std::back_inserter(out),
                   [](const ddl::Hazard& hazard) { return hazard.kind != ddl::HazardKind::scans_table; });
      return out;
    }
    if (d.kind != ddl::ObjectKind::column || d.change != ddl::Change::set_type) return d.impact.hazards;
    const ObjectKey table = model_.relation(d.parent);
    const auto column = model_.current(ObjectKey{Space::column, table.schema, table.name, d.name.name, {}});
    const bool known = column && column->type_known && column->column;
    return ddl::type_change_hazards(d, known ? column->column->type : std::string(),
                                    checked_on_target(table, d.name.name));
  }

  // What `fresh` says of the domain of that name if the run made it (true
  // or false; nullopt: ask its base domain), or `live` of the target's (a
  // base domain's fact is the domain's there already), as things stand;
  // nullopt when that is not known: a domain an ALTER DOMAIN of the run
  // changed, a name the model does not know where the target was not read
  // or dynamic SQL ran (which may have made it). A name the target's catalog
  // lacks is no domain there (it lists them all): a base type, false.
  template <typename Fresh, typename Live>
  std::optional<bool> domain_fact(const ddl::QualifiedName& name, const Fresh& fresh, const Live& live,
                                  int depth = 0) const {
    const ObjectKey key = model_.type(name);
    const auto type = model_.current(key);
    if (!type) {
      if (model_.start() != Start::live || model_.saw_dynamic_sql()) return std::nullopt;
      return false;
    }
    if (type->kind != ddl::ObjectKind::domain) return false;
    if (altered_domains_.count({key.schema, key.name}) != 0) return std::nullopt;
    if (type->fresh) {
      if (!type->type) return std::nullopt;
      if (const std::optional<bool> decided = fresh(*type->type)) return decided;
      const auto base = ddl::user_type_name(type->type->base_type);
      if (!base || depth >= 8) return false;
      return domain_fact(*base, fresh, live, depth + 1);
    }
    const ObjectKey at = type->origin ? *type->origin : key;
    const CatalogType* found = catalog_.find_type(at.schema, at.name);
    if (found == nullptr) return std::nullopt;
    return live(*found);
  }

  // Whether the type of that name is a domain with a DEFAULT (its own, or
  // the one CREATE DOMAIN took from its base domain), as domain_fact tells.
  std::optional<bool> domain_default(const ddl::QualifiedName& name) const {
    const auto fresh = [](const ddl::TypeSpec& type) -> std::optional<bool> {
      if (!type.default_expression) return std::nullopt;
      // PostgreSQL keeps no DEFAULT NULL (or NULL::int) of a domain
      std::string bare;
      for (const char c : *type.default_expression) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '(' && c != ')') {
          bare += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
      }
      return !(bare == "null" || bare.starts_with("null::"));
    };
    return domain_fact(name, fresh, [](const CatalogType& type) { return type.has_default; });
  }

  // Whether the type of that name is a domain that is NOT NULL (its own or
  // a base domain's), as domain_fact tells.
  std::optional<bool> domain_not_null(const ddl::QualifiedName& name) const {
    const auto fresh = [](const ddl::TypeSpec& type) -> std::optional<bool> {
      if (type.not_null) return true;
      return std::nullopt;
    };
    return domain_fact(name, fresh, [](const CatalogType& type) { return type.not_null; });
  }

  // Whether the type of that name, as things stand, is a domain with a CHECK
  // or NOT NULL (its own or, on the target, a base domain's): PostgreSQL's
  // ATExecAddColumn then checks every row, rewriting the table, default or not.
  bool constrained_domain(const ddl::QualifiedName& name) const {
    const ObjectKey key = model_.type(name);
    const auto type = model_.current(key);
    if (!type || type->kind != ddl::ObjectKind::domain) return false;
    if (type->fresh) return type->type && (!type->type->constraints.empty() || type->type->not_null);
    const ObjectKey live = type->origin ? *type->origin : key;
    const CatalogType* found = catalog_.find_type(live.schema, live.name);
    return found != nullptr && found->constrained;
  }

  // Whether a valid CHECK (column IS NOT NULL) of the table, as things stand
  // (the target's, or one a pending migration added and validated), proves
  // the column holds no NULL: PostgreSQL 12+ then sets NOT NULL without
  // reading a row. Only that exact expression counts, as lint's rule has it.
  bool not_null_proven(const ObjectKey& table, const std::string& column) const {
    if (catalog_.server_version > 0 && catalog_.server_version < 120000) return false;
    std::set<std::string> names;  // the constraints the table may have now
    const auto current = model_.current(table);
    const ObjectKey live = current && current->origin ? *current->origin : table;
    if (const CatalogRelation* relation = catalog_.find_relation(live.schema, live.name)) {
      for (const auto& constraint : relation->constraints) names.insert(constraint.name);
    }
    for (const auto& object : model_.objects()) {
      if (object.key.space == Space::constraint && object.key.schema == table.schema &&
          object.key.parent == table.name) {
        names.insert(object.key.name);
      }
    }
    return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
      const auto constraint = model_.current(ObjectKey{Space::constraint, table.schema, table.name, name, {}});
      if (!constraint || !constraint->constraint || constraint->constraint->kind != ddl::ConstraintKind::check ||
          constraint->constraint->not_valid) {
        return false;
      }
      const std::string& expression = constraint->constraint->expression;
      const std::string proven = expression.empty() ? ddl::not_null_check_column_of_definition(constraint->definition)
                                                    : ddl::not_null_check_column(expression);
      return !proven.empty() && proven == column;
    });
  }

  // Whether a CHECK constraint of the target's table names the column (a
  // name in its definition, quoted or not; not a string's words): the type
  // change checks it again. A table the target lacks is made by a pending
  // migration: empty there.
  bool checked_on_target(const ObjectKey& table, const std::string& column) const {
    const CatalogRelation* relation = catalog_.find_relation(table.schema, table.name);
    if (relation == nullptr) return false;
    return std::any_of(relation->constraints.begin(), relation->constraints.end(), [&](const auto& constraint) {
      if (constraint.type != 'c') return false;
      const auto tokens = lexer::tokenize(constraint.definition);
      return std::any_of(tokens.begin(), tokens.end(),
                         [&](const lexer::Token& token) { return token.is_name() && token.value == column; });
    });
  }

  // A CREATE EXTENSION the target's server has no files for fails there,
  // whatever a shadow with them says (a live fact of the target). One in a
  // DO block branch or exception block may be the block's way around it.
  void check_available(const ddl::Declaration& d, const Step& step, const std::string& location) {
    if (d.kind != ddl::ObjectKind::extension || d.action != ddl::Action::create || !acts(step)) return;
    if (d.location.conditional || d.location.exception_guarded) return;
    const auto& available = catalog_.available_extensions;
    if (!available || available->count(d.name.name) != 0) return;
    findings_.add(Severity::error,
                  "CREATE EXTENSION " + d.name.name + " fails: the target's server cannot install it (it is not in "
                  "pg_available_extensions there: install the extension's package on that server first)",
                  location);
  }

  // A DROP ROLE of a role that owns or has privileges on something outside
  // this database (or owns this database) fails on the target, and passes on
  // a shadow, which copies this database's schema alone: a live fact of the
  // target, as PostgreSQL's DETAIL would list it. A warning: what removes
  // them first may be out of sight (a \gexec, another database's session).
  void check_role_drops(const DeclaredStatement& statement) {
    for (const auto& change : statement.facts.cluster_changes) {
      if (change.kind == ddl::ClusterObjectKind::database) {
        const std::string read_as = cluster_.as_read(change.name);
        if (!change.renamed_from.empty()) cluster_.renamed_from[change.name] = cluster_.as_read(change.renamed_from);
        if (change.command == "DROP DATABASE") cluster_.dropped_databases.insert(read_as);
        if (change.owner_change) cluster_.databases_given_away.insert(read_as);
        if (change.command == "REVOKE") {
          for (const auto& role : change.grantees) cluster_.revoked.insert({read_as, role});
        }
      }
      if (change.kind == ddl::ClusterObjectKind::role) {
        cluster_.roles.touched.insert(change.name);
        cluster_.roles.touched.insert(change.grantees.begin(), change.grantees.end());
      }
      if (change.command == "REASSIGN OWNED") cluster_.reassigned_roles.insert(change.name);
      if (change.command == "DROP OWNED") cluster_.dropped_owned_roles.insert(change.name);
      if (!drops_a_role(change) || change.location.conditional || change.location.exception_guarded) {
        continue;
      }
      std::vector<std::string> left;
      for (const auto& dependency : catalog_.role_dependencies) {
        if (dependency.role == change.name && !cluster_.may_have_removed(dependency)) {
          left.push_back(dependency.dependency);
        }
      }
      if (left.empty()) continue;
      std::string listed;
      for (const auto& item : left) listed += (listed.empty() ? "" : ", ") + item;
      findings_.add(Severity::warning,
                    "DROP ROLE " + change.name + " fails on the target unless these go first: " + listed +
                        " (outside what a shadow copies: it cannot check them)",
                    location_of(statement, statement.line_of(change)));
    }
  }

  const CatalogSnapshot& catalog_;
  ExpectedSchema& model_;
  const std::string& home_;
  ClusterSeen& cluster_;
  RowsSeen& rows_;
  bool statement_by_statement_ = false;  // the file runs outside a transaction
  AlteredDomains& altered_domains_;
  MigrationPreflight& out_;
  FindingList findings_;
  ImpactCheck impact_;
  KindCounter counter_;
  std::set<std::string> idle_;    // an IF NOT EXISTS declaration skipped
  const std::vector<TableFilesSeen>* shadow_files_ = nullptr;  // PendingMigration::shadow_files, if read
  // With shadow_files_: a target's table the run touched before this
  // migration -> its key as the migration starts.
  std::map<ObjectKey, ObjectKey> names_at_start_;
  std::map<std::string, std::string> quiet_;  // quiet_locations
  std::map<std::string, std::vector<std::string>> keys_checked_;  // keys_checked
  std::set<ObjectKey> statement_rewrites_;                         // note_statement_rewrites
  std::map<std::string, std::size_t> quieted_;   // how many declarations of each line are quiet
  std::map<std::string, std::size_t> declared_;  // how many declarations each line has

  void note_quiet(const std::string& location, const std::string& why) {
    quiet_.try_emplace(location, why);
    ++quieted_[location];
  }
  std::set<std::string> acting_;  // a declaration that creates, changes or drops
  bool role_noted_ = false;      // note_role said it
};


// A lint finding as the migration lists it: where its lock scales with the
// table, and the migration locks that table while it is large (its size
// read from the catalog; not one the run created), an error that blocks.
// But on a line where the build, scan or rewrite the rule is about does not
// happen on the target (`quiet`, with why: CREATE INDEX or ADD COLUMN IF NOT
// EXISTS of what it has, SET NOT NULL of a column NOT NULL already, a table
// a TRUNCATE emptied): a note.
// A line whose type change makes PostgreSQL read a large table's rows to
// check its foreign key again (`keys_checked`) blocks on that table, whatever
// the line does to its own.
Finding lint_finding(const LintNote& note, const std::map<std::string, std::string>& quiet,
                     const std::map<std::string, std::vector<std::string>>& keys_checked, const ExpectedSchema& model,
                     const std::string& home, const PreflightThresholds& thresholds,
                     const std::vector<TableImpact>& tables) {
  Finding finding = note.finding;
  if (!note.scales_with_table) return finding;
  const auto large_from = ", large from " + format_count(thresholds.large_rows) + " rows or " +
                          format_bytes(thresholds.large_bytes) + ")";
  if (const auto checked = keys_checked.find(finding.location); checked != keys_checked.end()) {
    for (const std::string& name : checked->second) {
      const auto table = std::find_if(tables.begin(), tables.end(),
                                      [&name](const TableImpact& impact) { return impact.table == name; });
      if (table == tables.end() || !table->large) continue;
      finding.severity = Severity::error;
      finding.blocks = true;
      finding.message += " (and PostgreSQL reads every row of " + name + " to check a foreign key again: " +
                         format_rows(table->row_estimate) + ", " + format_bytes(table->total_bytes) + large_from;
      return finding;
    }
  }
  if (const auto why = quiet.find(finding.location); why != quiet.end()) {
    finding.severity = Severity::info;
    finding.message += " (" + why->second + ")";
    return finding;
  }
  if (note.table.empty()) return finding;
  const ObjectKey key = model.relation(note.table);
  const std::string name = display_name(key, home);
  const auto table = std::find_if(tables.begin(), tables.end(),
                                  [&name](const TableImpact& impact) { return impact.table == name; });
  RelationFacts facts;
  if (table != tables.end()) {
    if (!table->large) return finding;
    facts.row_estimate = table->row_estimate;
    facts.total_bytes = table->total_bytes;
  } else {
    // A table no statement preflight reads locks (a DO block's EXECUTE of a
    // constant string, which lint reads): the target's size of it, as it
    // stands after the migration (not one the run made).
    const auto state = model.current(key);
    if (!state || !state->present || !state->relation || !state->origin) return finding;
    facts = *state->relation;
    if (facts.row_estimate < thresholds.large_rows && facts.total_bytes < thresholds.large_bytes) return finding;
  }
  finding.severity = Severity::error;
  finding.blocks = true;
  finding.message +=
      " (on " + name + ": " + format_rows(facts.row_estimate) + ", " + format_bytes(facts.total_bytes) + large_from;
  return finding;
}

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "?";
}

std::string_view to_string(ObjectState state) {
  switch (state) {
    case ObjectState::will_create: return "will be created";
    case ObjectState::exists_as_declared: return "exists, as declared";
    case ObjectState::exists_different: return "exists, different";
    case ObjectState::already_exists: return "already exists: fails";
    case ObjectState::will_replace: return "will be replaced";
    case ObjectState::will_change: return "will be changed";
    case ObjectState::will_drop: return "will be dropped";
    case ObjectState::already_gone: return "already gone";
    case ObjectState::missing: return "missing: fails";
    case ObjectState::dependency_missing: return "dependency missing: fails";
    case ObjectState::skipped: return "skipped";
    case ObjectState::not_added: return "not added";
  }
  return "?";
}

bool fails(ObjectState state) {
  return state == ObjectState::already_exists || state == ObjectState::missing ||
         state == ObjectState::dependency_missing;
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok: return "ok";
    case Verdict::warnings: return "warnings";
    case Verdict::will_block: return "will block";
    case Verdict::will_fail: return "will fail";
  }
  return "?";
}

std::vector<std::string> roles_dropped(const PreflightInput& input) {
  std::set<std::string> roles;
  for (const auto& pending : input.pending) {
    for (const auto& statement : pending.facts.statements) {
      for (const auto& change : statement.facts.cluster_changes) {
        if (drops_a_role(change)) roles.insert(change.name);
      }
    }
  }
  return {roles.begin(), roles.end()};
}

PreflightResult preflight(const CatalogSnapshot& catalog, const PreflightInput& input,
                          const PreflightThresholds& thresholds) {
  PreflightResult result;
  result.settings_source = input.settings_source;
  result.target = input.target;
  result.ledger = input.ledger;
  result.applied = input.applied;
  result.pending = input.pending.size();
  result.database = catalog.database;
  result.current_user = catalog.current_user;
  result.superuser = catalog.superuser;
  result.server_version = catalog.server_version;
  result.server_version_text = catalog.server_version_text;
  result.thresholds = thresholds;
  result.sessions = catalog.lock_holders;

  result.findings = input.findings;
  FindingList run_findings(result.findings);
  for (const auto& holder : catalog.lock_holders) {
    if (!holder.relation.empty() || holder.transaction_seconds <= 0) continue;
    std::string message = describe_session(holder) +
                          " has a long transaction open: migrations wait for the locks it holds, and CREATE INDEX "
                          "CONCURRENTLY for it to end";
    if (!holder.query.empty()) message += "; its query: " + holder.query;
    run_findings.add(Severity::warning, std::move(message), "", "session:" + std::to_string(holder.pid));
  }

  ExpectedSchema model(catalog, Start::live);
  const std::string home = catalog.creation_schema();
  Verdict verdict = verdict_of(result.findings);
  ClusterSeen cluster;
  RowsSeen rows;
  if (input.creates_ledger) rows_before_ledger(catalog, input.ledger, rows);
  AlteredDomains altered_domains;
  for (const auto& pending : input.pending) {
    MigrationPreflight migration;
    migration.version = pending.facts.version;
    migration.file_name = pending.facts.file_name;
    migration.shown = pending.facts.shown;
    migration.transaction_mode = pending.transaction_mode;
    MigrationCheck check(catalog, model, thresholds, home, cluster, rows, altered_domains, migration);
    check.run(pending);
    rows_after_ledger_record(catalog, input.ledger, migration.shown, rows);
    if (!pending.lint.empty()) {
      const auto quiet = check.quiet_locations();
      for (const LintNote& note : pending.lint) {
        migration.findings.push_back(
            lint_finding(note, quiet, check.keys_checked(), model, home, thresholds, migration.tables));
      }
      migration.verdict = verdict_of(migration.findings);
    }
    if (migration.minimum_server_version > result.minimum_server_version) {
      result.minimum_server_version = migration.minimum_server_version;
      result.minimum_server_feature = migration.minimum_server_feature;
      result.minimum_server_location = migration.minimum_server_location;
    }
    verdict = worse(verdict, migration.verdict);
    result.migrations.push_back(std::move(migration));
  }
  result.verdict = verdict;
  result.will_fail = verdict == Verdict::will_fail;
  result.unasked_rows = std::move(rows.unasked);
  return result;
}

}  // namespace pgapply::schema
