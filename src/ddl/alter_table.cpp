// ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, ...]

#include <algorithm>

#include "ddl/column_definition.hpp"
#include "ddl/constraint_clause.hpp"
#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"
#include "ddl/types.hpp"

namespace pgapply::ddl {

namespace {

using A = AlterTableAction;

// Storage parameters ALTER TABLE ... SET (...) changes under SHARE UPDATE
// EXCLUSIVE; any other one takes ACCESS EXCLUSIVE.
bool is_light_storage_parameter(std::string_view name) {
  return name == "fillfactor" || name == "parallel_workers" || name.starts_with("autovacuum_") ||
         name == "toast" || name.starts_with("toast_") || name == "vacuum_truncate" ||
         name == "vacuum_index_cleanup";
}

class AlterTableParser {
 public:
  AlterTableParser(FactsBuilder& out, QualifiedName table, bool if_exists, bool only)
      : out_(out), table_(std::move(table)), if_exists_(if_exists), only_(only) {}

  void action(TokenCursor c) {
    const std::size_t at = c.pos();
    if (c.accept_word("add")) return add(c, at);
    if (c.accept_word("drop")) return drop(c, at);
    if (c.accept_word("alter")) return alter(c, at);
    if (c.accept_word("rename")) return rename(c, at);
    if (c.accept_words({"validate", "constraint"})) {
      Declaration d = constraint(at, Action::alter, c.accept_name().value_or(""));
      d.change = Change::validate;
      return finish(std::move(d), A::validate_constraint);
    }
    if (c.accept_words({"no", "force", "row", "level", "security"})) return rls(at, Change::no_force);
    if (c.accept_words({"force", "row", "level", "security"})) return rls(at, Change::force);
    if (c.at_any_word({"enable", "disable"})) return enable_disable(c, at);
    if (c.accept_word("set")) return set(c, at);
    if (c.accept_word("reset")) return table_change(at, Change::other, A::set_storage_parameters);
    if (c.accept_words({"owner", "to"})) {
      Declaration d = table_declaration(at, Change::owner);
      d.new_owner = c.accept_name().value_or("");
      return finish(std::move(d), A::owner);
    }
    if (c.accept_words({"cluster", "on"})) return table_change(at, Change::other, A::cluster_on);
    if (c.at_word("inherit") || (c.at_word("no") && c.at_word("inherit", 1))) {
      const bool removes = c.accept_word("no");
      c.accept_word("inherit");
      Declaration d = table_declaration(at, Change::other);
      if (const auto parent = c.accept_qualified_name()) (removes ? d.uninherited : d.inherited) = *parent;
      return finish(std::move(d), A::inherit);
    }
    if (c.accept_words({"replica", "identity"})) return table_change(at, Change::other, A::replica_identity);
    if (c.accept_words({"attach", "partition"})) {
      const auto partition = c.accept_qualified_name().value_or(QualifiedName{});
      out_.require(Feature::declarative_partitioning, at);
      Declaration d = table_declaration(at, Change::other);
      if (!partition.empty()) d.attached_partition = partition;
      d.attached_bound = accept_partition_bound(c);
      return finish(std::move(d), A::attach_partition, partition);
    }
    if (c.accept_words({"detach", "partition"})) {
      const auto partition = c.accept_qualified_name().value_or(QualifiedName{});
      out_.require(Feature::declarative_partitioning, at);
      Declaration d = table_declaration(at, Change::other);
      if (!partition.empty()) d.detached_partition = partition;
      if (c.accept_word("concurrently")) {
        out_.require(Feature::detach_partition_concurrently, at);
        return finish(std::move(d), A::detach_partition_concurrently, partition);
      }
      return finish(std::move(d), A::detach_partition, partition);
    }
    table_change(at, Change::other, A::other);
  }

 private:
  Declaration base(ObjectKind kind, Action action, std::size_t at) const {
    Declaration d = out_.make(kind, action, at);
    d.parent = table_;
    d.parent_if_exists = if_exists_;
    d.parent_only = only_;
    return d;
  }

