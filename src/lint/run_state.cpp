#include "lint/run_state.hpp"

#include <algorithm>
#include <utility>

#include "ddl/predicted_names.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::lint {

bool same_object(const ddl::QualifiedName& a, const ddl::QualifiedName& b) {
  return a.name == b.name && (a.schema.empty() || b.schema.empty() || a.schema == b.schema);
}

namespace {

template <typename Items, typename Match>
void erase_if(Items& items, Match match) {
  items.erase(std::remove_if(items.begin(), items.end(), match), items.end());
}

// A table renamed from `from` to `to` keeps its schema.
ddl::QualifiedName renamed(const ddl::QualifiedName& from, const std::string& to) { return {from.schema, to}; }

}  // namespace

const RunState::NewTable* RunState::new_table(const ddl::QualifiedName& name) const {
  const NewTable* table = created_in_run(name);
  return table != nullptr && table->surely_new ? table : nullptr;
}

const RunState::NewTable* RunState::created_in_run(const ddl::QualifiedName& name) const {
  for (const auto& table : new_tables_) {
    if (same_object(table.name, name)) return &table;
  }
  return nullptr;
}

void RunState::relations_before_run(std::vector<ddl::QualifiedName> relations) {
  relations_before_ = std::move(relations);
}

bool RunState::absent_before_run(const ddl::QualifiedName& name) const {
  return relations_before_ && std::none_of(relations_before_->begin(), relations_before_->end(),
                                           [&](const ddl::QualifiedName& old) { return same_object(old, name); });
}

bool RunState::index_surely_absent(const ddl::QualifiedName& name) const {
  return index_names_known_ && !table_of_index(name) && absent_before_run(name);
}

void RunState::table_created_if_not_exists(const ddl::QualifiedName& name) {
  if (created_in_run(name) != nullptr) return;
  if (absent_before_run(name)) {
    table_created(name, true);  // the database lacks it: IF NOT EXISTS creates it
    return;
  }
  // It may be an old table, with rows: not empty.
  new_tables_.push_back({name, false, false});
}

void RunState::table_created(const ddl::QualifiedName& name, bool empty) {
  forget_table(name);  // not its CHECKs: the statement's own were given before this
  new_tables_.push_back({name, empty, true});
  old_name_made_again(name);
}

void RunState::old_name_made_again(const ddl::QualifiedName& name) {
  erase_if(table_renames_, [&](const TableRename& r) { return same_object(r.from, name); });
  erase_if(column_renames_, [&](const ColumnRename& r) { return same_object(r.table, name); });
}

void RunState::tables_aged() { new_tables_.clear(); }

void RunState::table_filled(const ddl::QualifiedName& name) {
  for (auto& table : new_tables_) {
    if (same_object(table.name, name)) table.empty = false;
  }
}

void RunState::table_dropped(const ddl::QualifiedName& name) {
  forget_table(name);
  erase_if(checks_, [&](const CheckExpression& c) { return same_object(c.table, name); });
}

void RunState::forget_table(const ddl::QualifiedName& name) {
  erase_if(column_types_, [&](const ColumnType& c) { return same_object(c.table, name); });
  erase_if(new_tables_, [&](const NewTable& t) { return same_object(t.name, name); });
  erase_if(partitioned_, [&](const ddl::QualifiedName& t) { return same_object(t, name); });
  erase_if(plain_tables_, [&](const ddl::QualifiedName& t) { return same_object(t, name); });
}

void RunState::check_added(const ddl::QualifiedName& table, std::string name, std::string_view expression,
                           bool validated) {
  CheckExpression check{table, std::move(name), {}, validated};
  const auto tokens = lexer::tokenize(expression);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].is_name()) continue;
    if (i + 1 < tokens.size() && tokens[i + 1].is_punct("(")) continue;  // a function (or CHECK itself)
    if (i > 0 && tokens[i - 1].is_punct("::")) continue;                   // a type
    check.columns.push_back(tokens[i].value);
  }
  checks_.push_back(std::move(check));
}

bool RunState::CheckExpression::named(const std::string& constraint) const {
  if (!name.empty()) return name == constraint;
  if (ddl::make_object_name({table.name, std::nullopt, "check"}) == constraint) return true;
  return std::any_of(columns.begin(), columns.end(), [&](const std::string& column) {
    return ddl::make_object_name({table.name, column, "check"}) == constraint;
  });
}

void RunState::constraint_dropped(const ddl::QualifiedName& table, const std::string& name) {
  erase_if(checks_, [&](const CheckExpression& c) { return same_object(c.table, table) && c.named(name); });
}

void RunState::column_dropped(const ddl::QualifiedName& table, const std::string& column) {
  // PostgreSQL drops the constraints that use it.
  erase_if(checks_, [&](const CheckExpression& c) {
    return same_object(c.table, table) && std::find(c.columns.begin(), c.columns.end(), column) != c.columns.end();
  });
}

