// CREATE [GLOBAL|LOCAL] [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] name
//   ( column definitions and table constraints ) [INHERITS (...)] [PARTITION BY ...] ...
// CREATE TABLE name PARTITION OF parent [( ... )] FOR VALUES ...
// CREATE TABLE name [(column names)] ... AS query

#include <algorithm>

#include "ddl/column_definition.hpp"
#include "ddl/constraint_clause.hpp"
#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The clauses after the element list; returns whether it is CREATE TABLE AS.
bool parse_table_clauses(TokenCursor& c, TableSpec& spec, FactsBuilder& out) {
  while (!c.done()) {
    const std::size_t at = c.pos();
    if (c.accept_word("as") || c.at_word("execute")) return true;
    if (spec.partition_of && !spec.partition_bound) {
      if (auto bound = accept_partition_bound(c)) {
        spec.partition_bound = std::move(bound);
        continue;
      }
    }
    if (c.accept_word("inherits")) {
      if (const auto inside = c.accept_parenthesised()) {
        for (const auto& piece : c.split_commas(*inside)) {
          TokenCursor item = c.sub(piece);
          if (auto parent = item.accept_qualified_name()) spec.inherits.push_back(*parent);
        }
      }
    } else if (c.accept_words({"partition", "by"})) {
      const std::size_t begin = c.pos();
      c.advance();  // RANGE, LIST, HASH
      c.skip_group();
      spec.partition_by = c.collapsed_text({begin, c.pos()});
      out.require(Feature::declarative_partitioning, at);
    } else {
      c.skip_element();
    }
  }
  return false;
}

// A PRIMARY KEY or UNIQUE constraint of the CREATE TABLE: a table-level one
// (constraints[element]) or one written in a column (the inline_index-th of
// columns[element]).
struct KeyRef {
  bool table_level = false;
  std::size_t element = 0;
  std::size_t inline_index = 0;
};

// PostgreSQL builds one index per key of a CREATE TABLE
// (transformIndexConstraints): a UNIQUE on exactly the primary key's columns,
// or on an earlier UNIQUE's (with the same INCLUDE columns, deferrability and
// NULLS NOT DISTINCT; WITH (...) and the tablespace do not count), is left out, and its name goes to the one kept
// when that one has none (`id int PRIMARY KEY, CONSTRAINT u UNIQUE (id)`
// makes one constraint, the primary key, named u). `keys` in the order written.
void drop_duplicate_keys(std::vector<Declaration>& columns, std::vector<Declaration>& constraints,
                         const std::vector<KeyRef>& keys) {
  auto spec = [&](const KeyRef& ref) -> ConstraintSpec& {
    return ref.table_level ? *constraints[ref.element].constraint
                           : columns[ref.element].column->constraints[ref.inline_index];
  };
  auto same_key = [](const ConstraintSpec& a, const ConstraintSpec& b) {
    return a.columns == b.columns && a.include == b.include && a.deferrable == b.deferrable && a.initially_deferred == b.initially_deferred &&
           a.nulls_not_distinct == b.nulls_not_distinct && a.using_index.empty() && b.using_index.empty();
  };
  std::vector<KeyRef> kept;
  const auto primary = std::find_if(keys.begin(), keys.end(),
                                    [&](const KeyRef& ref) { return spec(ref).kind == ConstraintKind::primary_key; });
  if (primary != keys.end()) kept.push_back(*primary);
  std::vector<KeyRef> dropped;
  for (auto ref = keys.begin(); ref != keys.end(); ++ref) {
    if (ref == primary) continue;
    const auto prior = std::find_if(kept.begin(), kept.end(), [&](const KeyRef& k) { return same_key(spec(k), spec(*ref)); });
    if (prior == kept.end()) {
      kept.push_back(*ref);
      continue;
    }
    if (spec(*prior).name.empty() && !spec(*ref).name.empty()) {
      spec(*prior).name = spec(*ref).name;
      if (prior->table_level) constraints[prior->element].name.name = spec(*ref).name;
    }
    dropped.push_back(*ref);
  }
  // from the last, so that the indexes of the others stay right
  for (auto ref = dropped.rbegin(); ref != dropped.rend(); ++ref) {
    if (ref->table_level) {
      constraints.erase(constraints.begin() + static_cast<std::ptrdiff_t>(ref->element));
    } else {
      ColumnSpec& column = *columns[ref->element].column;
      column.constraints.erase(column.constraints.begin() + static_cast<std::ptrdiff_t>(ref->inline_index));
      column.unique = std::any_of(column.constraints.begin(), column.constraints.end(),
                                  [](const ConstraintSpec& c) { return c.kind == ConstraintKind::unique; });
    }
  }
}