  Declaration table_declaration(std::size_t at, Change change) const {
    Declaration d = out_.make(ObjectKind::table, Action::alter, at);
    d.name = table_;
    d.parent_if_exists = if_exists_;
    d.change = change;
    return d;
  }

  Declaration constraint(std::size_t at, Action action, std::string name) const {
    Declaration d = base(ObjectKind::constraint, action, at);
    d.name.name = std::move(name);
    return d;
  }

  void finish(Declaration d, AlterTableAction action, const QualifiedName& partition = {}) {
    assess_alter_table(d, action, table_, partition);
    out_.add(std::move(d));
  }

  void table_change(std::size_t at, Change change, AlterTableAction action) {
    finish(table_declaration(at, change), action);
  }

  void rls(std::size_t at, Change change) {
    Declaration d = base(ObjectKind::row_level_security, Action::alter, at);
    d.change = change;
    out_.require(Feature::row_level_security, at);
    finish(std::move(d), A::row_level_security);
  }

  // ADD [COLUMN] [IF NOT EXISTS] definition | ADD table_constraint
  void add(TokenCursor& c, std::size_t at) {
    if (at_table_constraint(c)) {
      auto parsed = parse_table_constraint(c);
      if (!parsed) return;
      Declaration d = constraint(at, Action::create, parsed->spec.name);
      out_.require_all(parsed->features, at);
      d.constraint = std::move(parsed->spec);
      return finish(std::move(d), A::add_constraint);
    }
    c.accept_word("column");
    Declaration d = base(ObjectKind::column, Action::create, at);
    if (c.accept_if_not_exists()) {
      d.if_not_exists = true;
      out_.require(Feature::add_column_if_not_exists, at);
    }
    auto parsed = parse_column_definition(c);
    if (!parsed) return;
    d.name.name = parsed->spec.name;
    out_.require_all(parsed->features, at);
    const bool plain_default = parsed->spec.default_expression && !parsed->spec.serial &&
                               parsed->spec.identity == IdentityKind::none;
    if (plain_default) out_.require(Feature::add_column_default_without_rewrite, at);
    d.column = std::move(parsed->spec);
    finish(std::move(d), A::add_column);
  }

  // DROP CONSTRAINT [IF EXISTS] name | DROP [COLUMN] [IF EXISTS] name, [CASCADE|RESTRICT]
  void drop(TokenCursor& c, std::size_t at) {
    const bool is_constraint = c.accept_word("constraint");
    if (!is_constraint) c.accept_word("column");
    const bool if_exists = c.accept_if_exists();
    const auto name = c.accept_name();
    if (!name) return;
    Declaration d = is_constraint ? constraint(at, Action::drop, *name) : base(ObjectKind::column, Action::drop, at);
    if (!is_constraint) d.name.name = *name;
    d.if_exists = if_exists;
    d.cascade = c.accept_word("cascade");
    if (d.cascade) add_hazard(d, HazardKind::cascades, "CASCADE also drops the objects that depend on it");
    finish(std::move(d), is_constraint ? A::drop_constraint : A::drop_column);
  }