bool RunState::column_checked(const ddl::QualifiedName& table, const std::string& column,
                              const std::vector<std::string>& dropping) const {
  return std::any_of(checks_.begin(), checks_.end(), [&](const CheckExpression& check) {
    return check.validated && same_object(check.table, table) &&
           std::none_of(dropping.begin(), dropping.end(), [&](const std::string& name) { return check.named(name); }) &&
           std::find(check.columns.begin(), check.columns.end(), column) != check.columns.end();
  });
}

void RunState::partitioned_table(const ddl::QualifiedName& name) {
  erase_if(plain_tables_, [&](const ddl::QualifiedName& t) { return same_object(t, name); });
  partitioned_.push_back(name);
}

void RunState::plain_table(const ddl::QualifiedName& name) { plain_tables_.push_back(name); }

bool RunState::is_plain_table(const ddl::QualifiedName& name) const {
  return std::any_of(plain_tables_.begin(), plain_tables_.end(),
                     [&](const ddl::QualifiedName& t) { return same_object(t, name); });
}

void RunState::partitioned_before_run(const std::vector<ddl::QualifiedName>& tables_and_indexes) {
  partitioned_.insert(partitioned_.end(), tables_and_indexes.begin(), tables_and_indexes.end());
}

bool RunState::is_partitioned(const ddl::QualifiedName& table_or_index) const {
  return std::any_of(partitioned_.begin(), partitioned_.end(),
                     [&](const ddl::QualifiedName& t) { return same_object(t, table_or_index); });
}

void RunState::table_renamed(const ddl::QualifiedName& from, const std::string& to, const Origin& origin) {
  const ddl::QualifiedName target = renamed(from, to);
  for (auto& table : new_tables_) {
    if (same_object(table.name, from)) table.name = renamed(table.name, to);
  }
  for (auto& table : partitioned_) {
    if (same_object(table, from)) table = renamed(table, to);
  }
  for (auto& table : plain_tables_) {
    if (same_object(table, from)) table = renamed(table, to);
  }
  for (auto& rename : column_renames_) {
    if (same_object(rename.table, from)) rename.table = renamed(rename.table, to);
  }
  for (auto& index : indexes_) {
    if (same_object(index.table, from)) index.table = renamed(index.table, to);
  }
  for (auto& column : column_types_) {
    if (same_object(column.table, from)) column.table = renamed(column.table, to);
  }
  for (auto& check : checks_) {
    if (same_object(check.table, from)) check.table = renamed(check.table, to);
  }
  erase_if(table_renames_, [&](const TableRename& r) { return same_object(r.from, target); });
  table_renames_.push_back({from, to, origin});
}

const RunState::TableRename* RunState::renamed_table(const ddl::QualifiedName& name) const {
  for (const auto& rename : table_renames_) {
    if (same_object(rename.from, name)) return &rename;
  }
  return nullptr;
}

void RunState::column_renamed(const ddl::QualifiedName& table, const std::string& from, const std::string& to,
                              const Origin& origin) {
  // Renaming back (or to a name renamed away before) makes that name valid again.
  erase_if(column_renames_, [&](const ColumnRename& r) { return same_object(r.table, table) && r.from == to; });
  column_renames_.push_back({table, from, to, origin});
  erase_if(column_types_, [&](const ColumnType& c) { return same_object(c.table, table) && c.column == to; });
  for (auto& column : column_types_) {
    if (same_object(column.table, table) && column.column == from) column.column = to;
  }
  for (auto& check : checks_) {
    if (!same_object(check.table, table)) continue;
    for (auto& name : check.columns) {
      if (name == from) name = to;
    }
  }
}

void RunState::column_added(const ddl::QualifiedName& table, const std::string& name) {
  erase_if(column_renames_, [&](const ColumnRename& r) { return same_object(r.table, table) && r.from == name; });
}

void RunState::column_typed(const ddl::QualifiedName& table, const std::string& column, const std::string& type) {
  column_types_.push_back({table, column, type});
}

std::string RunState::column_type(const ddl::QualifiedName& table, const std::string& column) const {
  for (auto it = column_types_.rbegin(); it != column_types_.rend(); ++it) {
    if (same_object(it->table, table) && it->column == column) return it->type;
  }
  return {};
}

const RunState::ColumnRename* RunState::renamed_column(const ddl::QualifiedName& table, const std::string& name) const {
  for (const auto& rename : column_renames_) {
    if (same_object(rename.table, table) && rename.from == name) return &rename;
  }
  return nullptr;
}