bool is_key(const ConstraintSpec& constraint) {
  return constraint.kind == ConstraintKind::primary_key || constraint.kind == ConstraintKind::unique;
}

}  // namespace

std::optional<PartitionBound> accept_partition_bound(TokenCursor& c) {
  PartitionBound bound;
  if (c.accept_word("default")) {
    bound.kind = PartitionBound::Kind::default_partition;
    return bound;
  }
  if (!c.accept_words({"for", "values"})) return std::nullopt;
  // each value of a parenthesised list, as written
  const auto values = [&c](std::vector<std::string>& into) {
    if (const auto inside = c.accept_parenthesised()) {
      for (const auto& piece : c.split_commas(*inside)) into.push_back(c.collapsed_text(piece));
    }
  };
  if (c.accept_word("from")) {
    values(bound.from);
    if (c.accept_word("to")) values(bound.to);
  } else if (c.accept_word("in")) {
    bound.kind = PartitionBound::Kind::list;
    values(bound.in);
  } else {
    bound.kind = PartitionBound::Kind::hash;
    c.accept_word("with");
    c.accept_parenthesised();
  }
  return bound;
}

void parse_create_table(TokenCursor& c, FactsBuilder& out, std::size_t start, TableSpec spec) {
  Declaration table = out.make(ObjectKind::table, Action::create, start);
  table.if_not_exists = c.accept_if_not_exists();
  const auto name = c.accept_qualified_name();
  if (!name) return;
  table.name = *name;

  if (c.accept_word("of")) {  // a typed table: its columns are the type's
    c.accept_qualified_name();
    spec.of_type = true;
  }
  if (c.accept_words({"partition", "of"})) {
    if (const auto parent = c.accept_qualified_name()) {
      spec.partition_of = *parent;
      assess_create_partition(table, *parent);
    }
    out.require(Feature::declarative_partitioning, start);
  }
  const auto elements = c.accept_parenthesised();
  spec.as_query = parse_table_clauses(c, spec, out);
  if (table.if_not_exists) {
    out.require(spec.as_query ? Feature::create_table_as_if_not_exists : Feature::create_table_if_not_exists, start);
  }

  std::vector<Declaration> columns;
  std::vector<Declaration> constraints;
  std::vector<KeyRef> keys;  // in the order written
  for (const auto& piece : elements ? c.split_commas(*elements) : std::vector<TokenRange>{}) {
    TokenCursor element = c.sub(piece);
    if (element.done()) continue;
    if (element.at_word("like")) {  // copies columns (and maybe constraints) we cannot see
      spec.like = true;
      continue;
    }
    if (spec.as_query) {  // CREATE TABLE t (a, b) AS ...: names only
      Declaration column = out.make(ObjectKind::column, Action::create, piece.begin);
      column.parent = table.name;
      column.name.name = element.accept_name().value_or("");
      column.column = ColumnSpec{};
      column.column->name = column.name.name;
      columns.push_back(std::move(column));
      continue;
    }
    if (at_table_constraint(element)) {
      auto parsed = parse_table_constraint(element);
      if (!parsed) continue;
      Declaration constraint = out.make(ObjectKind::constraint, Action::create, piece.begin);
      constraint.parent = table.name;
      constraint.name.name = parsed->spec.name;
      out.require_all(parsed->features, piece.begin);
      assess_create_table_references(constraint, parsed->spec);
      constraint.constraint = std::move(parsed->spec);
      if (is_key(*constraint.constraint)) keys.push_back({true, constraints.size(), 0});
      constraints.push_back(std::move(constraint));
      continue;
    }
    auto parsed = parse_column_definition(element);
    if (!parsed) continue;
    Declaration column = out.make(ObjectKind::column, Action::create, parsed->name_token);
    column.parent = table.name;
    column.name.name = parsed->spec.name;
    out.require_all(parsed->features, parsed->name_token);
    for (const auto& constraint : parsed->spec.constraints) assess_create_table_references(column, constraint);
    column.column = std::move(parsed->spec);
    for (std::size_t i = 0; i < column.column->constraints.size(); ++i) {
      if (is_key(column.column->constraints[i])) keys.push_back({false, columns.size(), i});
    }
    columns.push_back(std::move(column));
  }
  drop_duplicate_keys(columns, constraints, keys);

  // A table-level PRIMARY KEY makes its columns NOT NULL.
  for (const auto& constraint : constraints) {
    if (constraint.constraint->kind != ConstraintKind::primary_key) continue;
    for (auto& column : columns) {
      if (contains(constraint.constraint->columns, column.name.name)) column.column->not_null = true;
    }
  }

  table.table = std::move(spec);
  out.add(std::move(table));
  for (auto& column : columns) out.add(std::move(column));
  for (auto& constraint : constraints) out.add(std::move(constraint));
}

}  // namespace pgapply::ddl