  // ALTER CONSTRAINT name ... | ALTER [COLUMN] name ...
  void alter(TokenCursor& c, std::size_t at) {
    if (c.accept_word("constraint")) {
      Declaration d = constraint(at, Action::alter, c.accept_name().value_or(""));
      d.change = Change::other;
      out_.require(Feature::alter_constraint, at);
      return finish(std::move(d), A::alter_constraint);
    }
    c.accept_word("column");
    const auto name = c.accept_name();
    if (!name) return;
    Declaration d = base(ObjectKind::column, Action::alter, at);
    d.name.name = *name;
    ColumnSpec column;
    column.name = *name;
    AlterTableAction action = A::other;
    if (c.accept_words({"set", "data", "type"}) || c.accept_word("type")) {
      const std::size_t type_begin = c.pos();
      const std::size_t type_stop = type_end(c);
      column.declared_type = c.collapsed_text({type_begin, type_stop});
      column.type = normalize_type(column.declared_type);
      c.seek(type_stop);
      if (c.accept_word("collate")) {
        if (const auto collation = c.accept_qualified_name()) column.collation = collation->to_string();
      }
      if (c.accept_word("using")) column.using_expression = c.text({c.pos(), c.end()});
      d.change = Change::set_type;
      action = A::alter_column_type;
    } else if (c.accept_words({"set", "default"})) {
      column.default_expression = c.text({c.pos(), c.end()});
      d.change = Change::set_default;
      action = A::set_default;
    } else if (c.accept_words({"drop", "default"})) {
      d.change = Change::drop_default;
      action = A::drop_default;
    } else if (c.accept_words({"set", "not", "null"})) {
      column.not_null = column.declared_not_null = true;
      d.change = Change::set_not_null;
      action = A::set_not_null;
    } else if (c.accept_words({"drop", "not", "null"})) {
      d.change = Change::drop_not_null;
      action = A::drop_not_null;
    } else if (c.accept_words({"drop", "expression"})) {
      d.change = Change::drop_expression;
      d.if_exists = c.accept_if_exists();
      out_.require(Feature::drop_expression, at);
      action = A::drop_expression;
    } else if (c.accept_words({"add", "generated"})) {
      column.identity = c.accept_word("always") ? IdentityKind::always : IdentityKind::by_default;
      column.not_null = true;
      d.change = Change::identity;
      out_.require(Feature::identity_column, at);
      action = A::identity;
    } else if (c.at_word("drop") && c.at_word("identity", 1)) {
      c.advance(2);
      d.change = Change::identity;
      d.drop_identity = true;
      action = A::identity;
    } else if (c.at_word("restart") ||
               (c.at_word("set") && c.at_any_word({"generated", "increment", "start", "minvalue", "maxvalue",
                                                   "cache", "cycle", "no"}, 1))) {
      d.change = Change::identity;
      action = A::identity;
    } else if (c.accept_words({"set", "statistics"})) {
      d.change = Change::column_options;
      action = A::set_statistics;
    } else if (c.accept_words({"set", "storage"})) {
      d.change = Change::column_options;
      action = A::set_storage;
    } else if (c.accept_words({"set", "compression"})) {
      d.change = Change::column_options;
      out_.require(Feature::column_compression, at);
      action = A::set_compression;
    } else if ((c.at_word("set") || c.at_word("reset")) && c.at_punct("(", 1)) {
      d.change = Change::column_options;
      action = A::set_attribute_options;
    } else {
      d.change = Change::other;
    }
    d.column = std::move(column);
    finish(std::move(d), action);
  }

  // RENAME [COLUMN] a TO b | RENAME CONSTRAINT a TO b | RENAME TO new
  void rename(TokenCursor& c, std::size_t at) {
    if (c.accept_word("to")) {
      Declaration d = table_declaration(at, Change::rename);
      d.new_name = c.accept_name().value_or("");
      return finish(std::move(d), A::rename);
    }
    const bool is_constraint = c.accept_word("constraint");
    if (!is_constraint) c.accept_word("column");
    const auto name = c.accept_name();
    if (!name || !c.accept_word("to")) return;
    Declaration d = is_constraint ? constraint(at, Action::alter, *name) : base(ObjectKind::column, Action::alter, at);
    if (!is_constraint) d.name.name = *name;
    d.change = Change::rename;
    d.new_name = c.accept_name().value_or("");
    finish(std::move(d), A::rename);
  }

  // ENABLE|DISABLE ROW LEVEL SECURITY, [ENABLE [REPLICA|ALWAYS]|DISABLE] TRIGGER|RULE
  void enable_disable(TokenCursor& c, std::size_t at) {
    const bool enable = c.at_word("enable");
    c.advance();
    if (c.accept_words({"row", "level", "security"})) return rls(at, enable ? Change::enable : Change::disable);
    if (!c.accept_word("replica")) c.accept_word("always");
    if (c.accept_word("trigger")) {
      // ALL and USER (unquoted) are keywords: every trigger, or all but the
      // internal ones; no trigger of that name.
      if (c.at_word("all") || c.at_word("user")) {
        return table_change(at, enable ? Change::enable : Change::disable, A::enable_disable_trigger);
      }
      Declaration d = base(ObjectKind::trigger, Action::alter, at);
      d.name.name = c.accept_name().value_or("");
      d.change = enable ? Change::enable : Change::disable;
      return finish(std::move(d), A::enable_disable_trigger);
    }
    table_change(at, Change::other, c.at_word("rule") ? A::enable_disable_rule : A::other);
  }