void RunState::index_created(const ddl::QualifiedName& index, const ddl::QualifiedName& table) {
  if (index.name.empty()) index_names_known_ = false;  // the server chooses its name
  indexes_.push_back({index, table});
}

std::optional<ddl::QualifiedName> RunState::table_of_index(const ddl::QualifiedName& index) const {
  for (auto it = indexes_.rbegin(); it != indexes_.rend(); ++it) {
    if (same_object(it->index, index)) return it->table;
  }
  return std::nullopt;
}

void RunState::function_created(const ddl::QualifiedName& name, ddl::Volatility volatility, bool declared,
                                const Origin& origin) {
  functions_.push_back({name, volatility, declared, origin});
}

void RunState::domain_created(const ddl::QualifiedName& name, bool constrained, const Origin& origin) {
  domain_dropped(name);
  if (constrained) constrained_domains_.push_back({name, origin});
}

void RunState::domain_dropped(const ddl::QualifiedName& name) {
  std::erase_if(constrained_domains_, [&name](const Domain& domain) { return same_object(domain.name, name); });
}

const Origin* RunState::constrained_domain(const ddl::QualifiedName& name) const {
  for (auto it = constrained_domains_.rbegin(); it != constrained_domains_.rend(); ++it) {
    if (same_object(it->name, name)) return &it->origin;
  }
  return nullptr;
}

const RunState::Function* RunState::function(std::string_view name) const {
  for (auto it = functions_.rbegin(); it != functions_.rend(); ++it) {
    if (it->name.name == name) return &*it;
  }
  return nullptr;
}

void RunState::constraint_added(const ddl::QualifiedName& table, const std::string& constraint,
                                const std::string& not_null_column, bool validated) {
  if (validated && !not_null_column.empty()) proven_not_null_.push_back({table, not_null_column});
  constraints_.push_back({table, constraint, not_null_column});
}

namespace {

// Whether a constraint's name has the column's name among its '_'-separated
// words ("users_nickname_not_null", "users_nickname_check": the name the
// server gives an unnamed CHECK on that column).
bool names_column(const std::string& constraint, const std::string& column) {
  if (column.empty() || constraint.size() < column.size()) return false;
  // Names PostgreSQL gives keys, foreign keys and exclusion constraints name
  // their columns too, and prove nothing about NULLs.
  for (const std::string_view suffix : {"_fkey", "_pkey", "_key", "_excl"}) {
    if (constraint.ends_with(suffix)) return false;
  }
  for (std::size_t at = constraint.find(column); at != std::string::npos; at = constraint.find(column, at + 1)) {
    const std::size_t end = at + column.size();
    const bool starts = at == 0 || constraint[at - 1] == '_';
    const bool ends = end == constraint.size() || constraint[end] == '_';
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

void RunState::constraint_validated(const ddl::QualifiedName& table, const std::string& constraint) {
  // The latest of that name: one dropped and added again is judged as added last.
  for (auto& check : checks_) {
    if (same_object(check.table, table) && check.named(constraint)) check.validated = true;
  }
  for (auto it = constraints_.rbegin(); it != constraints_.rend(); ++it) {
    if (!same_object(it->table, table) || it->constraint != constraint) continue;
    if (!it->column.empty()) proven_not_null_.push_back({it->table, it->column});
    return;
  }
  if (!constraints_known_) validated_elsewhere_.push_back({table, constraint, {}});
}

bool RunState::not_null_proven(const ddl::QualifiedName& table, const std::string& column) const {
  const bool proven = std::any_of(proven_not_null_.begin(), proven_not_null_.end(), [&](const TableColumn& c) {
    return same_object(c.table, table) && c.column == column;
  });
  // A constraint added before the run may be the CHECK (column IS NOT NULL)
  // the SET NOT NULL relies on, or any other. Taking every such VALIDATE for
  // a proof of every column would miss the scan of a column it says nothing
  // about; taking none would report the safe way whenever its ADD was
  // applied before the run (--changed-since). So one proves the column its
  // name names, as people and the server name such constraints.
  return proven || std::any_of(validated_elsewhere_.begin(), validated_elsewhere_.end(), [&](const KnownConstraint& c) {
           return same_object(c.table, table) && names_column(c.constraint, column);
         });
}

void RunState::not_valid_added(const ddl::QualifiedName& table, const std::string& constraint, bool foreign_key) {
  not_valid_now_.push_back({table, constraint, foreign_key});
}

std::optional<bool> RunState::not_valid_in_this_transaction(const ddl::QualifiedName& table,
                                                            const std::string& constraint) const {
  for (const NotValid& added : not_valid_now_) {
    if (same_object(added.table, table) && added.constraint == constraint) return added.foreign_key;
  }
  return std::nullopt;
}

void RunState::transaction_ended() { not_valid_now_.clear(); }

}  // namespace pgapply::lint