  void set(TokenCursor& c, std::size_t at) {
    if (c.accept_word("schema")) {
      Declaration d = table_declaration(at, Change::set_schema);
      d.new_schema = c.accept_name().value_or("");
      return finish(std::move(d), A::set_schema);
    }
    if (c.accept_word("tablespace")) {
      Declaration d = table_declaration(at, Change::set_tablespace);
      d.new_tablespace = c.accept_name().value_or("");
      return finish(std::move(d), A::set_tablespace);
    }
    if (c.accept_word("logged")) return table_change(at, Change::set_logged, A::set_logged);
    if (c.accept_word("unlogged")) return table_change(at, Change::set_unlogged, A::set_unlogged);
    if (c.accept_words({"access", "method"})) {
      out_.require(Feature::set_access_method, at);
      Declaration d = table_declaration(at, Change::set_access_method);
      d.new_access_method = c.accept_name().value_or("");
      return finish(std::move(d), A::set_access_method);
    }
    if (c.accept_words({"without", "cluster"})) return table_change(at, Change::other, A::cluster_on);
    if (const auto inside = c.accept_parenthesised()) {
      bool light = true;
      for (const auto& option : c.split_commas(*inside)) {
        TokenCursor item = c.sub(option);
        const auto name = item.accept_name();
        if (!name || !is_light_storage_parameter(*name)) light = false;
      }
      return table_change(at, Change::other, light ? A::set_light_storage_parameters : A::set_storage_parameters);
    }
    table_change(at, Change::other, A::other);
  }

  FactsBuilder& out_;
  QualifiedName table_;
  bool if_exists_;
  bool only_;
};

}  // namespace

namespace {

// When PostgreSQL runs an action of ALTER TABLE (its passes, tablecmds.c):
// every drop first, then type changes, then added columns, then the rest in
// the order written. `ADD PRIMARY KEY (y), DROP CONSTRAINT t_pkey` swaps
// the key; `ALTER COLUMN x SET DEFAULT 5, ADD COLUMN x int` sets the new
// column's default.
int execution_pass(const Declaration& d) {
  if (d.action == Action::drop) return 0;
  if (d.change == Change::drop_default || d.change == Change::drop_not_null || d.change == Change::drop_expression) {
    return 0;
  }
  if (d.change == Change::set_type) return 1;
  if (d.action == Action::create && d.kind == ObjectKind::column) return 2;
  return 3;
}

void in_execution_order(std::vector<Declaration>& declarations, std::size_t first) {
  std::stable_sort(declarations.begin() + static_cast<std::ptrdiff_t>(first), declarations.end(),
                   [](const Declaration& a, const Declaration& b) { return execution_pass(a) < execution_pass(b); });
}

}  // namespace

void parse_alter_table(TokenCursor& c, FactsBuilder& out) {
  const std::size_t start = c.pos();
  if (c.accept_words({"all", "in", "tablespace"})) return;  // moves many tables: nothing to declare
  const bool if_exists = c.accept_if_exists();
  if (if_exists) out.require(Feature::alter_table_if_exists, start);
  const bool only = c.accept_word("only");
  const auto table = c.accept_qualified_name();
  if (!table) return;
  c.accept_op("*");
  AlterTableParser parser(out, *table, if_exists, only);
  const std::size_t first = out.facts().declarations.size();
  for (const auto& range : c.split_commas()) {
    if (!range.empty()) parser.action(c.sub(range));
  }
  in_execution_order(out.facts().declarations, first);
}

}  // namespace pgapply::ddl
