#include "schema/preflight_row_checks.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "ddl/builtin_volatility.hpp"
#include "ddl/declarations.hpp"
#include "ddl/expression.hpp"
#include "ddl/predicted_names.hpp"
#include "ddl/token_cursor.hpp"
#include "ddl/type_change.hpp"
#include "ddl/types.hpp"
#include "lexer/tokenizer.hpp"
#include "schema/catalog_objects.hpp"
#include "schema/object_key.hpp"
#include "schema/partition_bounds.hpp"
#include "schema/preflight.hpp"
#include "schema/quantities.hpp"

namespace pgapply::schema {

namespace {

// What an index element computes for a row (CREATE INDEX's, EXCLUDE's).
struct ElementValue {
  std::string sql;     // the column (quoted where it needs to be), function call or (expression), with its COLLATE
  std::string column;  // a plain column's name; empty for an expression
  std::string operator_class;  // as named (the last part of a qualified name); empty: the type's default
  // The type its operator class compares values as, where that may not be
  // theirs: text's classes (text_ops, text_pattern_ops...) take a column of
  // any type that converts to text as it is, such as citext, and compare
  // as text does (case and all), so the value is read as text; "" for others.
  std::string compared_as;
};

// What a declaration requires of the rows of its table.
struct RowDemand {
  ddl::QualifiedName table;
  std::vector<std::string> not_null;     // columns that must hold no NULL
  std::vector<std::string> unique;       // columns whose values must not repeat; empty: none
  // CREATE UNIQUE INDEX over expressions, or partial: each element's value
  // (in place of `unique`), and the rows it covers (its WHERE; empty: all).
  std::vector<ElementValue> unique_values;
  std::string unique_where;
  bool nulls_not_distinct = false;       // of `unique`
  std::string check;                     // an expression every row must pass; empty: none
  std::vector<std::string> foreign_key;  // columns whose values must be in `references`; empty: none
  ddl::QualifiedName references;
  std::vector<std::string> referenced;   // empty: the referenced table's primary key
  bool match_full = false;               // of `foreign_key`
  std::string converted;                 // the value ALTER COLUMN ... TYPE converts of each row's; empty: none
  std::string converted_column;
  std::string converted_type;            // the type it converts to, as written
  std::string what;                      // "SET NOT NULL", "PRIMARY KEY (id)", "CREATE UNIQUE INDEX users_email"
  bool concurrently = false;             // CREATE UNIQUE INDEX CONCURRENTLY: a failure leaves an INVALID index
  bool validates = false;                // VALIDATE CONSTRAINT of a constraint NOT VALID until then
  // The statement reaches a plain table's inheritance children too: for
  // `not_null` (SET NOT NULL, not a primary key's), `check` (not NO INHERIT)
  // and `converted`, without ALTER TABLE ONLY.
  bool reaches_children = false;
  // EXCLUDE: each element (a column or an expression, with its COLLATE) and
  // its operator; no two rows (within `exclusion_where`) may satisfy them all.
  std::vector<std::pair<ElementValue, std::string>> exclusion;
  std::string exclusion_where;
  // Columns the statement adds before the constraint, with a constant
  // DEFAULT (or none): the value each row the target has gets, as SQL
  // ("CAST((0) AS integer)"), which `check` reads in their place.
  std::map<std::string, std::string> added_values;
  // ADD COLUMN ... NOT NULL GENERATED ALWAYS AS (...): the column, whose
  // value `check` says is NULL in no row.
  std::string generated_not_null{};
};

// The expression of a CHECK constraint's definition as pg_get_constraintdef
// prints it ("CHECK ((n >= 0)) NOT VALID": "((n >= 0))"); "" for another.
std::string check_expression(const std::string& definition) {
  if (definition.rfind("CHECK ", 0) != 0) return {};
  std::string out = definition.substr(6);
  for (const std::string tail : {" NOT VALID", " NO INHERIT"}) {
    if (out.size() > tail.size() && out.compare(out.size() - tail.size(), tail.size(), tail) == 0) {
      out.resize(out.size() - tail.size());
    }
  }
  return out;
}

// "a, b", each quoted where it needs to be.
std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& column : columns) out += (out.empty() ? "" : ", ") + ddl::quote_identifier(column);
  return out;
}

// The element in tokens [begin, end) of `text` ("lower(email) COLLATE "C"
// text_pattern_ops DESC"): its operator class (with its parameters) and
// ordering change nothing of which values are equal or conflict. nullopt
// where it reads otherwise.
std::optional<ElementValue> element_value(const std::vector<lexer::Token>& tokens, const std::string& text,
                                          std::size_t begin, std::size_t end) {
  const auto text_of = [&](std::size_t first, std::size_t last) {  // tokens [first, last]
    return text.substr(tokens[first].offset, tokens[last].offset + tokens[last].text.size() - tokens[first].offset);
  };
  if (begin >= end) return std::nullopt;
  std::size_t at = begin;  // past the column, call or (expression)
  while (at + 2 < end && tokens[at].is_name() && tokens[at + 1].is_punct(".")) at += 2;
  ElementValue out;
  if (tokens[at].is_name() && !(at + 1 < end && tokens[at + 1].is_punct("("))) {
    if (at != begin) return std::nullopt;  // (no qualified column in an index element)
    out.column = tokens[at].value;
    out.sql = ddl::quote_identifier(out.column);
    ++at;
  } else {
    if (tokens[at].is_name()) ++at;  // a function's name: its arguments follow
    if (at >= end || !tokens[at].is_punct("(")) return std::nullopt;
    lexer::BracketDepth depth;
    for (; at < end; ++at) {
      depth.step(tokens[at]);
      if (depth.at_top()) break;
    }
    if (at == end) return std::nullopt;
    out.sql = text_of(begin, at);
    ++at;
  }
  if (at < end && tokens[at].is_word("collate")) {  // COLLATE name[.name]
    std::size_t last = at + 1;
    while (last + 2 < end && tokens[last + 1].is_punct(".")) last += 2;
    if (last >= end) return std::nullopt;
    out.sql = "(" + out.sql + ") " + text_of(at, last);
    out.column.clear();
    at = last + 1;
  }
  // an operator class: the first name that is no ordering (its parameters after it)
  for (; at < end && out.operator_class.empty(); ++at) {
    const lexer::Token& token = tokens[at];
    const bool ordering = token.is_word("asc") || token.is_word("desc") || token.is_word("nulls") ||
                          token.is_word("first") || token.is_word("last");
    if (!token.is_name() || ordering) continue;
    out.operator_class = token.value;
    while (at + 2 < end && tokens[at + 1].is_punct(".") && tokens[at + 2].is_name()) {
      at += 2;
      out.operator_class = tokens[at].value;
    }
  }
  static const std::set<std::string, std::less<>> text_classes = {"text_ops", "varchar_ops", "text_pattern_ops",
                                                                  "varchar_pattern_ops"};
  if (text_classes.count(out.operator_class) != 0) out.compared_as = "text";
  if (out.operator_class == "bpchar_ops" || out.operator_class == "bpchar_pattern_ops") out.compared_as = "bpchar";
  return out;
}

// An EXCLUDE constraint's elements as written ("room WITH =, during WITH
// &&"): each element's value and its operator ("&&", "OPERATOR(pg_catalog.=)").
// nullopt where it reads otherwise.
std::optional<std::vector<std::pair<ElementValue, std::string>>> exclusion_elements(const std::string& elements) {
  const auto tokens = lexer::tokenize(elements);
  std::vector<std::pair<ElementValue, std::string>> out;
  std::size_t begin = 0;
  while (begin < tokens.size()) {
    // the element up to WITH, the operator up to a comma
    std::size_t with = begin;
    lexer::BracketDepth depth;
    while (with < tokens.size() && !(depth.at_top() && tokens[with].is_word("with"))) {
      if (depth.at_top() && tokens[with].is_punct(",")) return std::nullopt;
      depth.step(tokens[with++]);
    }
    std::size_t next = with + 1;
    while (next < tokens.size() && !(depth.at_top() && tokens[next].is_punct(","))) depth.step(tokens[next++]);
    auto value = element_value(tokens, elements, begin, with);
    if (!value || with + 1 >= next) return std::nullopt;
    const std::size_t from = tokens[with + 1].offset;
    const std::size_t to = tokens[next - 1].offset + tokens[next - 1].text.size();
    out.emplace_back(std::move(*value), elements.substr(from, to - from));
    begin = next + 1;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<RowDemand> constraint_demand(const ddl::Declaration& d) {
  const auto& constraint = *d.constraint;
  if (!constraint.using_index.empty() || constraint.not_valid || constraint.not_enforced) return std::nullopt;
  RowDemand demand;
  demand.table = d.parent;
  const std::string columns = "(" + column_list(constraint.columns) + ")";
  switch (constraint.kind) {
    case ddl::ConstraintKind::primary_key:
      if (constraint.columns.empty()) return std::nullopt;
      demand.not_null = demand.unique = constraint.columns;
      demand.what = "PRIMARY KEY " + columns;
      return demand;
    case ddl::ConstraintKind::unique:
      if (constraint.columns.empty()) return std::nullopt;
      demand.unique = constraint.columns;
      demand.nulls_not_distinct = constraint.nulls_not_distinct;
      demand.what = "UNIQUE " + columns;
      return demand;
    case ddl::ConstraintKind::check: {
      if (constraint.expression.empty()) return std::nullopt;
      demand.check = constraint.expression;
      demand.reaches_children = !d.parent_only && !constraint.no_inherit;
      const bool short_enough = constraint.expression.size() <= 60;
      demand.what = !d.name.name.empty() ? "CHECK " + d.name.name
                    : short_enough       ? "CHECK (" + constraint.expression + ")"
                                         : "CHECK (" + constraint.expression.substr(0, 57) + "...)";
      return demand;
    }
    case ddl::ConstraintKind::foreign_key:
      if (constraint.columns.empty() || constraint.references.name.empty()) return std::nullopt;
      demand.foreign_key = constraint.columns;
      demand.references = constraint.references;
      demand.referenced = constraint.referenced_columns;
      demand.match_full = constraint.match_full;
      demand.what = "FOREIGN KEY " + columns + " REFERENCES " + constraint.references.to_string();
      return demand;
    case ddl::ConstraintKind::exclusion: {
      auto elements = exclusion_elements(constraint.expression);
      if (!elements) return std::nullopt;
      demand.exclusion = std::move(*elements);
      demand.exclusion_where = constraint.where;
      demand.what = d.name.name.empty() ? "EXCLUDE (" + constraint.expression + ")" : "EXCLUDE " + d.name.name;
      return demand;
    }
    default:
      return std::nullopt;
  }
}


// ALTER COLUMN ... SET NOT NULL; ADD PRIMARY KEY or UNIQUE (cols) (not USING
// INDEX: PostgreSQL checks that index's columns, which the statement does not
// name); CREATE UNIQUE INDEX (its columns or expressions, over the rows of its WHERE); ADD CHECK and
// ADD FOREIGN KEY, not NOT VALID (nor NOT ENFORCED); ALTER COLUMN ... TYPE
// (its USING expression, or the column cast to the type). nullopt for
// anything else.
std::optional<RowDemand> row_demand(const ddl::Declaration& d) {
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::alter && d.change == ddl::Change::set_type &&
      d.column && !d.column->declared_type.empty()) {
    RowDemand demand;
    demand.table = d.parent;
    demand.converted_column = d.name.name;
    // (the newline ends a -- comment the expression may end with)
    demand.converted = !d.column->using_expression.empty() ? "(" + d.column->using_expression + "\n)"
                                                           : ddl::quote_identifier(d.name.name);
    demand.converted_type = d.column->declared_type;
    demand.what = "ALTER COLUMN " + ddl::quote_identifier(d.name.name) + " TYPE " + d.column->declared_type;
    demand.reaches_children = !d.parent_only;
    return demand;
  }
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::alter && d.change == ddl::Change::set_not_null) {
    RowDemand demand;
    demand.table = d.parent;
    demand.not_null = {d.name.name};
    demand.what = "SET NOT NULL";
    demand.reaches_children = !d.parent_only;
    return demand;
  }
  if (d.kind == ddl::ObjectKind::constraint && d.action == ddl::Action::create && d.constraint) {
    return constraint_demand(d);
  }
  // (ON ONLY a partitioned table builds nothing: an invalid index on it alone)
  if (d.kind != ddl::ObjectKind::index || d.action != ddl::Action::create || !d.index || !d.index->unique ||
      d.index->only || d.index->elements.empty()) {
    return std::nullopt;
  }
  RowDemand demand;
  demand.table = d.parent;
  for (const auto& element : d.index->elements) {
    const auto tokens = lexer::tokenize(element);
    auto value = element_value(tokens, element, 0, tokens.size());
    if (!value) return std::nullopt;
    demand.unique_values.push_back(std::move(*value));
  }
  const bool columns = d.index->where.empty() &&
                       std::all_of(demand.unique_values.begin(), demand.unique_values.end(),
                                   [](const ElementValue& v) { return !v.column.empty() && v.operator_class.empty(); });
  if (columns) {  // plain columns, every row: asked by the target's names of them
    for (const auto& value : demand.unique_values) demand.unique.push_back(value.column);
    demand.unique_values.clear();
  }
  demand.unique_where = d.index->where;
  demand.nulls_not_distinct = d.index->nulls_not_distinct;
  demand.concurrently = d.index->concurrently;
  demand.what = "CREATE UNIQUE INDEX";
  if (d.index->concurrently) demand.what += " CONCURRENTLY";
  if (!d.name.name.empty()) demand.what += " " + d.name.name;
  return demand;
}

// VALIDATE CONSTRAINT of a CHECK or FOREIGN KEY that is NOT VALID as the
// model has it before the declaration (the target's, its definition read
// from the catalog, or one the run added): what the constraint asks, as an
// ADD without NOT VALID would. nullopt for anything else.
std::optional<RowDemand> validate_demand(const ExpectedSchema& model, const ddl::Declaration& d) {
  if (d.kind != ddl::ObjectKind::constraint || d.action != ddl::Action::alter || d.change != ddl::Change::validate) {
    return std::nullopt;
  }
  const ObjectKey table = model.relation(d.parent);
  const auto current = model.current(ObjectKey{Space::constraint, table.schema, table.name, d.name.name, {}});
  if (!current || !current->present || !current->constraint || !current->constraint->not_valid) return std::nullopt;
  ddl::Declaration added;
  added.kind = ddl::ObjectKind::constraint;
  added.action = ddl::Action::create;
  added.parent = d.parent;
  added.name = d.name;
  added.constraint = current->constraint;
  if (!current->definition.empty()) {
    // The target's: its definition ("CHECK ((qty > 0)) NOT VALID") says what the catalog read leaves out.
    const auto facts = ddl::facts_of("ALTER TABLE pgapply_validated ADD " + current->definition);
    const auto found = std::find_if(facts.declarations.begin(), facts.declarations.end(), [](const auto& declared) {
      return declared.kind == ddl::ObjectKind::constraint && declared.constraint;
    });
    if (found == facts.declarations.end()) return std::nullopt;
    added.constraint = found->constraint;
  }
  if (added.constraint->kind != ddl::ConstraintKind::check &&
      added.constraint->kind != ddl::ConstraintKind::foreign_key) {
    return std::nullopt;
  }
  added.constraint->not_valid = false;
  auto demand = row_demand(added);
  if (demand) {
    demand->what = "VALIDATE CONSTRAINT " + d.name.name;
    demand->validates = true;
  }
  return demand;
}

// Whether a statement may change the rows of tables that exist already, or
// which rows a table has, before any of its declarations: DML and anything
// not modelled (the facts collector keeps a file's first such statement), a
// DO block that runs DML, a query, CALL, PERFORM or dynamic SQL, MERGE, a
// query that makes a table (it may call functions).
bool changes_rows_first(const ddl::StatementFacts& facts) {
  if (facts.command == "DO") return facts.changes_rows;  // (a block of DDL alone, Drizzle's CREATE TYPE guard, does not)
  // (a GRANT or REVOKE of privileges on objects, which the facts read but do not name a command for)
  if (!facts.privilege_changes.empty() && facts.declarations.empty() && !facts.dynamic_sql) return false;
  // (CREATE, ALTER or DROP ROLE, GRANT role TO role, REASSIGN OWNED: no table's rows; not DROP OWNED, which
  // drops tables)
  const auto of_roles = [](const ddl::ClusterChange& change) {
    return change.kind == ddl::ClusterObjectKind::role && change.command != "DROP OWNED";
  };
  if (!facts.cluster_changes.empty() && facts.declarations.empty() && !facts.dynamic_sql &&
      std::all_of(facts.cluster_changes.begin(), facts.cluster_changes.end(), of_roles)) {
    return false;
  }
  return !facts.recognised || facts.dynamic_sql || facts.command == "MERGE" || facts.command == "SELECT INTO";
}

// `where`, where an event trigger whose function may write rows fires, as
// RowsSeen::because tells it.
std::string event_trigger_fires(const std::string& where, const RowsSeen& seen) {
  return RowsSeen::because(where, seen.event_trigger_made
                                      ? "the run made or enabled an event trigger before it, whose function "
                                        "preflight does not read"
                                      : "an event trigger whose function may write rows fires on it");
}

// Whether a statement runs DDL that an event trigger whose function may
// write rows fires on (one of the target's, or any the run made): before
// the statement (`before`: ddl_command_start, table_rewrite) or after it
// (ddl_command_end, sql_drop). DDL is a statement that declares objects or
// changes privileges (not of roles or databases, on which none fires); a
// trigger fires on it when it names no tags, or one the statement's
// command may be (a DO block's commands may be any; DROP any DROP ...).
// Whether an event trigger of the target's whose function may write rows
// fires on a command whose tag starts with `tag_start` ("" : any tag),
// before it or after it (`before`).
bool writing_event_trigger_fires(const CatalogSnapshot& catalog, const std::string& tag_start, bool before) {
  return std::any_of(catalog.event_triggers.begin(), catalog.event_triggers.end(), [&](const CatalogEventTrigger& t) {
    const bool starts = t.event == "ddl_command_start" || t.event == "table_rewrite";
    const bool ends = t.event == "ddl_command_end" || t.event == "sql_drop";  // (not login, PostgreSQL 17's)
    if (!t.may_write_rows || !(before ? starts : ends)) return false;
    return t.tags.empty() || std::any_of(t.tags.begin(), t.tags.end(), [&](const std::string& tag) {
             return tag.starts_with(tag_start);
           });
  });
}

bool fires_event_trigger_writing_rows(const CatalogSnapshot& catalog, const ddl::StatementFacts& facts,
                                      const RowsSeen& seen, bool before) {
  // (a GRANT or REVOKE on objects: its facts name no command, and it fires an event trigger as DDL does)
  const bool grants = !facts.privilege_changes.empty();
  if ((!facts.recognised && !grants) || (facts.declarations.empty() && !grants)) return false;
  if (seen.event_trigger_made) return true;
  // (CREATE TABLE may be CREATE TABLE AS; DROP, DROP TABLE or any DROP ...; a DO block's commands, any)
  const std::string tag_start = facts.command == "DROP" ? "DROP " : facts.command == "DO" ? "" : facts.command;
  return writing_event_trigger_fires(catalog, tag_start, before);
}

// The type of the user's a column's type (as declared or as format_type
// writes it) is, or is an array of; nullopt for a built-in one.
std::optional<ddl::QualifiedName> users_element_type(const std::string& declared) {
  std::string type = ddl::normalize_type(declared);
  while (type.ends_with("[]")) type.resize(type.size() - 2);
  return ddl::user_type_name(type);
}

// Whether a column's type (as declared) runs no function: a built-in type,
// an array of one, or an enum (the target's or the run's); not a domain
// (its CHECK or DEFAULT), a composite of domains, or what is not known.
bool plain_or_enum(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& declared) {
  const auto user_type = users_element_type(declared);
  if (!user_type) return true;
  const auto made = model.current(model.type(*user_type));
  if (made && made->present && made->type) return made->type->kind == ddl::TypeKind::enum_type;
  const CatalogType* found = catalog.find_type(user_type->schema, user_type->name);
  return found != nullptr && found->kind == 'e';
}

// Whether the run made what may call a function where no statement names
// it: an operator, a cast or an aggregate (ExpectedSchema::
// made_unseen_caller), a view, a policy, a trigger, a domain, a type but an enum, or a
// DEFAULT, generated column, CHECK or index expression that calls a
// function of the user's.
bool run_made_unseen_caller(const ExpectedSchema& model) {
  if (model.made_unseen_caller()) return true;
  return std::any_of(model.objects().begin(), model.objects().end(), [](const ExpectedObject& object) {
    if (!object.present) return false;
    using ddl::ObjectKind;
    const ObjectKind kind = object.kind;
    if (kind == ObjectKind::view || kind == ObjectKind::materialized_view || kind == ObjectKind::policy ||
        kind == ObjectKind::trigger || kind == ObjectKind::domain) {
      return true;
    }
    // (an enum's labels call nothing; a range's functions, or what the model does not know, may)
    if (kind == ObjectKind::type) return !object.type || object.type->kind != ddl::TypeKind::enum_type;
    const auto calls = [](const std::optional<std::string>& text) {
      return text && ddl::calls_users_function(*text);
    };
    if (object.column && (calls(object.column->default_expression) || calls(object.column->generated_expression))) {
      return true;
    }
    if (object.constraint && ddl::calls_users_function(object.constraint->expression)) return true;
    return object.index && std::any_of(object.index->elements.begin(), object.index->elements.end(),
                                       [](const std::string& element) { return ddl::calls_users_function(element); });
  });
}

// Whether a name a query gives an operator, a function or a type may stand
// for one of the user's where it names one of PostgreSQL's own: the target
// has an operator or cast of the user's, or a function named as a built-in
// one (CatalogSnapshot::unseen_calls); its search_path puts pg_catalog
// after another schema, or the run changed search_path; the run made a
// function, an operator, a cast or an aggregate.
bool run_made_routine(const ExpectedSchema& model) {
  return std::any_of(model.objects().begin(), model.objects().end(), [](const ExpectedObject& object) {
    return object.present && object.key.space == Space::routine;
  });
}

bool names_may_be_users(const CatalogSnapshot& catalog, const ExpectedSchema& model, const RowsSeen& seen) {
  const auto pg_catalog = std::find(catalog.search_path.begin(), catalog.search_path.end(), "pg_catalog");
  if (catalog.unseen_calls || seen.type_names_changed || model.made_unseen_caller() ||
      (pg_catalog != catalog.search_path.end() && pg_catalog != catalog.search_path.begin())) {
    return true;
  }
  return run_made_routine(model);
}

// Whether a statement of the run may reach a function of the target's that
// may write rows, through an operator, a cast, a domain's DEFAULT or CHECK,
// a view, a policy or an index expression it cannot see: one of the user's
// whose body may (CatalogRoutine::may_write_rows, read strictly), not a
// trigger's or an event trigger's function, which only its trigger runs
// (an updated_at trigger's on another table), and that something of the
// target's calls (CatalogRoutine::referenced), or the run made something
// that may (run_made_unseen_caller: Supabase's RPC functions, which only a
// client calls, leave the checks certain); or any, where an operator or
// cast of the user's, or an overload of a built-in name, may call one; or
// any function the run made (its body is not read).
bool reaches_writing_function(const CatalogSnapshot& catalog, const ExpectedSchema& model) {
  if (catalog.unseen_calls || run_made_routine(model)) return true;
  const auto writing = [](const CatalogRoutine& routine) {
    return routine.may_write_rows && !routine.trigger_function;
  };
  if (std::none_of(catalog.routines.begin(), catalog.routines.end(), writing)) return false;
  const bool made_caller = run_made_unseen_caller(model);
  return std::any_of(catalog.routines.begin(), catalog.routines.end(), [&](const CatalogRoutine& routine) {
    return writing(routine) && (routine.referenced || made_caller);
  });
}

// Whether an INSERT into `table` changes the rows of a table the run made,
// and of no other: no trigger of it, no default, generated column or CHECK
// of it calling a function of the user's, not a partition or an inheritance
// child (an ATTACH or INHERIT later is a change of rows of its own).
bool fills_new_table_alone(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                           const ddl::QualifiedName& table) {
  const ObjectKey key = model.relation(table);
  const auto current = model.current(key);
  if (!current || !current->fresh || !current->complete || current->kind != ddl::ObjectKind::table) return false;
  // (a domain's CHECK or DEFAULT may call a function that writes rows, where there is one)
  const bool writing = reaches_writing_function(catalog, model);
  for (const ExpectedObject& object : model.objects()) {
    if (!object.present || object.key.schema != key.schema || object.key.parent != key.name) continue;
    if (object.key.space == Space::trigger) return false;
    if (writing && object.column && !object.column->type.empty() && !plain_or_enum(catalog, model, object.column->type)) {
      return false;
    }
    if (object.column && ((object.column->default_expression &&
                           ddl::calls_users_function(*object.column->default_expression)) ||
                          (object.column->generated_expression &&
                           ddl::calls_users_function(*object.column->generated_expression)))) {
      return false;
    }
    if (object.constraint && ddl::calls_users_function(object.constraint->expression)) return false;
  }
  return true;
}

// Whether a declaration runs a function of the user's as it is made (on an
// existing table: the facts do not say which, so any): an added column's
// DEFAULT or generated expression, a CHECK it validates, an index's
// elements or WHERE.
bool evaluates_users_function(const ddl::Declaration& d) {
  // (a CREATE TABLE's columns and constraints lock nothing: its table has no row to run them on)
  if (d.action == ddl::Action::drop || d.impact.locks.empty()) return false;
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::create && d.column) {
    for (const auto* expression : {&d.column->default_expression, &d.column->generated_expression}) {
      if (*expression && ddl::calls_users_function(**expression)) return true;
    }
  }
  if (d.constraint && d.constraint->kind == ddl::ConstraintKind::check && !d.constraint->not_valid &&
      ddl::calls_users_function(d.constraint->expression)) {
    return true;
  }
  // (an EXCLUDE's elements and WHERE, which its index evaluates over the rows)
  if (d.constraint && d.constraint->kind == ddl::ConstraintKind::exclusion &&
      (ddl::calls_users_function(d.constraint->expression) || ddl::calls_users_function(d.constraint->where))) {
    return true;
  }
  if (d.index) {
    for (const auto& element : d.index->elements) {
      if (ddl::calls_users_function(element)) return true;
    }
    if (ddl::calls_users_function(d.index->where)) return true;
  }
  return false;
}

// Whether a function of the target's that may write rows is an operator
// class's support function or an operator's, which an index build calls
// (and an exclusion constraint's check) where no statement names it.
bool index_support_may_write(const CatalogSnapshot& catalog) {
  return std::any_of(catalog.routines.begin(), catalog.routines.end(),
                     [](const CatalogRoutine& routine) { return routine.may_write_rows && routine.index_support; });
}

// Whether ANALYZE, VACUUM, CLUSTER or REINDEX may run a function that
// writes rows: one of the target's that an index's or extended
// statistics' expression calls. (One the run made and an index of the run
// calls ran as that was built.)
bool maintenance_may_write(const CatalogSnapshot& catalog) {
  return std::any_of(catalog.routines.begin(), catalog.routines.end(),
                     [](const CatalogRoutine& routine) { return routine.may_write_rows && routine.indexed; });
}

// Whether a declaration may change rows: ALTER COLUMN ... TYPE (new values;
// equal ones may differ after; its partitions' and children's too, and a
// foreign key to it reads them), a DROP TABLE of one the target has (a
// partition, an inheritance child), DETACH PARTITION, NO INHERIT, CREATE
// TABLE AS, an ALTER COLUMN form not modelled (SET EXPRESSION). Within its ALTER TABLE, every subcommand's check sees the rows
// after a type change (PostgreSQL checks them once it rewrote them).
bool changes_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ddl::Declaration& d,
                  std::string* why = nullptr) {
  const auto say = [why](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return true;
  };
  if (d.table && d.table->as_query) return say("its query may run functions that write rows");
  if (d.kind == ddl::ObjectKind::materialized_view && d.action == ddl::Action::create && d.view &&
      !d.view->with_no_data) {
    return say("its query may run functions that write rows");
  }
  if (d.change == ddl::Change::set_type) return say("ALTER COLUMN ... TYPE writes each row's value anew");
  // A function of the user's that it runs, over the table's rows or once (a
  // CHECK it validates, an added column's DEFAULT or generated expression,
  // an index's expression or WHERE), may change any table's rows.
  if (evaluates_users_function(d)) return say("it runs a function of the user's, which may write rows");
  // An index it builds (a key's too) over rows: its operator classes' support functions, an exclusion's operators.
  const bool builds_index = d.action == ddl::Action::create &&
                            (d.kind == ddl::ObjectKind::index ||
                             (d.kind == ddl::ObjectKind::constraint && d.constraint &&
                              ddl::has_own_index(d.constraint->kind)));
  if (builds_index && index_support_may_write(catalog)) {
    return say("the index it builds may call an operator's or operator class's function that writes rows");
  }
  // VALIDATE CONSTRAINT of the target's CHECK that calls one (its definition is the catalog's)
  if (d.kind == ddl::ObjectKind::constraint && d.action == ddl::Action::alter && d.change == ddl::Change::validate) {
    const std::string calls = "the CHECK it validates calls a function of the user's, which may write rows";
    // (one the run added NOT VALID: its ADD evaluated nothing)
    const ObjectKey table = model.relation(d.parent);
    const auto made = model.current(ObjectKey{Space::constraint, table.schema, table.name, d.name.name, ""});
    if (made && made->present && made->constraint && made->constraint->kind == ddl::ConstraintKind::check &&
        ddl::calls_users_function(made->constraint->expression)) {
      return say(calls);
    }
    const CatalogRelation* relation = catalog.find_relation(d.parent.schema, d.parent.name);
    for (const CatalogConstraint& constraint : relation ? relation->constraints : std::vector<CatalogConstraint>{}) {
      if (constraint.name == d.name.name && constraint.type == 'c' &&
          ddl::calls_users_function(check_expression(constraint.definition))) {
        return say(calls);
      }
    }
  }
  // An ALTER COLUMN form the facts do not model (PostgreSQL 17's SET EXPRESSION recomputes a generated column).
  if (d.kind == ddl::ObjectKind::column && d.action == ddl::Action::alter && d.change == ddl::Change::other) {
    return say("preflight does not follow this ALTER COLUMN form (SET EXPRESSION recomputes a column)");
  }
  if (d.kind == ddl::ObjectKind::table && d.action == ddl::Action::drop) {
    // (one the run made held what it put there)
    return catalog.find_relation(d.name.schema, d.name.name) != nullptr &&
           say("the rows of a table it drops go (from its parent too, a partition's or an inheritance child's)");
  }
  // (ATTACH PARTITION and INHERIT bring a table's rows, such as an INSERT
  // made in a table the run created, under another)
  const bool moves = std::any_of(d.impact.locks.begin(), d.impact.locks.end(), [](const ddl::TableLock& lock) {
    return lock.reason.starts_with("DETACH PARTITION") || lock.reason.starts_with("ATTACH PARTITION") ||
           lock.reason == "INHERIT / NO INHERIT";
  });
  return moves && say("it moves a table's rows under another or out of it (ATTACH, DETACH, INHERIT, NO INHERIT)");
}

// The target's table that `table` stands for as the model has it before the
// declaration, a table there (not a view, nor a foreign table); nullptr for
// one the run made.
const CatalogRelation* live_table(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                  const ObjectKey& table) {
  const auto current = model.current(table);
  if (!current || current->fresh || !current->present || !current->origin) return nullptr;
  const CatalogRelation* relation = catalog.find_relation(current->origin->schema, current->origin->name);
  if (relation == nullptr || (relation->kind != 'r' && relation->kind != 'p')) return nullptr;
  // A partitioned table may have a foreign table for a partition, which its
  // ALTER TABLE never reads and preflight must not ask another server about.
  const bool foreign_tables = std::any_of(catalog.relations.begin(), catalog.relations.end(),
                                          [](const CatalogRelation& other) { return other.kind == 'f'; });
  if (relation->kind == 'p' && foreign_tables) return nullptr;
  return relation;
}

// The target's column that `column` of `table` stands for; nullopt for one
// the run made (it holds what the run put there, which the target cannot say).
std::optional<ObjectKey> live_column(const ExpectedSchema& model, const ObjectKey& table, const std::string& column) {
  const auto current = model.current(ObjectKey{Space::column, table.schema, table.name, column, {}});
  if (!current || current->fresh || current->unknown || !current->present || !current->origin) return std::nullopt;
  return current->origin;
}

const CatalogColumn* column_of(const CatalogRelation& relation, const std::string& name) {
  const auto found = std::find_if(relation.columns.begin(), relation.columns.end(),
                                  [&name](const CatalogColumn& c) { return c.name == name; });
  return found == relation.columns.end() ? nullptr : &*found;
}

// The first of `columns` of `table` (as the run names them) whose type the
// run changed from the target's so that distinct values may be equal
// (ddl::may_equate_values), as "users.email (text to citext)": the target's
// rows, read under the old type, do not tell. "" when none did (integer to
// bigint keeps them apart), or a type is not known.
std::string retyped_column(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ObjectKey& table,
                           const std::string& table_name, const std::vector<std::string>& columns) {
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr) return {};
  for (const std::string& column : columns) {
    const auto current = model.current(ObjectKey{Space::column, table.schema, table.name, column, {}});
    const auto live = live_column(model, table, column);
    if (!live || !current->type_known || !current->column) continue;
    const CatalogColumn* target = column_of(*relation, live->name);
    if (target == nullptr || !ddl::may_equate_values(target->type, *current->column)) continue;
    return table_name + "." + ddl::quote_identifier(column) + " (" + target->type + " to " + current->column->type +
           ")";
  }
  return {};
}

// Whether the run made a trigger on `table` (which the target's catalog does not list).
// Where a data statement's check says why preflight cannot follow it (the
// warnings after it name the statement with this reason): say() keeps the
// first reason given, if asked for one, and is the check's nullopt.
struct NotFollowed {
  std::string* reason = nullptr;
  std::nullopt_t say(std::string text) const {
    if (reason != nullptr && reason->empty()) *reason = std::move(text);
    return std::nullopt;
  }
};

bool run_made_trigger(const ExpectedSchema& model, const ObjectKey& table) {
  return std::any_of(model.objects().begin(), model.objects().end(), [&table](const ExpectedObject& object) {
    return object.present && object.key.space == Space::trigger && object.key.schema == table.schema &&
           object.key.parent == table.name;
  });
}

// The target's triggers of `relation` (the model's `table`) that the run
// has not dropped.
std::vector<const CatalogTrigger*> live_triggers(const ExpectedSchema& model, const CatalogRelation& relation,
                                                 const ObjectKey& table) {
  std::vector<const CatalogTrigger*> live;
  for (const CatalogTrigger& trigger : relation.triggers) {
    const bool dropped = std::any_of(model.objects().begin(), model.objects().end(), [&](const ExpectedObject& o) {
      return !o.present && o.key.space == Space::trigger && o.key.name == trigger.name &&
             o.key.schema == relation.schema && (o.key.parent == relation.name || o.key.parent == table.name);
    });
    if (!dropped) live.push_back(&trigger);
  }
  return live;
}

// Whether an INSERT into `table` adds rows to a plain or partitioned table
// of the target's and does nothing else: no trigger on INSERT that may write
// rows (one whose function writes none changes or skips the row at most),
// nor rule of it there (of
// a partitioned one, of its partitions either, where its rows go; none of
// them made by the run), no trigger made by the run, no column DEFAULT or
// CHECK of it there calling a function of the user's (which may change
// other tables); a rule the run made is the caller's to know, and a DEFAULT
// or CHECK the run gave it fills_new_table_alone's.
bool adds_rows_alone(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ddl::QualifiedName& table) {
  const ObjectKey key = model.relation(table);
  const CatalogRelation* relation = live_table(catalog, model, key);
  if (relation == nullptr || (relation->kind != 'r' && relation->kind != 'p')) return false;
  std::vector<std::pair<ObjectKey, const CatalogRelation*>> reached = {{key, relation}};
  if (relation->kind == 'p') {
    for (const auto& partition : model.inheriting_tables(key)) {
      if (partition.live == nullptr) return false;
      reached.emplace_back(partition.key, partition.live);
    }
  }
  const auto calls = [](const CatalogRelation& r) {
    return std::any_of(r.columns.begin(), r.columns.end(), [](const CatalogColumn& c) {
             return c.default_expression && ddl::calls_users_function(*c.default_expression);
           }) ||
           std::any_of(r.constraints.begin(), r.constraints.end(), [](const CatalogConstraint& c) {
             return c.type == 'c' && ddl::calls_users_function(check_expression(c.definition));
           });
  };
  const auto run_calls = [&model](const ObjectKey& at) {
    return std::any_of(model.objects().begin(), model.objects().end(), [&at](const ExpectedObject& o) {
      if (!o.present || o.key.schema != at.schema || o.key.parent != at.name) return false;
      return (o.column && o.column->default_expression && ddl::calls_users_function(*o.column->default_expression)) ||
             (o.constraint && ddl::calls_users_function(o.constraint->expression));
    });
  };
  // (a trigger that may write rows as it inserts: an audit trigger's, another table's; one that changes the row
  // or skips it adds its own rows at most)
  const auto writes = [&model](const CatalogRelation& r, const ObjectKey& at) {
    const auto triggers = live_triggers(model, r, at);
    return std::any_of(triggers.begin(), triggers.end(),
                       [](const CatalogTrigger* t) { return t->on_insert && t->may_write_rows; });
  };
  return std::none_of(reached.begin(), reached.end(), [&](const auto& at) {
    const CatalogRelation& r = *at.second;
    return writes(r, at.first) || r.has_rules || calls(r) || run_calls(at.first) || run_made_trigger(model, at.first);
  });
}

// A question about the rows of the target's table that `table` stands for,
// and the target's names of `columns` of it; nullopt when the table or one
// of the columns is not the target's (or not of that table there).
// `reaches_children`: the statement reaches a plain table's inheritance
// children too (RowDemand::reaches_children).
// The columns of `table` (as the model names them) that each row an INSERT
// of `listed` columns adds holds NULL in: those it does not list, of a
// built-in type or an enum (a domain may have a DEFAULT), with no DEFAULT,
// identity, serial or generated expression, as the run leaves them before
// it. None where a trigger or rule may give the row other values, or where
// a column is not known (a table the run made LIKE another).
std::vector<std::string> null_columns_of_insert(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                                const ObjectKey& table, const std::vector<std::string>& listed,
                                                const RowsSeen& seen) {
  const auto made = model.current(table);
  if (!made || !made->present || seen.rule_made || run_made_trigger(model, table)) return {};
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr && (!made->fresh || !made->complete)) return {};
  if (relation != nullptr && (relation->has_rules || !live_triggers(model, *relation, table).empty())) return {};
  const auto unlisted = [&listed](const std::string& name) {
    return std::find(listed.begin(), listed.end(), name) == listed.end();
  };
  const auto no_value = [&](const ddl::ColumnSpec& spec) {
    return !spec.not_null && !spec.default_expression && !spec.serial && spec.identity == ddl::IdentityKind::none &&
           !spec.generated_expression && plain_or_enum(catalog, model, spec.declared_type);
  };
  // (the target's column, with `default_expression` as the run leaves it)
  const auto live_no_value = [&](const CatalogColumn& live, bool has_default) {
    return !live.not_null && !has_default && live.identity == '\0' && live.generated == '\0' &&
           plain_or_enum(catalog, model, live.type);
  };
  std::vector<std::string> out;
  std::set<std::string> read;
  for (const ExpectedObject& o : model.objects()) {
    if (o.key.space != Space::column || o.key.schema != table.schema || o.key.parent != table.name) continue;
    read.insert(o.key.name);
    if (!o.present || !unlisted(o.key.name)) continue;
    if (o.unknown || !o.column) return {};
    // (the run's column (of a table it made, or one it added: no target's column it stands for), all its
    // attributes known; or the target's whose DEFAULT the run set or dropped)
    const bool runs = o.fresh || !o.origin;
    if (runs && o.type_known && o.default_known && o.nullability_known && no_value(*o.column)) {
      out.push_back(o.key.name);
    }
    if (runs || relation == nullptr || !o.default_known || o.column->default_expression) continue;
    const CatalogColumn* live = column_of(*relation, o.origin->name);
    if (live != nullptr && live_no_value(*live, false)) out.push_back(o.key.name);
  }
  if (relation == nullptr) return out;
  for (const CatalogColumn& live : relation->columns) {
    // (one the run renamed, dropped or altered is the model's, read above)
    if (read.count(live.name) != 0 || !unlisted(live.name)) continue;
    const auto as_live = live_column(model, table, live.name);
    if (as_live && as_live->name != live.name) continue;
    if (live_no_value(live, live.default_expression.has_value())) out.push_back(live.name);
  }
  return out;
}

std::optional<RowCheck> live_question(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                      const ObjectKey& table, RowCheckKind kind,
                                      const std::vector<std::string>& columns, bool reaches_children = false) {
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr) return std::nullopt;
  RowCheck question;
  question.kind = kind;
  question.schema = relation->schema;
  question.table = relation->name;
  question.with_children = relation->kind == 'p' || reaches_children;
  for (const auto& column : columns) {
    const auto live = live_column(model, table, column);
    if (!live || live->schema != relation->schema || live->parent != relation->name) return std::nullopt;
    if (column_of(*relation, live->name) == nullptr) return std::nullopt;
    question.columns.push_back(live->name);
  }
  return question;
}

// The column `column` the run added to `relation` (the target's table
// `table` as the model has it), where the table's followed rows hold it
// (RowsSeen::added) and it is still that column (not dropped, renamed away
// or replaced); nullptr otherwise.
const RowsSeen::AddedColumn* added_column(const ExpectedSchema& model, const RowsSeen& seen,
                                          const CatalogRelation& relation, const ObjectKey& table,
                                          const std::string& column) {
  const auto added = seen.added.find({relation.schema, relation.name});
  if (added == seen.added.end()) return nullptr;
  const auto found = std::find_if(added->second.begin(), added->second.end(),
                                  [&column](const RowsSeen::AddedColumn& c) { return c.name == column; });
  if (found == added->second.end() || found->gone) return nullptr;
  const auto current = model.current(ObjectKey{Space::column, table.schema, table.name, column, {}});
  // (the run's: no column of the target's it stands for)
  return current && current->present && !current->unknown && !current->origin ? &*found : nullptr;
}

// The names of the columns the run added to `relation` that its followed
// rows hold (RowsSeen::added), and that are still theirs, as
// target_evaluates takes them.
std::map<std::string, std::string> added_names(const RowsSeen& seen, const CatalogRelation& relation) {
  std::map<std::string, std::string> out;
  const auto added = seen.added.find({relation.schema, relation.name});
  if (added == seen.added.end()) return out;
  for (const auto& column : added->second) {
    if (!column.gone) out[column.name] = column.name;  // (a name no longer it may be another column's)
  }
  return out;
}

// live_question, where a column may also be one the run added whose value
// in each row preflight follows (added_column): asked, as any question of
// that table then is, about its rows as the run leaves them.
std::optional<RowCheck> rows_question(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                      const RowsSeen& seen, const ObjectKey& table, RowCheckKind kind,
                                      const std::vector<std::string>& columns, bool reaches_children = false) {
  if (auto question = live_question(catalog, model, table, kind, columns, reaches_children)) return question;
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr || seen.added.count({relation->schema, relation->name}) == 0) return std::nullopt;
  auto question = live_question(catalog, model, table, kind, {}, reaches_children);
  if (!question) return std::nullopt;
  for (const auto& column : columns) {
    if (added_column(model, seen, *relation, table, column) != nullptr) {
      question->columns.push_back(column);
      continue;
    }
    const auto target = live_question(catalog, model, table, kind, {column}, reaches_children);
    if (!target) return std::nullopt;
    question->columns.push_back(target->columns.front());
  }
  return question;
}

// How a finding says a question, its answer and what fixes it.
struct Words {
  std::string fact;      // "users.email holds NULL in rows of the target"
  std::string question;  // "whether users.email holds NULL"
  std::string sqlstate;
  std::string fix;       // what a statement before it must do: "fill them"
  std::string fixes;     // what may happen before it: "fills them"
  std::string advice{};  // in place of "a statement before it must <fix>" where that is not the fix
  // A question not read (too long, no privilege) goes unsaid: an UPDATE's
  // own, which PostgreSQL asks as it runs, need not hold up the report.
  bool quiet_when_unread = false;
};

// `table` and `columns` as the statement names them, `referenced` the table a
// foreign key names.
Words words_for(const RowCheckKind kind, const std::string& table, const std::vector<std::string>& columns,
                const std::string& referenced, bool validates = false, bool match_full = false) {
  const std::string not_valid = validates
                                    ? ", or leave the constraint NOT VALID (it checks new rows all the same)"
                                    : ", or the constraint be added NOT VALID (the rows there now are then not checked)";
  switch (kind) {
    case RowCheckKind::nulls: {
      const std::string column = table + "." + ddl::quote_identifier(columns.front());
      return {column + " holds NULL in rows of the target", "whether " + column + " holds NULL", "23502", "fill them",
              "fills them"};
    }
    case RowCheckKind::duplicates:
      return {table + " has rows that share a value of (" + column_list(columns) + ") on the target",
              "whether rows of " + table + " share a value of (" + column_list(columns) + ")", "23505",
              "remove the duplicates", "removes the duplicates"};
    case RowCheckKind::violations:
      return {"rows of " + table + " on the target fail it", "whether every row of " + table + " passes it", "23514",
              "fix them" + not_valid, "fixes them"};
    case RowCheckKind::conversion:
      return {"a row of " + table + " on the target does not convert", "whether every row of " + table + " converts",
              "", "fix such rows", "fixes them"};
    case RowCheckKind::any_row:
      return {table + " has rows on the target", "whether " + table + " has any row", "23502", "empty it",
              "empties it", "give the column a DEFAULT, or add it nullable, fill it, then SET NOT NULL"};
    case RowCheckKind::conflicts:
      return {"two rows of " + table + " on the target conflict", "whether two rows of " + table + " conflict",
              "23P01", "change or remove the conflicting rows", "changes them"};
    case RowCheckKind::present:
      return {table + " has a row on the target with the (" + column_list(columns) + ") of a row it inserts",
              "whether a row of " + table + " has the (" + column_list(columns) + ") of a row it inserts",
              "23505", "delete that row", "deletes it",
              "a statement before it must delete that row, or the INSERT take ON CONFLICT DO NOTHING (which also "
              "lets the file run twice)"};
    case RowCheckKind::orphans:
      break;
  }
  // (MATCH FULL: or rows that set some of them and not all)
  const std::string mixed = match_full ? ", or that set some of them and not all (MATCH FULL)," : "";
  return {table + " has rows whose (" + column_list(columns) + ") no row of " + referenced + " holds" + mixed +
              " on the target",
          "whether every row's (" + column_list(columns) + ") of " + table + " is in " + referenced, "23503",
          "fix them" + not_valid, "fixes them"};
}

void report(const RowCheck& answer, const RowDemand& demand, const Words& words, const std::string& changed_at,
            const std::string& location, FindingList& findings) {
  if (!answer.found) {
    // (a question the target could not take as asked: nothing to say)
    if (answer.unread.empty() || words.quiet_when_unread) return;
    findings.add(Severity::warning,
                 "not checked " + words.question + " on the target, on which " + demand.what +
                     " fails: " + answer.unread,
                 location);
    return;
  }
  if (!*answer.found) {
    // (a table with no row now, which what runs before may fill: the shadow's rows are the run's alone)
    if (answer.kind == RowCheckKind::any_row && !changed_at.empty()) {
      findings.add(Severity::warning,
                   "the table has no row on the target, but " + demand.what +
                       " fails if what runs before it adds one (" + RowsSeen::may_change(changed_at) +
                       "; preflight cannot see which)",
                   location);
    }
    return;
  }
  if (!changed_at.empty()) {
    findings.add(Severity::warning,
                 words.fact + ": " + demand.what + " fails unless what runs before it " + words.fixes + " (" +
                     RowsSeen::may_change(changed_at) + "; preflight cannot see which)",
                 location);
    return;
  }
  // (a conversion's failure is the server's own error for such a row, its SQLSTATE in it)
  const std::string why = answer.kind == RowCheckKind::conversion ? ": " + answer.failure
                                                                  : " (SQLSTATE " + words.sqlstate + ")";
  std::string message = demand.what + " fails: " + words.fact + why + "; " +
                        (words.advice.empty() ? "a statement before it must " + words.fix : words.advice);
  if (demand.concurrently) message += " (and a failed CREATE INDEX CONCURRENTLY leaves an INVALID index)";
  findings.add(Severity::error, std::move(message), location);
}

// The facts a check reports with, and where the questions it cannot answer go.
struct Asking {
  const CatalogSnapshot& catalog;
  const RowDemand& demand;
  const std::string& location;
  const std::string& changed_at;
  const std::set<std::pair<std::string, std::string>>& emptied;
  std::vector<RowCheck>& unasked;
  FindingList& findings;
  // where a statement before it changed the rows of one table alone (RowsSeen::tables_changed_at)
  const std::map<std::pair<std::string, std::string>, std::string>& tables_changed_at;
  // the tables whose changes preflight followed (RowsSeen::followed)
  const std::map<std::pair<std::string, std::string>, RowsSeen::FollowedRows>& followed;
  // Where a statement before it may have changed or removed rows, not only
  // added some (RowsSeen::removed_at, tables_removed_at): rows added fix no
  // row that fails a check of their table. nullptr: not told apart.
  const std::string* removed_at = nullptr;
  const std::map<std::pair<std::string, std::string>, std::string>* tables_removed_at = nullptr;

  // Whether `question` may ask about its table's rows as the run's followed
  // changes leave them: not a conflict's (which reads their ctid). An
  // orphan's asks about the referenced table's rows so too.
  static bool follows(const RowCheck& question) { return question.kind != RowCheckKind::conflicts; }

  // Where a statement before it may have changed the rows `question` reads
  // (its table's, and a foreign key's referenced table's) as preflight
  // cannot see; "": none.
  // With `failing` (the target's rows fail it), of its own table's rows,
  // where only a change or removal could have fixed them: not where rows
  // were only added (but for a foreign key, whose referenced rows an INSERT
  // may add, and a question whether there is any row, which one may answer).
  std::string changed_for(const RowCheck& question, bool failing = false) const {
    const bool adds_fix_none = failing && removed_at != nullptr && question.kind != RowCheckKind::any_row &&
                               question.kind != RowCheckKind::orphans;
    const std::string& anywhere = adds_fix_none ? *removed_at : changed_at;
    if (!anywhere.empty()) return anywhere;
    const auto& tables = adds_fix_none ? *tables_removed_at : tables_changed_at;
    for (const auto& table : {std::make_pair(question.schema, question.table),
                              std::make_pair(question.referenced_schema, question.referenced_table)}) {
      if (const auto found = tables.find(table); found != tables.end()) return found->second;
      const auto edited = followed.find(table);
      // (the followed rows of a table the run only added columns to are its rows)
      if (edited != followed.end() && !follows(question) && !edited->second.where.empty()) {
        return edited->second.where;
      }
    }
    return {};
  }

  // `question` as it is asked: about its table's rows as followed changes leave them.
  RowCheck as_asked(RowCheck question) const {
    const auto edited = followed.find({question.schema, question.table});
    if (edited != followed.end() && follows(question)) question.rows_as = edited->second.rows;
    if (question.kind == RowCheckKind::orphans) {
      const auto referenced = followed.find({question.referenced_schema, question.referenced_table});
      if (referenced != followed.end()) question.referenced_rows_as = referenced->second.rows;
    }
    return question;
  }
};

// Reports the answer to `question`; one the catalog lacks is for the engine to ask.
void answer(const Asking& asking, const RowCheck& asked, const Words& said) {
  // (a table a TRUNCATE emptied has no row to fail on, nor to ask about)
  if (asking.emptied.count({asked.schema, asked.table}) != 0) return;
  const RowCheck question = asking.as_asked(asked);
  Words words = said;
  // (an orphan's question whose referenced rows alone were followed: as the edits of that table leave them)
  const std::string& last =
      !question.rows_as.empty()            ? asking.followed.at({question.schema, question.table}).last
      : !question.referenced_rows_as.empty() ? asking.followed.at({question.referenced_schema, question.referenced_table})
                                                   .last
                                             : asking.location;
  if (last != asking.location) words.fact += ", as " + last + " leaves them";
  if (const RowCheck* found = asking.catalog.find_row_check(question)) {
    report(*found, asking.demand, words, asking.changed_for(question, found->found.value_or(false)), asking.location,
           asking.findings);
    return;
  }
  const bool listed = std::any_of(asking.unasked.begin(), asking.unasked.end(),
                                  [&question](const RowCheck& check) { return check.asks_as(question); });
  if (!listed) asking.unasked.push_back(question);
}

// Whether the target evaluates `expression` (a CHECK's, a USING's) over
// `table`'s rows as the run would: no subquery (a CHECK refuses one), no
// function but PostgreSQL's own stable ones (a user's may be another in the
// run, or found by another search_path), and each of the table's columns it
// names is the target's of that name (not one the run added, renamed or
// swapped).
bool target_evaluates(const ExpectedSchema& model, const ObjectKey& table, const std::string& expression,
                      const std::map<std::string, std::string>& added_values = {}) {
  const auto tokens = lexer::tokenize(expression);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    if (token.is_name() && added_values.count(token.value) != 0 &&
        !(i + 1 < tokens.size() && tokens[i + 1].is_punct("("))) {
      continue;
    }
    if (token.is_word("select") || token.is_word("with") || token.is_word("values") || token.is_word("table")) {
      return false;
    }
    if (!token.is_name()) continue;
    if (ddl::calls_other_than_stable_builtin(tokens, i)) return false;
    if (i + 1 < tokens.size() && tokens[i + 1].is_punct("(")) continue;  // a function's name, or syntax
    const ObjectKey column{Space::column, table.schema, table.name, token.value, {}};
    const auto current = model.current(column);
    if (!current) continue;  // not a column of the table: a keyword, a type, a literal's
    const auto live = live_column(model, table, token.value);
    if (!live || live->name != token.value) return false;
  }
  return true;
}

// A type whose values read or print otherwise under another DateStyle,
// TimeZone, IntervalStyle or lc_monetary (a format_type or a type as written).
bool reads_settings(const std::string& type) {
  for (const char* word : {"date", "time", "interval", "money", "abstime"}) {
    if (type.find(word) != std::string::npos) return true;
  }
  return false;
}

// The type named at tokens[at] on (after :: or CAST's AS), as written:
// its words ("double precision"), dots and any (typmod) and [].
std::string type_at(const std::vector<lexer::Token>& tokens, std::size_t at) {
  std::string out;
  int depth = 0;
  for (; at < tokens.size(); ++at) {
    const lexer::Token& token = tokens[at];
    if (token.is_punct("(") || token.is_punct("[")) {
      ++depth;
    } else if ((token.is_punct(")") || token.is_punct("]")) && depth > 0) {
      --depth;
    } else if (depth == 0 && !token.is_name() && !token.is_punct(".")) {
      break;
    }
    if (!out.empty() && !token.is_punct(".") && out.back() != '.' && depth == 0) out += ' ';
    out.append(token.text);
  }
  return out;
}

// Whether an expression (and the type a value is converted to, if any)
// evaluated in preflight's own session means what it means where the
// statement runs, after what the run did before it (`seen`); a warning that
// it was not checked when not. After a SET of another setting, it does
// unless it may read one: a string or a cast, a function, the clock, a
// column of a type that reads them; after a SET of search_path or a type
// the run made, unless it names a type of the user's.
bool evaluated_alike(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ObjectKey& table,
                     const RowsSeen& seen, const std::string& expression, const std::string& type,
                     const std::string& what, const std::string& location, FindingList& findings,
                     const std::string& question = "") {
  // (words before a parenthesis that call nothing)
  static const std::set<std::string, std::less<>> grouping = {"in", "any", "some", "all", "exists", "and", "or",
                                                               "not", "array", "row", "between", "is"};
  const auto tokens = lexer::tokenize(expression);
  std::vector<std::string> types;  // the types it names (and converts to)
  if (!type.empty()) types.push_back(type);
  bool settings_read = !type.empty() && reads_settings(ddl::normalize_type(type));
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    if (token.is_punct("::")) types.push_back(type_at(tokens, i + 1));
    if (token.is_word("as") && i > 0) types.push_back(type_at(tokens, i + 1));  // CAST(... AS type)
    if (token.is_word("treat")) types.push_back("treat");  // (TREAT(... AS type): not followed)
    if (token.kind == lexer::TokenKind::string || token.kind == lexer::TokenKind::dollar_string ||
        token.is_punct("::") || token.is_word("cast") || token.is_word("current_date") ||
        token.is_word("current_time") || token.is_word("current_timestamp") || token.is_word("localtime") ||
        token.is_word("localtimestamp") || (i + 1 < tokens.size() && tokens[i + 1].is_punct("(") && token.is_name() &&
                                            !grouping.count(token.value))) {
      settings_read = true;
    } else if (token.is_name() && model.current(ObjectKey{Space::column, table.schema, table.name, token.value, {}})) {
      const auto origin = live_column(model, table, token.value);
      const CatalogRelation* relation = origin ? catalog.find_relation(origin->schema, origin->parent) : nullptr;
      const CatalogColumn* column = relation ? column_of(*relation, origin->name) : nullptr;
      // (a column the run made: its type unknown here)
      if (column == nullptr || reads_settings(column->type)) settings_read = true;
    }
  }
  const bool user_type = std::any_of(types.begin(), types.end(), [](const std::string& name) {
    return name == "treat" || ddl::user_type_name(ddl::normalize_type(name)).has_value();
  });
  const bool alike = !(seen.evaluation_changed && settings_read) && !(seen.type_names_changed && user_type);
  if (!alike) {
    const std::string why = "a SET, or a function or type the run made, before it changes how the target would "
                            "evaluate it";
    findings.add(Severity::warning,
                 question.empty() ? "not checked whether the target's rows pass " + what + " (" + why + ")"
                                  : "not checked " + question + " on the target, on which " + what + " fails: " + why,
                 location);
  }
  return alike;
}

// `value` converted to `type` as ALTER COLUMN ... TYPE converts it: as an
// assignment, where a string too long for varchar(n) or char(n) fails (a
// cast cuts it short); the length coercion told it is no explicit cast fails
// as the ALTER would.
std::string assigned(const std::string& value, const std::string& type) {
  std::string lower;
  for (char c : type) {
    if (c != ' ') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto open = lower.find('(');
  if (open == std::string::npos || lower.back() != ')') return "CAST(" + value + " AS " + type + ")";
  const std::string base = lower.substr(0, open);
  const std::string length = lower.substr(open + 1, lower.size() - open - 2);
  const bool digits = !length.empty() && length.size() < 9 &&
                      std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
  std::string function;
  if (base == "varchar" || base == "charactervarying") function = "varchar";
  if (base == "char" || base == "character" || base == "bpchar") function = "bpchar";
  if (!digits || function.empty()) return "CAST(" + value + " AS " + type + ")";
  // (the typmod of varchar(n) and char(n) is n plus the 4 bytes of a varlena header)
  return "pg_catalog." + function + "(CAST(" + value + " AS pg_catalog." + function + "), " +
         std::to_string(std::stol(length) + 4) + ", false)";
}

// `expression` with each column of `values` replaced by its value.
std::string with_values(const std::string& expression, const std::map<std::string, std::string>& values) {
  if (values.empty()) return expression;
  const auto tokens = lexer::tokenize(expression);
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    const auto found = token.is_name() ? values.find(token.value) : values.end();
    if (found == values.end() || (i + 1 < tokens.size() && tokens[i + 1].is_punct("("))) continue;
    out += expression.substr(copied, token.offset - copied) + "(" + found->second + ")";
    copied = token.offset + token.text.size();
  }
  return out + expression.substr(copied);
}

// The value each row the target has gets in a column `added` (ADD COLUMN)
// to `table`, as SQL ("CAST((0) AS integer)"): its DEFAULT where that is a
// constant (a literal or NULL, with a cast), NULL where it has none;
// nullopt for an identity, generated or serial column, IF NOT EXISTS (the
// column may be the target's, with its rows' own values), a type of the
// user's (a domain's DEFAULT, or another type of that name in preflight's
// session), and anything else.
std::optional<std::string> added_value(const ddl::Declaration& added, const ddl::QualifiedName& table) {
  if (added.kind != ddl::ObjectKind::column || added.action != ddl::Action::create || !added.column ||
      !(added.parent == table) || added.if_not_exists) {
    return std::nullopt;
  }
  const ddl::ColumnSpec& column = *added.column;
  if (column.declared_type.empty() || column.serial || column.identity != ddl::IdentityKind::none ||
      column.generated_expression || ddl::user_type_name(column.type)) {
    return std::nullopt;
  }
  const std::string value = column.default_expression.value_or("NULL");
  const ddl::Term term = ddl::parse_term(value);
  if (term.kind != ddl::Term::Kind::literal && term.kind != ddl::Term::Kind::null) return std::nullopt;
  if (ddl::user_type_name(term.cast)) return std::nullopt;
  return "CAST((" + value + "\n) AS " + column.declared_type + ")";
}

// The columns `statement` adds to `d`'s table up to `d` (itself too), with
// the value each row the target has gets (added_value; RowDemand::added_values).
std::map<std::string, std::string> added_values(const ddl::StatementFacts& statement, const ddl::Declaration& d) {
  std::map<std::string, std::string> out;
  for (const auto& other : statement.declarations) {
    if (&other != &d && other.location.offset > d.location.offset) break;
    if (auto value = added_value(other, d.parent)) out[other.name.name] = std::move(*value);
    if (&other == &d) break;
  }
  return out;
}

// ALTER TABLE ... ADD COLUMN with CHECKs of its own: each row the target
// has gets the column's DEFAULT, which they must pass (added_values).
std::optional<RowDemand> added_column_demand(const ddl::Declaration& d) {
  if (d.kind != ddl::ObjectKind::column || d.action != ddl::Action::create || !d.column || d.if_not_exists) {
    return std::nullopt;
  }
  RowDemand demand;
  demand.table = d.parent;
  for (const auto& constraint : d.column->constraints) {
    if (constraint.kind != ddl::ConstraintKind::check || constraint.expression.empty() || constraint.not_enforced) {
      continue;
    }
    demand.check += (demand.check.empty() ? "(" : " AND (") + constraint.expression + "\n)";
    demand.reaches_children = demand.reaches_children || !constraint.no_inherit;
  }
  const bool primary_key = std::any_of(d.column->constraints.begin(), d.column->constraints.end(),
                                       [](const auto& c) { return c.kind == ddl::ConstraintKind::primary_key; });
  if (demand.check.empty() && d.column->generated_expression && (d.column->declared_not_null || primary_key)) {
    // A NOT NULL generated column: each row's value is computed as it is
    // added, and one that is NULL fails the statement (23502).
    demand.check = "(" + *d.column->generated_expression + "\n) IS NOT NULL";
    demand.generated_not_null = d.name.name;
    demand.reaches_children = true;
    demand.what = "ADD COLUMN " + ddl::quote_identifier(d.name.name) + " NOT NULL GENERATED";
  }
  if (demand.check.empty()) return std::nullopt;
  demand.reaches_children = demand.reaches_children && !d.parent_only;
  if (demand.generated_not_null.empty()) {
    demand.what = "ADD COLUMN " + ddl::quote_identifier(d.name.name) + " with its CHECK";
  }
  return demand;
}

// Whether the run dropped or added the primary key of `table` before now.
bool primary_key_changed(const ExpectedSchema& model, const ObjectKey& table) {
  return std::any_of(model.objects().begin(), model.objects().end(), [&table](const ExpectedObject& object) {
    return object.key.space == Space::constraint && object.key.schema == table.schema &&
           object.key.parent == table.name && object.constraint &&
           object.constraint->kind == ddl::ConstraintKind::primary_key;
  });
}

// A question of `kind` about the elements `values` of the target's rows of
// `table` within `where`, each as SQL by the target's names (RowCheck::
// columns_as_sql); nullopt where the target cannot evaluate one as the run
// would (a column the run added or renamed, a function of the user's).
std::optional<RowCheck> elements_question(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                          const ObjectKey& table, RowCheckKind kind,
                                          const std::vector<ElementValue>& values, const std::string& where) {
  auto question = live_question(catalog, model, table, kind, {});
  if (!question || !target_evaluates(model, table, where)) return std::nullopt;
  question->columns_as_sql = true;
  question->where = where;
  for (const auto& value : values) {
    std::string sql = value.sql;
    if (value.column.empty()) {
      if (!target_evaluates(model, table, value.sql)) return std::nullopt;
    } else {
      const auto live = live_question(catalog, model, table, kind, {value.column});
      if (!live) return std::nullopt;
      sql = ddl::quote_identifier(live->columns.front());
    }
    question->columns.push_back(value.compared_as.empty() ? sql
                                                          : "CAST((" + sql + ") AS " + value.compared_as + ")");
  }
  return question;
}

// "lower(email), tenant_id": elements as the statement writes them.
std::string value_list(const std::vector<ElementValue>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ", ") + value.sql;
  return out;
}

// The warning that `words.question` was not asked of the target, for `why`.
void not_checked(const Words& words, const RowDemand& demand, const std::string& why, const std::string& location,
                 FindingList& findings) {
  findings.add(Severity::warning,
               "not checked " + words.question + " on the target, on which " + demand.what + " fails (" +
                   words.sqlstate + "): " + why,
               location);
}

// The rows an exclusion with no equality is asked about at most (statistics).
constexpr double max_compared_rows = 20'000;

// A unique index over expressions, or partial (RowDemand::unique_values),
// or EXCLUDE, on the target's table: whether rows repeat or conflict. Where
// the target cannot evaluate it as the run would, a warning that it was
// not checked.
void check_elements(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ObjectKey& table,
                    const std::string& table_name, const RowDemand& demand, const Asking& asking, RowsSeen& seen) {
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr) return;  // one the run made: its rows are the run's
  if (asking.emptied.count({table.schema, table.name}) != 0) return;
  const bool exclusion = !demand.exclusion.empty();
  std::vector<ElementValue> values = demand.unique_values;
  std::vector<std::string> operators;
  for (const auto& [value, op] : demand.exclusion) {
    values.push_back(value);
    operators.push_back(op);
  }
  const std::string& where = exclusion ? demand.exclusion_where : demand.unique_where;
  const RowCheckKind kind = exclusion ? RowCheckKind::conflicts : RowCheckKind::duplicates;
  Words words = words_for(kind, table_name, {}, "");
  if (!exclusion) {
    const std::string within = where.empty() ? "" : " among the rows of its WHERE";
    words.fact = table_name + " has rows that share a value of (" + value_list(values) + ")" + within +
                 " on the target";
    words.question = "whether rows of " + table_name + " share a value of (" + value_list(values) + ")" + within;
  }
  const auto unchecked = [&](const std::string& why) {
    not_checked(words, demand, why, asking.location, asking.findings);
  };
  // Two rows compared with no equality among the operators: each with
  // every other (a nested loop), which would keep a core of the target busy
  // for the 5 s a question may take, and then not answer.
  const bool equality =
      std::any_of(operators.begin(), operators.end(), [](const std::string& op) { return op == "="; });
  if (exclusion && !equality && relation->row_estimate > max_compared_rows) {
    return unchecked("comparing each of its " + format_rows(relation->row_estimate) +
                     " with every other takes too long to ask");
  }
  auto question = elements_question(catalog, model, table, kind, values, where);
  if (!question) {
    return unchecked(std::string(target_evaluates(model, table, where) ? "it" : "its WHERE") +
                     " names a column the run added or changed, or a function of the user's (which preflight does "
                     "not call on the target)");
  }
  question->operators = operators;
  question->nulls_not_distinct = demand.nulls_not_distinct;
  std::string evaluated = where;
  for (const auto& value : values) evaluated += "\n" + value.sql;
  if (!evaluated_alike(catalog, model, table, seen, evaluated, "", demand.what, asking.location, asking.findings,
                       words.question)) {
    return;
  }
  answer(asking, *question, words);
}

// Adds the findings for `demand` at `location` (the model as it stands before
// the declaration): an error where the target's rows make it fail and
// nothing before it (`seen`, or `changed_here`: another subcommand of its
// statement that changes rows) could have changed them; a warning where
// something could, or where the target could not be read. A question
// CatalogSnapshot::row_checks has no answer for goes to `seen.unasked`.
void check_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                const RowDemand& demand, const std::string& location, const std::string& changed_here,
                RowsSeen& seen, FindingList& findings) {
  const ObjectKey table = model.relation(demand.table);
  const std::string& changed_at = seen.changed_at.empty() ? changed_here : seen.changed_at;
  const std::string& removed_at = seen.removed_at.empty() ? changed_here : seen.removed_at;
  const Asking asking{catalog,           demand,        location, changed_at, seen.emptied, seen.unasked, findings,
                      seen.tables_changed_at, seen.followed, &removed_at, &seen.tables_removed_at};
  const std::string table_name = display_name(table, home);  // as the statement names it
  for (const auto& column : demand.not_null) {
    if (const auto nulls = seen.null_rows_added.find({table.schema, table.name});
        changed_here.empty() && nulls != seen.null_rows_added.end() && nulls->second.count(column) != 0) {
      const std::string named = table_name + "." + ddl::quote_identifier(column);
      findings.add(Severity::warning,
                   demand.what + " fails if the INSERT at " + nulls->second.at(column) + " added a row: it sets no " +
                       "value for " + named + ", which has no DEFAULT, so each row it adds holds NULL there " +
                       "(SQLSTATE 23502; preflight cannot see how many rows its query gives); have it set " + named +
                       ", or fill the column before",
                   location);
      continue;
    }
    const auto question =
        rows_question(catalog, model, seen, table, RowCheckKind::nulls, {column}, demand.reaches_children);
    if (!question) continue;
    const CatalogRelation* relation = catalog.find_relation(question->schema, question->table);
    const CatalogColumn* target = column_of(*relation, question->columns.front());
    if (target != nullptr && target->not_null) continue;  // NOT NULL there already
    answer(asking, *question, words_for(question->kind, table_name, {column}, ""));
  }
  if (const std::string retyped = demand.unique.empty()
                                       ? std::string()
                                       : retyped_column(catalog, model, table, table_name, demand.unique);
      !retyped.empty()) {
    not_checked(words_for(RowCheckKind::duplicates, table_name, demand.unique, ""), demand,
                "the run changed the type of " + retyped + ", and which values are equal may change with it",
                location, findings);
  } else if (!demand.unique.empty()) {
    if (auto question = rows_question(catalog, model, seen, table, RowCheckKind::duplicates, demand.unique)) {
      question->nulls_not_distinct = demand.nulls_not_distinct;
      answer(asking, *question, words_for(question->kind, table_name, demand.unique, ""));
    }
  }
  if (!demand.converted.empty() && target_evaluates(model, table, demand.converted) &&
      evaluated_alike(catalog, model, table, seen, demand.converted, demand.converted_type, demand.what, location,
                      findings)) {
    if (auto question = live_question(catalog, model, table, RowCheckKind::conversion, {demand.converted_column},
                                      demand.reaches_children)) {
      question->expression = assigned(demand.converted, demand.converted_type);
      answer(asking, *question, words_for(question->kind, table_name, {}, ""));
    }
  }
  // (the columns it adds with the CHECK as their DEFAULTs; those added before, as the followed rows hold them)
  auto evaluated_names = demand.added_values;
  if (const CatalogRelation* relation = live_table(catalog, model, table)) {
    evaluated_names.merge(added_names(seen, *relation));
  }
  if (!demand.check.empty() && target_evaluates(model, table, demand.check, evaluated_names) &&
      evaluated_alike(catalog, model, table, seen, demand.check, "", demand.what, location, findings)) {
    if (auto question = live_question(catalog, model, table, RowCheckKind::violations, {}, demand.reaches_children)) {
      question->expression = with_values(demand.check, demand.added_values);
      Words words = words_for(question->kind, table_name, {}, "", demand.validates);
      if (question->expression != demand.check) {  // (with the DEFAULT of a column added with it)
        words.fact = "rows of " + table_name + " on the target fail it with the DEFAULT each gets";
        words.fix = "change them, or the column take a DEFAULT that passes it";
      }
      if (!demand.generated_not_null.empty()) {
        const std::string column = table_name + "." + ddl::quote_identifier(demand.generated_not_null);
        words = {"the value it generates for " + column + " is NULL in rows of the target",
                 "whether the value it generates for " + column + " is NULL in a row", "23502", "change them",
                 "changes them", "make the expression give every row a value (coalesce), or drop its NOT NULL"};
      }
      answer(asking, *question, words);
    }
  }
  if (!demand.exclusion.empty() || !demand.unique_values.empty()) {
    check_elements(catalog, model, table, table_name, demand, asking, seen);
  }
  if (demand.foreign_key.empty()) return;
  // (a column the run added is asked about as the run leaves its rows, as any question of its table then is)
  auto question = rows_question(catalog, model, seen, table, RowCheckKind::orphans, demand.foreign_key);
  const ObjectKey referenced = model.relation(demand.references);
  const CatalogRelation* parent = live_table(catalog, model, referenced);
  if (!question || parent == nullptr) return;
  question->referenced_schema = parent->schema;
  question->referenced_table = parent->name;
  question->referenced_partitioned = parent->kind == 'p';
  question->match_full = demand.match_full && demand.foreign_key.size() > 1;
  if (demand.referenced.empty()) {
    if (primary_key_changed(model, referenced)) return;  // not the target's: the run's, which it cannot read
    question->referenced_columns = primary_key_columns(*parent);
  } else {
    const auto parent_columns = live_question(catalog, model, referenced, RowCheckKind::orphans, demand.referenced);
    if (!parent_columns) return;
    question->referenced_columns = parent_columns->columns;
  }
  if (question->referenced_columns.size() != question->columns.size()) return;
  const std::string referenced_name = display_name(referenced, home);
  answer(asking, *question,
         words_for(question->kind, table_name, demand.foreign_key, referenced_name, demand.validates,
                   question->match_full));
}

// A new partition's rows on the target (CREATE TABLE ... PARTITION OF, ALTER
// TABLE ... ATTACH PARTITION): those its bound takes that its partitioned
// table's DEFAULT partition holds, which PostgreSQL refuses to leave there,
// and those of a table it attaches that its bound does not take (each
// 23514). The partitioned table, its default partition and the attached
// table the target's, as the run found them.
void check_partition_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                          const ddl::Declaration& d, const std::string& location, const std::string& changed_here,
                          RowsSeen& seen, FindingList& findings) {
  std::optional<ddl::QualifiedName> parent_name;
  const ddl::PartitionBound* bound = nullptr;
  std::string what;
  if (d.kind == ddl::ObjectKind::table && d.action == ddl::Action::create && d.table && d.table->partition_of &&
      d.table->partition_bound) {
    parent_name = *d.table->partition_of;
    bound = &*d.table->partition_bound;
    what = "CREATE TABLE " + d.name.to_string() + " PARTITION OF " + parent_name->to_string();
  } else if (d.attached_partition && d.attached_bound) {
    parent_name = d.name;
    bound = &*d.attached_bound;
    what = "ATTACH PARTITION " + d.attached_partition->to_string();
  }
  if (!parent_name) return;
  // an IF NOT EXISTS of a partition there already makes none (pg_partman's way)
  if (d.if_not_exists && model.current(model.relation(d.name))) return;
  const ObjectKey parent_key = model.relation(*parent_name);
  const CatalogRelation* parent = live_table(catalog, model, parent_key);
  std::string partition_key;
  std::vector<std::string> key_types;
  if (parent != nullptr && parent->kind == 'p') {
    partition_key = parent->partition_key;
    key_types = parent->partition_key_types;
  }
  // (the table whose columns the key names: the partitioned table, or the target's table attached to one the
  // run made)
  ObjectKey keyed = parent_key;
  if (const auto made = model.current(parent_key);
      parent == nullptr && d.attached_partition && made && made->present && made->fresh) {
    // A partitioned table the run made, attaching a table of the target's:
    // its key as written, each key column's type the attached table's,
    // which ATTACH requires to be the same (no DEFAULT partition of the
    // new table holds the target's rows).
    keyed = model.relation(*d.attached_partition);
    const CatalogRelation* attached = live_table(catalog, model, keyed);
    if (attached == nullptr) return;
    partition_key = made->partition_by;
    for (const std::string& part : partition_key_parts(partition_key)) {
      const auto tokens = lexer::tokenize(part);
      const CatalogColumn* column =
          tokens.size() == 1 && tokens[0].is_name() ? column_of(*attached, tokens[0].value) : nullptr;
      key_types.push_back(column != nullptr ? column->type : "");
    }
  }
  if (partition_key.empty()) return;
  const auto condition = partition_condition(partition_key, key_types, *bound);
  if (!condition) return;
  // (the key's parts and the bound's values as written: the types the
  // condition casts them to are no columns or functions of the user's)
  std::vector<std::string> evaluated = partition_key_parts(partition_key);
  for (const auto* values : {&bound->from, &bound->to, &bound->in}) {
    evaluated.insert(evaluated.end(), values->begin(), values->end());
  }
  for (const auto& text : evaluated) {
    if (!target_evaluates(model, keyed, text)) return;
  }
  const bool has_default = parent != nullptr && parent->default_partition;
  if (!has_default && !d.attached_partition) return;  // nothing to ask
  if (seen.evaluation_changed) {
    // (a SET TimeZone or DateStyle before it reads its bound otherwise than preflight's session would)
    findings.add(Severity::warning,
                 "not checked whether the target's rows fit " + what + " (" + seen.evaluation_changed_by +
                     " may change how the target would read its bound)",
                 location);
    return;
  }
  RowDemand demand;
  demand.what = what;
  const std::string& changed_at = seen.changed_at.empty() ? changed_here : seen.changed_at;
  const std::string& removed_at = seen.removed_at.empty() ? changed_here : seen.removed_at;
  const Asking asking{catalog,           demand,        location, changed_at, seen.emptied, seen.unasked, findings,
                      seen.tables_changed_at, seen.followed, &removed_at, &seen.tables_removed_at};
  if (has_default) {
    const auto& [schema, name] = *parent->default_partition;
    const ObjectKey default_key = model.relation(ddl::QualifiedName{schema, name});
    if (auto question = live_question(catalog, model, default_key, RowCheckKind::violations, {})) {
      question->expression = "NOT (" + *condition + ")";
      const std::string shown = display_name(default_key, home);
      answer(asking, *question,
             {"the default partition " + shown + " holds rows of its bound on the target",
              "whether the default partition " + shown + " holds rows of its bound", "23514",
              "move them out of " + shown, "moves them out"});
    }
  }
  if (d.attached_partition) {
    const ObjectKey attached = model.relation(*d.attached_partition);
    if (auto question = live_question(catalog, model, attached, RowCheckKind::violations, {})) {
      question->expression = *condition;
      const std::string shown = display_name(attached, home);
      answer(asking, *question,
             {"rows of " + shown + " on the target are outside its bound",
              "whether every row of " + shown + " is within its bound", "23514", "delete or move them",
              "removes them"});
    }
  }
}

// The target's table (schema, name) that a TRUNCATE of `name` empties and
// nothing else with it: a plain table of the target's with no trigger (a
// TRUNCATE trigger may fill any table), no partition or inheritance child
// (theirs may) and no parent (whose rows it is part of), neither on the
// target nor made by the run; nullopt otherwise.
std::optional<std::pair<std::string, std::string>> emptied_table(const CatalogSnapshot& catalog,
                                                                 const ExpectedSchema& model,
                                                                 const ddl::QualifiedName& name) {
  const ObjectKey key = model.relation(name);
  const CatalogRelation* relation = live_table(catalog, model, key);
  if (relation == nullptr || relation->kind != 'r' || !relation->triggers.empty()) return std::nullopt;
  // (a partition's or child's rows are its parent's too, which is asked about with them)
  if (!relation->parents.empty() || model.has_inheritors(key) || model.is_inheritor(key)) return std::nullopt;
  if (run_made_trigger(model, key)) return std::nullopt;
  return std::make_pair(relation->schema, relation->name);
}

// Whether `expression` calls no function but PostgreSQL's own and the
// target's functions of the user's (whose bodies are read: CatalogRoutine::
// may_write_rows), by name: not an extension's (dblink_exec) or one the
// catalog does not list.
bool calls_read_functions_alone(const CatalogSnapshot& catalog, const std::string& expression) {
  const auto tokens = lexer::tokenize(expression);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!ddl::calls_users_function(tokens, i)) continue;
    const bool listed = std::any_of(catalog.routines.begin(), catalog.routines.end(),
                                    [&](const CatalogRoutine& routine) { return routine.name == tokens[i].value; });
    if (!listed) return false;
  }
  return true;
}

// Whether the run declared anything of `table` before now (the table, a
// column, a constraint, an index or a trigger of it): a rule the target's
// catalog lists may be gone (a DROP NOT NULL, a DROP CONSTRAINT), or one it
// lacks there.
bool run_changed_table(const ExpectedSchema& model, const ObjectKey& table) {
  return std::any_of(model.objects().begin(), model.objects().end(), [&table](const ExpectedObject& object) {
    if (object.key.schema != table.schema) return false;
    return object.key.parent == table.name || object.index_table == table.name ||
           (object.key.space == table.space && object.key.name == table.name);
  });
}

// The partitions of the target's partitioned table `relation`, all levels
// down, as its catalog lists them.
std::vector<const CatalogRelation*> partitions_of(const CatalogSnapshot& catalog, const CatalogRelation& relation) {
  std::vector<const CatalogRelation*> out;
  std::vector<std::pair<std::string, std::string>> parents{{relation.schema, relation.name}};
  while (!parents.empty()) {
    const auto parent = parents.back();
    parents.pop_back();
    for (const CatalogRelation& other : catalog.relations) {
      if (std::find(other.parents.begin(), other.parents.end(), parent) == other.parents.end()) continue;
      out.push_back(&other);
      if (other.kind == 'p') parents.emplace_back(other.schema, other.name);
    }
  }
  return out;
}

// The target's tables that `trigger` of `relation` adds rows to and does
// nothing else (CatalogTrigger::appends_to: an audit trigger's INSERT ...
// VALUES), where each table of a name it writes, in any schema (its body's
// search_path is the caller's), is a plain or partitioned table that is not
// `relation`, with no rule and no trigger that may write rows (of its
// partitions' either), none the run made; nullopt otherwise. Not a BEFORE
// ... FOR EACH ROW one (what it does to the row is row_trigger_sets').
std::optional<std::vector<std::pair<std::string, std::string>>> appended_tables(const CatalogSnapshot& catalog,
                                                                                const ExpectedSchema& model,
                                                                                const CatalogRelation& relation,
                                                                                const CatalogTrigger& trigger) {
  if (!trigger.appends_to || trigger.before_row) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  const auto only_adds = [&](const CatalogRelation& table) {
    const bool writes = std::any_of(table.triggers.begin(), table.triggers.end(),
                                    [](const CatalogTrigger& t) { return t.may_write_rows; });
    return (table.kind == 'r' || table.kind == 'p') && !table.has_rules && !writes &&
           !run_made_trigger(model, ObjectKey{Space::relation, table.schema, "", table.name, ""});
  };
  for (const auto& [schema, name] : *trigger.appends_to) {
    std::size_t found = 0;
    for (const CatalogRelation& table : catalog.relations) {
      if (table.name != name || (!schema.empty() && table.schema != schema)) continue;
      ++found;
      if (table.name == relation.name || !only_adds(table)) return std::nullopt;
      if (table.kind == 'p') {
        for (const CatalogRelation* partition : partitions_of(catalog, table)) {
          if (!only_adds(*partition)) return std::nullopt;
        }
      }
      out.emplace_back(table.schema, table.name);
    }
    if (found == 0) return std::nullopt;  // (one the run makes, whose triggers the catalog does not list)
  }
  return out;
}

// Why a data statement that changes `relation`'s rows (the model's `key`)
// may change more, or run what preflight does not read (plain_table_of's
// reasons that the catalog tells); "": nothing.
std::string runs_more_than_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                const CatalogRelation& relation, const ObjectKey& key, bool row_triggers) {
  const std::string table = ddl::quote_identifier(relation.name);
  if (relation.has_rules) return table + " has a rule";
  const auto triggers = live_triggers(model, relation, key);
  // (an audit trigger's rows that it adds to other tables: rows_before_statement counts them)
  const auto writes = [&](const CatalogTrigger* trigger) {
    return trigger->may_write_rows && !appended_tables(catalog, model, relation, *trigger);
  };
  if (const auto writing = std::find_if(triggers.begin(), triggers.end(), writes); writing != triggers.end()) {
    return "the function of trigger " + ddl::quote_identifier((*writing)->name) + " of " + table + " may write rows";
  }
  if (!triggers.empty() && !row_triggers) return table + " has a trigger";
  const auto read_alone = [&catalog](const std::string& expression) {
    return calls_read_functions_alone(catalog, expression);
  };
  const std::string unread = "a DEFAULT or CHECK of " + table + " calls a function preflight does not read";
  for (const CatalogColumn& column : relation.columns) {
    if (column.default_expression && !read_alone(*column.default_expression)) return unread;
    if (const auto user_type = users_element_type(column.type)) {
      const CatalogType* found = catalog.find_type(user_type->schema, user_type->name);
      if (found == nullptr || found->kind == 'c' || (found->kind == 'd' && found->constrained)) {
        return "a column of " + table + " is of a domain with a CHECK or of a composite type";
      }
    }
  }
  for (const CatalogConstraint& constraint : relation.constraints) {
    // (the CHECK before its parenthesis calls nothing)
    if (constraint.type == 'c' && !read_alone(check_expression(constraint.definition))) return unread;
  }
  return {};
}

// The target's plain table (schema, name) that `name` stands for, whose
// rows a data statement changes alone once no function of the user's that
// it may reach may write rows (runs_no_user_code): its DEFAULTs and CHECKs
// then change its own rows at most. Not one with a trigger (its function
// may read a view that calls one that writes), unless `row_triggers` and
// each of its triggers' functions writes no rows (an updated_at trigger's:
// it changes at most the rows the statement changes, CatalogTrigger::
// may_write_rows), nor one with a rule, a parent, a child or a partition, a
// DEFAULT or CHECK (the target's or the run's) that calls a function the
// catalog does not read (an extension's, which may write rows), or a column
// of a domain with a CHECK or of a composite type (whose CHECK may call one).
// With `partitioned`, a partitioned table with no parent too, where none of
// its partitions, all levels down, has a trigger or any of the rest, and
// the run declared nothing of them (nor made one: its rows are the run's).
// `why`, if given, says why not (NotFollowed).
std::optional<std::pair<std::string, std::string>> plain_table_of(const CatalogSnapshot& catalog,
                                                                  const ExpectedSchema& model,
                                                                  const ddl::QualifiedName& name,
                                                                  bool row_triggers = false,
                                                                  NotFollowed why = {}, bool partitioned = false) {
  const ObjectKey key = model.relation(name);
  const CatalogRelation* relation = live_table(catalog, model, key);
  if (relation == nullptr) return why.say("it names no plain table of the target's: a view, or a table the run made");
  const std::string table = ddl::quote_identifier(relation->name);
  const bool whole = partitioned && relation->kind == 'p' && relation->parents.empty();
  if (relation->kind != 'r' && !whole) return why.say(table + " is a partitioned or foreign table");
  if (const std::string more = runs_more_than_rows(catalog, model, *relation, key, row_triggers); !more.empty()) {
    return why.say(more);
  }
  if (whole) {
    const auto partitions = partitions_of(catalog, *relation);
    const auto made = model.inheriting_tables(key);
    const bool the_targets = std::all_of(made.begin(), made.end(), [](const auto& m) { return m.live != nullptr; });
    if (made.size() != partitions.size() || !the_targets) {
      return why.say("the run made, attached or detached a partition of " + table);
    }
    for (const CatalogRelation* partition : partitions) {
      const ObjectKey partition_key{Space::relation, partition->schema, "", partition->name, ""};
      const std::string named = ddl::quote_identifier(partition->name);
      if (partition->kind != 'r' && partition->kind != 'p') return why.say(named + " is a foreign table");
      if (!partition->triggers.empty()) return why.say("partition " + named + " of " + table + " has a trigger");
      if (run_changed_table(model, partition_key)) return why.say("the run changed partition " + named + " before it");
      if (auto more = runs_more_than_rows(catalog, model, *partition, partition_key, false); !more.empty()) {
        return why.say(std::move(more));
      }
    }
  } else if (!relation->parents.empty() || model.has_inheritors(key) || model.is_inheritor(key)) {
    return why.say(table + " has a parent, a partition or an inheritance child");
  }
  if (run_made_trigger(model, key)) return why.say("the run made or renamed a trigger of " + table);
  const auto read_alone = [&catalog](const std::string& expression) {
    return calls_read_functions_alone(catalog, expression);
  };
  const std::string unread = "a DEFAULT or CHECK of " + table + " calls a function preflight does not read";
  for (const ExpectedObject& o : model.objects()) {
    if (!o.present || o.key.schema != key.schema || o.key.parent != key.name) continue;
    if (o.column && ((o.column->default_expression && !read_alone(*o.column->default_expression)) ||
                     (o.column->generated_expression && !read_alone(*o.column->generated_expression)))) {
      return why.say(unread);
    }
    if (o.constraint && !read_alone(o.constraint->expression)) return why.say(unread);
  }
  return std::make_pair(relation->schema, relation->name);
}

// Whether a foreign key's ON DELETE or ON UPDATE action changes the
// referencing rows (CASCADE, SET NULL, SET DEFAULT).
bool acts_on_referencing_rows(const ddl::ConstraintSpec& key) {
  const auto acts = [](const std::string& action) { return !action.empty() && action != "NO ACTION" &&
                                                           action != "RESTRICT"; };
  return acts(key.on_delete) || acts(key.on_update);
}

// Whether a statement that names `name` can run no code of the user's that
// it does not name and that may change another table's rows: no function
// it may reach may write rows (reaches_writing_function), no dynamic SQL
// ran (which may have made one), and there is no temporary relation of
// that name (a temporary view of it writes another table).
bool runs_no_user_code(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ddl::QualifiedName& name) {
  return !reaches_writing_function(catalog, model) && !model.saw_dynamic_sql() && !model.names_temporary(name);
}

// Why runs_no_user_code is false for `name`, for a warning.
std::string user_code_that_may_run(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                   const ddl::QualifiedName& name) {
  if (model.saw_dynamic_sql()) return "dynamic SQL ran before it, which may have made what writes rows";
  if (model.names_temporary(name)) return "a temporary relation of the run's may stand for its table";
  if (catalog.unseen_calls) {
    return "an operator or cast of the user's, or a function named as a built-in one, may call a function that "
           "writes rows";
  }
  if (run_made_routine(model)) {
    return "the run made or replaced a function or procedure before it, which something may call unseen";
  }
  const auto writing = std::find_if(catalog.routines.begin(), catalog.routines.end(), [](const CatalogRoutine& r) {
    return r.may_write_rows && !r.trigger_function && r.referenced;
  });
  if (writing != catalog.routines.end()) {
    return "function " + ddl::quote_identifier(writing->schema) + "." + ddl::quote_identifier(writing->name) +
           " may write rows, and a view, policy, DEFAULT, index or operator of the target's may call it";
  }
  return "the run made what may call a function that writes rows (an operator, a cast, a view, a policy, a "
         "trigger, a domain, or an expression that calls one)";
}

// The target's table (schema, name) that `name` stands for, where an UPDATE
// or DELETE of it changes its rows and no other table's: nothing of the
// user's that may write rows runs (runs_no_user_code), it is a plain table
// with no rule, parent, child or partition and no trigger but those that
// then change its own rows at most (plain_table_of's), and no foreign key
// of the target's or the run's whose ON DELETE or ON UPDATE changes the
// referencing rows. nullopt otherwise.
std::optional<std::pair<std::string, std::string>> changes_own_rows_alone(const CatalogSnapshot& catalog,
                                                                          const ExpectedSchema& model,
                                                                          const ddl::QualifiedName& name,
                                                                          NotFollowed why = {}) {
  if (!runs_no_user_code(catalog, model, name)) return why.say(user_code_that_may_run(catalog, model, name));
  auto table = plain_table_of(catalog, model, name, true, why, true);
  if (!table) return std::nullopt;
  const std::string acted_on = "a foreign key's ON DELETE or ON UPDATE action changes the rows that reference " +
                               ddl::quote_identifier(table->second);
  const std::string& current = model.relation(name).name;  // (as the run may have renamed it)
  // (the target's keys name it as the target does; the run's, as the run does)
  for (const CatalogRelation& relation : catalog.relations) {
    for (const CatalogConstraint& constraint : relation.constraints) {
      if (constraint.type != 'f') continue;
      // (a key not read: as if it did; the table by its name, in any schema)
      const auto key = foreign_key_of(constraint);
      if (!key || (key->references.name == table->second && acts_on_referencing_rows(*key))) return why.say(acted_on);
    }
  }
  for (const ExpectedObject& object : model.objects()) {
    if (!object.present || !object.constraint || object.constraint->kind != ddl::ConstraintKind::foreign_key) continue;
    const std::string& referenced = object.constraint->references.name;
    if ((referenced == table->second || referenced == current) && acts_on_referencing_rows(*object.constraint)) {
      return why.say(acted_on);
    }
  }
  return table;
}

// Whether `name` is a table the run made: its rows are the run's, which
// preflight never asks the target about.
bool truncates_new_table(const ExpectedSchema& model, const ddl::QualifiedName& name) {
  const auto current = model.current(model.relation(name));
  return current && current->fresh && current->present;
}

// The values of `insert` for `columns` (positions in its rows, which set
// the first `width` columns: those it lists, or the table's), each row's as
// a row of SQL converted to the target's type of the column (`types`),
// where each is a constant (a NULL never clashes, a DEFAULT or an expression
// is not known here, nor a column a short row leaves to its default: its row
// is left out).
std::string inserted_keys(const ddl::InsertValues& insert, std::size_t width, const std::vector<std::size_t>& columns,
                          const std::vector<std::string>& types, const std::vector<bool>& null_kept = {}) {
  std::string out;
  for (const auto& row : insert.rows) {
    // (the server refuses it)
    if (row.size() > width || (insert.column_list && row.size() != width)) return {};
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const ddl::Term term = columns[i] < row.size() ? ddl::parse_term(row[columns[i]]) : ddl::Term{};
      // (`null_kept`: a NULL there is kept, an arbiter's of a nullable column, which never conflicts)
      if (term.kind == ddl::Term::Kind::null && i < null_kept.size() && null_kept[i]) {
        values += (i == 0 ? "" : ", ") + std::string("CAST(NULL AS ") + types[i] + ")";
        continue;
      }
      // (a literal cast to another type than the column's: the INSERT assigns that type, which may not be
      // assignable, '2'::text to an integer column, where the question's CAST would convert it)
      if (term.kind != ddl::Term::Kind::literal || ddl::user_type_name(term.cast) ||
          (!term.cast.empty() && term.cast != types[i])) {
        values.clear();
        break;
      }
      // (as the INSERT assigns it: a string too long for varchar(n) fails there, as here)
      values += (i == 0 ? "" : ", ") + assigned("(" + row[columns[i]] + "\n)", types[i]);
    }
    if (!values.empty()) out += (out.empty() ? "(" : ", (") + values + ")";
  }
  return out;
}

// The names of the target's table `relation` (`table` in the run) in its
// order, as the run calls them before an INSERT without a column list: the
// columns its values go to. Empty where the run dropped one of them (the
// order then is not the target's).
std::vector<std::string> columns_in_order(const ExpectedSchema& model, const ObjectKey& table,
                                          const CatalogRelation& relation) {
  std::vector<std::string> out;
  for (const CatalogColumn& column : relation.columns) {
    const ObjectKey live{Space::column, relation.schema, relation.name, column.name, {}};
    if (live_column(model, table, column.name) == live) {
      out.push_back(column.name);
      continue;
    }
    const auto& objects = model.objects();
    const auto renamed = std::find_if(objects.begin(), objects.end(), [&](const ExpectedObject& object) {
      return object.present && object.key.space == Space::column && object.key.schema == table.schema &&
             object.key.parent == table.name && object.origin == live;
    });
    if (renamed == objects.end()) return {};
    out.push_back(renamed->key.name);
  }
  return out;
}

// A unique index's key as an INSERT sets it: each column's position in
// its rows (`position`, by the target's name), its type, its name as the
// INSERT names it (`listed`) and as the target does. No columns where an
// element is an expression, a column it does not set, or one GENERATED
// ALWAYS (which it may not set, 428C9, but an identity under `overriding`:
// OVERRIDING SYSTEM VALUE, as pg_dump writes its rows).
// Whether `index` is a DEFERRABLE constraint's, which what runs after the
// statement in its transaction may yet satisfy.
bool deferrable_key(const CatalogRelation& relation, const CatalogIndex& index) {
  return std::any_of(relation.constraints.begin(), relation.constraints.end(), [&](const CatalogConstraint& c) {
    return c.name == index.name && c.definition.find("DEFERRABLE") != std::string::npos &&
           c.definition.find("NOT DEFERRABLE") == std::string::npos;
  });
}

struct InsertedKey {
  std::vector<std::size_t> columns;
  std::vector<std::string> types;
  std::vector<std::string> named;
  std::vector<std::string> target;
  std::vector<bool> nullable;        // the column may hold NULL (no NOT NULL)
  bool nulls_not_distinct = false;   // its index's NULLs are equal (a NULL then conflicts)
};

InsertedKey inserted_key(const CatalogRelation& relation, const CatalogIndex& index,
                         const std::map<std::string, std::size_t>& position, const std::vector<std::string>& listed,
                         bool overriding) {
  InsertedKey out;
  for (const auto& element : definition_columns(index.definition, " USING ")) {
    // (definition_columns gives a column's name unquoted: "Id"; else the element as written, "id DESC")
    auto found = position.find(element);
    if (found == position.end()) {
      const auto tokens = lexer::tokenize(element);
      const auto value = element_value(tokens, element, 0, tokens.size());
      const bool plain = value && !value->column.empty() && value->compared_as.empty();
      if (plain) found = position.find(value->column);
    }
    const CatalogColumn* column = found == position.end() ? nullptr : column_of(relation, found->first);
    if (column == nullptr || (column->identity == 'a' && !overriding) || column->generated != '\0') return {};
    out.named.push_back(listed[found->second]);
    out.target.push_back(found->first);
    out.columns.push_back(found->second);
    out.types.push_back(column->type);
    out.nullable.push_back(!column->not_null);
  }
  out.nulls_not_distinct = index.definition.find(" NULLS NOT DISTINCT") != std::string::npos;
  return out;
}

// The unique keys the run gave the target's table `relation` (`table` in
// the model) before now, as the target's catalog would show them (its
// column names in a pg_get_indexdef-like definition): a UNIQUE index, a
// PRIMARY KEY or UNIQUE constraint of plain columns the target has, not
// partial, not DEFERRABLE, not made in a DO block (which may skip it, or
// catch its failure). The target's rows that hold an inserted row's
// values under one clash with it as under one of the target's own.
struct RunMadeKeys {
  std::vector<CatalogIndex> indexes;
  std::set<std::string> constraints;  // the names of those that are a UNIQUE constraint's
};

RunMadeKeys run_made_keys(const ExpectedSchema& model, const ObjectKey& table, const CatalogRelation& relation,
                          const RowsSeen& seen) {
  RunMadeKeys out;
  if (seen.keys_made_in_block) return out;
  for (const ExpectedObject& o : model.objects()) {
    // (one the run made: it stands for none of the target's, and the target's table has none of its name)
    if (!o.present || o.origin || o.conditional || o.key.schema != table.schema) continue;
    const auto named = [&o](const CatalogIndex& index) { return index.name == o.key.name; };
    if (std::any_of(relation.indexes.begin(), relation.indexes.end(), named)) continue;
    std::vector<std::string> columns;
    bool nulls_not_distinct = false;
    bool primary = false;
    // (ON ONLY a partitioned table: an invalid index that holds nothing until its partitions' are attached)
    if (o.index && o.index->unique && !o.index->only && o.index->where.empty() && o.index_table == table.name &&
        (o.index->method.empty() || o.index->method == "btree")) {
      columns = o.index->elements;
      nulls_not_distinct = o.index->nulls_not_distinct;
    } else if (o.constraint && o.key.parent == table.name && !o.constraint->deferrable &&
               o.constraint->using_index.empty() &&
               (o.constraint->kind == ddl::ConstraintKind::unique ||
                o.constraint->kind == ddl::ConstraintKind::primary_key)) {
      columns = o.constraint->columns;
      nulls_not_distinct = o.constraint->nulls_not_distinct;
      primary = o.constraint->kind == ddl::ConstraintKind::primary_key;
    } else {
      continue;
    }
    std::string list;
    for (const std::string& element : columns) {
      // (a plain column the target has, of this table)
      const auto tokens = lexer::tokenize(element);
      const auto live = tokens.size() == 1 && tokens[0].is_name() ? live_column(model, table, tokens[0].value)
                                                                   : std::nullopt;
      if (!live || live->schema != relation.schema || live->parent != relation.name) {
        list.clear();
        break;
      }
      list += (list.empty() ? "" : ", ") + ddl::quote_identifier(live->name);
    }
    if (list.empty()) continue;
    CatalogIndex index;
    index.name = o.key.name;
    index.unique = true;
    index.primary = primary;
    index.definition = "CREATE UNIQUE INDEX " + ddl::quote_identifier(o.key.name) + " ON " +
                       ddl::quote_identifier(relation.schema) + "." + ddl::quote_identifier(relation.name) +
                       " USING btree (" + list + ")" + (nulls_not_distinct ? " NULLS NOT DISTINCT" : "");
    if (o.constraint && !primary) out.constraints.insert(index.name);
    out.indexes.push_back(std::move(index));
  }
  return out;
}

bool same_columns(const InsertedKey& a, const InsertedKey& b) {
  return std::set<std::string>(a.target.begin(), a.target.end()) ==
         std::set<std::string>(b.target.begin(), b.target.end());
}

// The unique index whose clash an INSERT's ON CONFLICT (columns) or ON
// CONSTRAINT handles (its arbiter), as the INSERT sets it: PostgreSQL's
// inference of a plain (non-partial) unique index of those columns. No
// columns where none is found (the shadow tells), or its key is not set by
// the INSERT.
InsertedKey conflict_arbiter(const CatalogRelation& relation, const ExpectedSchema& model, const ObjectKey& table,
                             const ddl::InsertValues& insert, const std::map<std::string, std::size_t>& position,
                             const std::vector<std::string>& listed) {
  std::set<std::string> wanted;  // the target's names of the columns ON CONFLICT names
  for (const auto& column : insert.conflict_columns) {
    const auto live = live_column(model, table, column);
    if (!live || live->schema != relation.schema || live->parent != relation.name) return {};
    wanted.insert(live->name);
  }
  for (const CatalogIndex& index : relation.indexes) {
    if (!index.unique || !index.valid || index.definition.find(" WHERE ") != std::string::npos) continue;
    if (!insert.conflict_constraint.empty() && index.name != insert.conflict_constraint) continue;
    const auto current = model.current(model.index(ddl::QualifiedName{relation.schema, index.name}));
    if (!current || !current->present || current->fresh) continue;
    InsertedKey key = inserted_key(relation, index, position, listed, insert.overriding_system_value);
    if (key.columns.empty()) {
      if (!insert.conflict_constraint.empty()) return {};
      continue;
    }
    if (!insert.conflict_constraint.empty() || std::set<std::string>(key.target.begin(), key.target.end()) == wanted) {
      return key;
    }
  }
  return {};
}

}  // namespace

void check_inserted_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                         const DeclaredStatement& statement, const std::string& where, RowsSeen& seen,
                         FindingList& findings) {
  if (!statement.inserts) return;
  const ddl::InsertValues& insert = *statement.inserts;
  // ON CONFLICT with no target handles a clash with any key; one whose target is not read is not asked
  if (insert.on_conflict && (insert.conflict_any_key || (insert.conflict_columns.empty() &&
                                                         insert.conflict_constraint.empty()))) {
    return;
  }
  if (insert.column_list && insert.columns.empty()) return;  // (it sets a field or element of a column)
  // (identity columns then take their sequence's values, not the ones written)
  if (insert.overriding_user_value) return;
  // A temporary table of its name, or a role the file set (whose "$user"
  // schema the static model does not follow), may make it another table.
  if (model.names_temporary(insert.table) || (!statement.role.empty() && insert.table.schema.empty())) return;
  const ObjectKey table = model.relation(insert.table);
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr) return;  // one the run made: its rows are the run's, which the shadow has
  // (nothing but its own rows added: a trigger that writes rows may remove the one it clashes with)
  if (!adds_rows_alone(catalog, model, insert.table)) return;
  // A BEFORE ... FOR EACH ROW trigger on INSERT (of the table, or of a
  // partition its rows may go to) may change the row or skip it: asked only
  // where each sets columns to values and does nothing else, and not about
  // a key over a column one sets.
  std::set<std::string> trigger_set;
  std::vector<std::pair<ObjectKey, const CatalogRelation*>> reached = {{table, relation}};
  if (relation->kind == 'p') {
    for (const auto& partition : model.inheriting_tables(table)) reached.emplace_back(partition.key, partition.live);
  }
  for (const auto& [at, r] : reached) {
    if (r == nullptr) return;
    for (const CatalogTrigger* trigger : live_triggers(model, *r, at)) {
      if (!trigger->before_row || !trigger->on_insert) continue;
      if (!trigger->sets) return;
      for (const auto& [column, value] : *trigger->sets) trigger_set.insert(column);
    }
  }
  // the columns it sets, as the run names them, and the target's name of each
  const std::vector<std::string> listed =
      insert.column_list ? insert.columns : columns_in_order(model, table, *relation);
  if (listed.empty()) return;
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const auto live = live_column(model, table, listed[i]);
    if (live && live->schema == relation->schema && live->parent == relation->name &&
        trigger_set.count(live->name) == 0) {
      position[live->name] = i;
    }
  }
  const InsertedKey arbiter = insert.on_conflict ? conflict_arbiter(*relation, model, table, insert, position, listed)
                                                 : InsertedKey{};
  if (insert.on_conflict && arbiter.columns.empty()) return;  // (its arbiter not found, or not set by constants)
  if (seen.inserts_asked == RowsSeen::max_inserts_asked) {
    findings.add(Severity::info,
                 "preflight asks the target about the keys of " + std::to_string(RowsSeen::max_inserts_asked) +
                     " INSERT statements at most: from here on, whether an INSERT's key is there already is "
                     "not checked",
                 where);
  }
  if (seen.inserts_asked++ >= RowsSeen::max_inserts_asked) return;
  RowDemand demand;
  demand.what = "INSERT INTO " + display_name(table, home);
  // (an INSERT before it adds rows, whose clashes the shadow sees; it removes none; nor does it bring back the
  // target's rows a TRUNCATE took)
  const Asking asking{catalog, demand, where, seen.removed_at, seen.truncated, seen.unasked, findings,
                      seen.tables_removed_at, seen.followed};
  // (the keys the run gave it count as the target's own)
  std::vector<CatalogIndex> indexes = relation->indexes;
  const std::size_t own = indexes.size();
  RunMadeKeys made = run_made_keys(model, table, *relation, seen);
  indexes.insert(indexes.end(), made.indexes.begin(), made.indexes.end());
  for (std::size_t at = 0; at < indexes.size(); ++at) {
    const CatalogIndex& index = indexes[at];
    // the target's unique indexes (its primary key's, its UNIQUE constraints'), not partial, still there;
    // not a DEFERRABLE constraint's, which what runs after it in the transaction may yet satisfy
    if (!index.unique || !index.valid || index.definition.find(" WHERE ") != std::string::npos) continue;
    if (deferrable_key(*relation, index)) continue;
    const auto current = model.current(model.index(ddl::QualifiedName{relation->schema, index.name}));
    if (at < own && (!current || !current->present || current->fresh)) continue;
    InsertedKey key = inserted_key(*relation, index, position, listed, insert.overriding_system_value);
    // (the arbiter's clash, and that of another index of its columns, ON CONFLICT handles)
    if (key.columns.empty() || (!arbiter.columns.empty() && same_columns(key, arbiter))) continue;
    const std::vector<std::string> named = key.named;
    // (a NULL of the key itself never clashes, but under NULLS NOT DISTINCT, where it is a value)
    std::vector<bool> null_kept(key.columns.size(), key.nulls_not_distinct);
    if (!arbiter.columns.empty()) {
      key.columns.insert(key.columns.end(), arbiter.columns.begin(), arbiter.columns.end());
      key.types.insert(key.types.end(), arbiter.types.begin(), arbiter.types.end());
      // a NULL of the arbiter's key conflicts with no row, but under NULLS NOT DISTINCT
      for (const bool nullable : arbiter.nullable) null_kept.push_back(nullable && !arbiter.nulls_not_distinct);
    }
    const std::string keys = inserted_keys(insert, listed.size(), key.columns, key.types, null_kept);
    if (keys.empty()) continue;
    auto question = live_question(catalog, model, table, RowCheckKind::present, named);
    if (!question) continue;
    question->expression = keys;
    question->nulls_not_distinct = key.nulls_not_distinct;
    if (!arbiter.columns.empty()) {
      question->arbiter_columns = arbiter.target;
      question->arbiter_updates = insert.on_conflict_updates;
    }
    const std::string asked = "whether a row of " + display_name(table, home) + " has the (" + column_list(named) +
                              ") of a row it inserts";
    if (!evaluated_alike(catalog, model, table, seen, keys, "", demand.what, where, findings, asked)) return;
    Words words = words_for(question->kind, display_name(table, home), named, "");
    // (a UNIQUE constraint's index by the name PostgreSQL's error gives it)
    const bool constraint = made.constraints.count(index.name) != 0 ||
                            std::any_of(relation->constraints.begin(), relation->constraints.end(),
                                        [&](const CatalogConstraint& c) { return c.name == index.name && c.type == 'u'; });
    words.fact += std::string(", under its ") +
                  (index.primary ? "primary key " : constraint ? "unique constraint " : "unique index ") + index.name;
    if (!arbiter.columns.empty()) {
      // (its columns as it names them, in its order)
      const std::string target = insert.conflict_constraint.empty()
                                     ? "(" + column_list(insert.conflict_columns) + ")"
                                     : "ON CONSTRAINT " + ddl::quote_identifier(insert.conflict_constraint);
      words.fact += ", which its ON CONFLICT " + target + " does not handle";
      words.advice = insert.on_conflict_updates
                         ? "a statement before it must delete that row, or the INSERT leave out the rows with that (" +
                               column_list(named) + ")"
                         : "a statement before it must delete that row, or the INSERT take ON CONFLICT DO NOTHING "
                           "with no conflict target, which handles a clash with any key";
    }
    answer(asking, *question, words);
  }
}

void rows_before_ledger(const CatalogSnapshot& catalog, const std::string& ledger, RowsSeen& seen) {
  bool fires = false;
  for (const bool before : {true, false}) {
    fires = fires || writing_event_trigger_fires(catalog, "CREATE TABLE", before) ||
            writing_event_trigger_fires(catalog, "COMMENT", before);
  }
  if (fires) seen.rows_change("the CREATE TABLE of the ledger " + ledger + " before the first migration");
}

void rows_after_ledger_record(const CatalogSnapshot& catalog, const std::string& ledger, const std::string& file,
                              RowsSeen& seen) {
  const auto dot = ledger.find('.');
  if (dot == std::string::npos) return;
  const auto unquoted = [](std::string name) {
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    return name;
  };
  const CatalogRelation* relation = catalog.find_relation(unquoted(ledger.substr(0, dot)),
                                                          unquoted(ledger.substr(dot + 1)));
  if (relation == nullptr) return;
  const auto writes = [](const CatalogTrigger& trigger) { return trigger.may_write_rows; };
  if (relation->has_rules || std::any_of(relation->triggers.begin(), relation->triggers.end(), writes)) {
    seen.rows_change(RowsSeen::because("the ledger's record of " + file,
                                       "a trigger or rule of " + ledger + " may write rows"));
  }
}

// The rows of the target's table `name` as `edit` (an UPDATE or DELETE of
// it alone) leaves them, as a query over them (RowsSeen::followed): each
// new value converted to its column's type as an assignment converts it,
// in the rows its WHERE holds for. nullopt where that query would not
// evaluate as the run does: a change of the table's rows preflight did not
// follow came first, or a SET or a definition that changes how the target
// evaluates, or the table has a generated column (which the UPDATE
// recomputes), or the edit sets an identity column or one the target lacks
// (the run's, or renamed), or reads one of those.
// `expression` as the run's `transaction`th clock (RowsSeen::transaction)
// evaluates it: PostgreSQL's transaction clock (now(),
// transaction_timestamp(), a bare CURRENT_TIMESTAMP or LOCALTIMESTAMP) a
// millisecond later for each clock after the first, since a value a
// statement of a file outside a transaction sets to now() is earlier than
// the one a later statement sets, and equal within one batch of files;
// statement_timestamp() too, which is when the batch (the query message)
// arrived.
std::string at_transaction(const std::string& expression, std::size_t transaction) {
  if (!lexer::contains_ignoring_case(expression, "time") && !lexer::contains_ignoring_case(expression, "now")) {
    return expression;
  }
  const auto tokens = lexer::tokenize(expression);
  const std::string later = transaction > 1 ? " + interval '" + std::to_string(transaction - 1) + " ms'" : "";
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    const bool call = i + 2 < tokens.size() && tokens[i + 1].is_punct("(") && tokens[i + 2].is_punct(")") &&
                      (token.is_word("now") || token.is_word("transaction_timestamp") ||
                       token.is_word("statement_timestamp"));
    const bool bare = (token.is_word("current_timestamp") || token.is_word("localtimestamp")) &&
                      !(i + 1 < tokens.size() && tokens[i + 1].is_punct("("));
    const bool qualified = i >= 1 && tokens[i - 1].is_punct(".");
    if ((!call && !bare) || later.empty()) continue;
    const std::size_t begin = qualified && i >= 2 ? tokens[i - 2].offset : token.offset;
    const lexer::Token& last = call ? tokens[i + 2] : token;
    const std::size_t end = last.offset + last.text.size();
    out += expression.substr(copied, begin - copied) + "(" + expression.substr(begin, end - begin) + later + ")";
    copied = end;
    if (call) i += 2;
  }
  return out + expression.substr(copied);
}

struct EditedRows {
  std::string all;      // the table's rows
  std::string changed;  // an UPDATE's: those it changes alone, with their new values
};

std::optional<EditedRows> rows_after_edit(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                          const ddl::QualifiedName& name, const ddl::RowsEdit& edit,
                                          const RowsSeen& seen,
                                          const std::vector<std::pair<std::string, std::string>>& trigger_sets,
                                          NotFollowed why) {
  if (seen.evaluation_changed) return why.say(seen.evaluation_changed_by + " may change what its values mean");
  if (seen.type_names_changed) {
    return why.say("a search_path, or a function, type or domain the run made before it, may change what its names "
                   "mean");
  }
  const ObjectKey table = model.relation(name);
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr) return why.say("");
  const std::string quoted = ddl::quote_identifier(relation->name);
  if (seen.tables_changed_at.count({relation->schema, relation->name}) != 0) {
    return why.say("a change of the rows of " + quoted + " before it was not followed");
  }
  const auto generated = [](const CatalogColumn& column) { return column.generated != '\0'; };
  if (std::any_of(relation->columns.begin(), relation->columns.end(), generated)) {
    return why.say(quoted + " has a generated column");
  }
  const std::string unevaluated = "it names a column the run added or renamed, or one preflight does not evaluate";
  // (the columns the run added whose values the followed rows hold)
  const auto added = added_names(seen, *relation);
  if (!edit.where.empty() && !target_evaluates(model, table, edit.where, added)) return why.say(unevaluated);
  // (now() as the statement's transaction sees it)
  const std::string where = at_transaction(edit.where, seen.transaction);
  // The type of the target's column of that name, where the run has not
  // added, renamed or swapped it (nor made it GENERATED ALWAYS AS IDENTITY,
  // `settable`: which an UPDATE may not set), or of one the run added whose
  // values the followed rows hold.
  const auto column_type = [&](const std::string& column, bool settable) -> std::optional<std::string> {
    if (const auto* fresh = added_column(model, seen, *relation, table, column)) return fresh->type;
    const auto live = live_column(model, table, column);
    const bool same = live && live->name == column && live->schema == relation->schema &&
                      live->parent == relation->name;
    const CatalogColumn* target = same ? column_of(*relation, column) : nullptr;
    if (target == nullptr || (settable && target->identity == 'a')) return std::nullopt;
    return target->type;
  };
  std::map<std::string, std::string> values;  // the column: its new value
  for (const auto& [column, value] : edit.sets) {
    const auto type = column_type(column, true);
    if (!type || !target_evaluates(model, table, value, added)) return why.say(unevaluated);
    values[column] = assigned("(" + at_transaction(value, seen.transaction) + "\n)", *type);
  }
  // (what its BEFORE UPDATE triggers set then, in the rows it changes: over what it sets itself, as they run
  // after its SET)
  for (const auto& [column, value] : trigger_sets) {
    const auto type = column_type(column, false);
    if (!type || !target_evaluates(model, table, value, added)) {
      return why.say("a trigger of " + quoted + " sets " + ddl::quote_identifier(column) +
                     " to what preflight does not evaluate");
    }
    values[column] = assigned("(" + at_transaction(value, seen.transaction) + "\n)", *type);
  }
  const auto before = seen.followed.find({relation->schema, relation->name});
  // (a partitioned table's rows are its partitions')
  const std::string rows = before != seen.followed.end()
                               ? "(" + before->second.rows + "\n)"
                               : (relation->kind == 'p' ? "" : "ONLY ") + ddl::quote_identifier(relation->schema) +
                                     "." + ddl::quote_identifier(relation->name);
  const std::string alias = ddl::quote_identifier(edit.alias);
  // (a row its WHERE is NULL for is one it leaves)
  const std::string edited = where.empty() ? "true" : "COALESCE((" + where + "\n), false)";
  if (edit.deletes) return EditedRows{"SELECT * FROM " + rows + " AS " + alias + " WHERE NOT " + edited, ""};
  std::string columns;
  std::vector<std::string> names;  // the target's columns, then those the run added that the rows hold
  for (const CatalogColumn& column : relation->columns) names.push_back(column.name);
  if (const auto fresh = seen.added.find({relation->schema, relation->name}); fresh != seen.added.end()) {
    for (const auto& column : fresh->second) names.push_back(column.name);
  }
  for (const std::string& column : names) {
    const std::string old_value = alias + "." + ddl::quote_identifier(column);
    const auto found = values.find(column);
    const std::string value = found == values.end() ? old_value
                              : where.empty()       ? found->second
                                                    : "CASE WHEN " + edited + " THEN " + found->second + " ELSE " +
                                                         old_value + " END";
    columns += (columns.empty() ? "" : ", ") + value + " AS " + ddl::quote_identifier(column);
  }
  const std::string all = "SELECT " + columns + " FROM " + rows + " AS " + alias;
  return EditedRows{all, all + (where.empty() ? "" : " WHERE " + edited)};
}

// The target's table (schema, name) of `statement`'s UPDATE or DELETE, and
// its rows as the edit leaves them, where it changes that table's rows alone
// and preflight follows it (rows_after_edit; not after the file's SET ROLE,
// which current_user may read); nullopt otherwise.
struct FollowedEdit {
  std::pair<std::string, std::string> table;
  EditedRows rows;
  std::vector<std::string> trigger_columns;  // the columns its table's BEFORE UPDATE triggers set
};

// What the BEFORE ... FOR EACH ROW triggers of `table` (of the target's,
// whose functions write no rows) do to the rows `edit` changes: the columns
// an UPDATE's set and their values, by the triggers' order (their names');
// nullopt where one may do anything else (skip a row: any a DELETE fires,
// or set it otherwise), or may not fire (a WHEN clause, UPDATE OF columns).
std::optional<std::vector<std::pair<std::string, std::string>>> trigger_sets(const CatalogSnapshot& catalog,
                                                                             const ExpectedSchema& model,
                                                                             const ddl::QualifiedName& name,
                                                                             const ddl::RowsEdit& edit,
                                                                             const RowsSeen& seen, NotFollowed why) {
  std::vector<std::pair<std::string, std::string>> sets;
  const ObjectKey key = model.relation(name);
  const CatalogRelation* relation = live_table(catalog, model, key);
  if (relation == nullptr) return why.say("");
  const auto triggers = live_triggers(model, *relation, key);
  if (!triggers.empty() &&
      (seen.triggers_toggled.count(relation->name) != 0 || seen.triggers_toggled.count(key.name) != 0)) {
    return why.say("the run enabled or disabled a trigger of " + ddl::quote_identifier(relation->name) +
                   " before it");
  }
  for (const CatalogTrigger* trigger : triggers) {
    // (a disabled one, or one for replicas alone, does not fire)
    if (!trigger->fires || !trigger->before_row || !(edit.deletes ? trigger->on_delete : trigger->on_update)) {
      continue;
    }
    const std::string named = "trigger " + ddl::quote_identifier(trigger->name) + " of " +
                              ddl::quote_identifier(relation->name);
    if (edit.deletes) return why.say(named + " may skip the rows it deletes");
    if (trigger->conditional) return why.say(named + " has a WHEN clause or an UPDATE OF column list");
    if (!trigger->sets) return why.say(named + " may do more to a row than set columns to values");
    sets.insert(sets.end(), trigger->sets->begin(), trigger->sets->end());
  }
  return sets;
}

std::optional<FollowedEdit> followed_edit(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                                          const DeclaredStatement& statement, const RowsSeen& seen,
                                          NotFollowed why = {}) {
  if (!statement.updates) return std::nullopt;
  if (!statement.edit) {
    return why.say(statement.unfollowed.empty() ? "preflight does not follow its form" : statement.unfollowed);
  }
  if (seen.rule_made) return why.say("the run made a rule before it");
  if (!statement.role.empty()) return why.say("it runs after SET ROLE");
  if (fills_new_table_alone(catalog, model, *statement.updates)) return std::nullopt;
  const auto table = changes_own_rows_alone(catalog, model, *statement.updates, why);
  if (!table) return std::nullopt;
  const auto by_triggers = trigger_sets(catalog, model, *statement.updates, *statement.edit, seen, why);
  if (!by_triggers) return std::nullopt;
  auto rows = rows_after_edit(catalog, model, *statement.updates, *statement.edit, seen, *by_triggers, why);
  if (!rows) return std::nullopt;
  std::vector<std::string> trigger_columns;
  for (const auto& [column, value] : *by_triggers) trigger_columns.push_back(column);
  return FollowedEdit{*table, std::move(*rows), std::move(trigger_columns)};
}

void check_edited_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                       const DeclaredStatement& statement, const std::string& where, RowsSeen& seen,
                       FindingList& findings) {
  const auto edited = followed_edit(catalog, model, statement, seen);
  if (!edited || statement.edit->deletes) return;
  const CatalogRelation* relation = catalog.find_relation(edited->table.first, edited->table.second);
  const ObjectKey table = model.relation(*statement.updates);
  // (its rules the target's catalog's: none the run dropped or changed; a partitioned table's keys and CHECKs
  // are its partitions' too, which its questions do not read)
  if (relation == nullptr || relation->kind == 'p' || run_changed_table(model, table)) return;
  const std::string table_name = display_name(table, home);
  // Its questions read the rows as it leaves them: all of them where a row
  // it changes may clash with one it leaves; else those it changes alone
  // (PostgreSQL checks no other: a NOT VALID CHECK's rows may fail it).
  const auto as_left = [&](const std::string& rows) {
    auto followed = seen.followed;
    auto& left = followed[edited->table];
    if (left.where.empty()) left.where = where;
    left.last = where;
    left.rows = rows;
    return followed;
  };
  const auto all_rows = as_left(edited->rows.all);
  const auto changed_rows = as_left(edited->rows.changed);
  RowDemand demand;
  demand.what = "UPDATE " + table_name;
  const Asking all{catalog, demand, where, seen.changed_at, seen.emptied, seen.unasked, findings,
                   seen.tables_changed_at, all_rows};
  const Asking changed{catalog, demand, where, seen.changed_at, seen.emptied, seen.unasked, findings,
                       seen.tables_changed_at, changed_rows};
  // (the columns its table's BEFORE UPDATE triggers set too: a value of theirs that does not convert fails it)
  std::set<std::string> set(edited->trigger_columns.begin(), edited->trigger_columns.end());
  for (const auto& [column, value] : statement.edit->sets) set.insert(column);
  const auto sets_any = [&set](const std::vector<std::string>& columns) {
    return std::any_of(columns.begin(), columns.end(), [&set](const std::string& c) { return set.count(c) != 0; });
  };
  const auto ask = [&](RowCheck question, const std::vector<std::string>& named, const std::string& fact) {
    Words words = words_for(question.kind, table_name, named, "");
    if (!fact.empty()) words.fact = fact;
    if (question.kind != RowCheckKind::conversion) words.fact += " with the values it sets";
    words.advice = "its new values must be ones the table takes";
    words.quiet_when_unread = true;
    answer(question.kind == RowCheckKind::duplicates ? all : changed, question, words);
  };
  // Each value converts to its column's type (a string too long for varchar(n)...).
  std::vector<std::string> set_columns(set.begin(), set.end());
  if (auto question = live_question(catalog, model, table, RowCheckKind::conversion, set_columns)) {
    std::string values;
    for (const auto& column : question->columns) values += (values.empty() ? "" : ", ") + ddl::quote_identifier(column);
    question->expression = "ROW(" + values + ")";
    ask(*question, {}, edited->trigger_columns.empty()
                           ? "a value it sets does not convert to its column's type"
                           : "a value it or a trigger of its table sets does not convert to its column's type");
    // (one that does not: the UPDATE fails there, and its rows are no question)
    const RowCheck* converted = catalog.find_row_check(changed.as_asked(*question));
    if (converted != nullptr && converted->found.value_or(false)) return;
  }
  // NOT NULL columns it sets
  for (const auto& column : set_columns) {
    const CatalogColumn* target = column_of(*relation, column);
    if (target == nullptr || !target->not_null) continue;
    if (auto question = live_question(catalog, model, table, RowCheckKind::nulls, {column})) {
      ask(*question, {column}, "");
    }
  }
  // unique indexes of plain columns over a column it sets (not partial, not a DEFERRABLE constraint's)
  std::map<std::string, std::size_t> position;
  std::vector<std::string> names;
  for (const CatalogColumn& column : relation->columns) {
    position[column.name] = names.size();
    names.push_back(column.name);
  }
  for (const CatalogIndex& index : relation->indexes) {
    if (!index.unique || !index.valid || index.definition.find(" WHERE ") != std::string::npos) continue;
    if (deferrable_key(*relation, index)) continue;
    // (still there: not one a DROP INDEX, which names no table, took)
    const auto current = model.current(model.index(ddl::QualifiedName{relation->schema, index.name}));
    if (!current || !current->present || current->fresh) continue;
    const InsertedKey key = inserted_key(*relation, index, position, names, true);
    if (key.named.empty() || !sets_any(key.named)) continue;
    if (auto question = live_question(catalog, model, table, RowCheckKind::duplicates, key.named)) {
      question->nulls_not_distinct = key.nulls_not_distinct;
      ask(*question, key.named, "");
    }
  }
  // CHECK constraints that read a column it sets, and NOT VALID ones (each new row version must pass every
  // CHECK: a valid one whose columns it leaves as they were passes still)
  for (const CatalogConstraint& constraint : relation->constraints) {
    const std::string check = constraint.type == 'c' ? check_expression(constraint.definition) : "";
    if (check.empty()) continue;
    bool reads_set = !constraint.validated;
    for (const auto& token : lexer::tokenize(check)) {
      reads_set = reads_set || (token.is_name() && set.count(token.value) != 0);
    }
    if (!reads_set || !target_evaluates(model, table, check)) continue;
    if (auto question = live_question(catalog, model, table, RowCheckKind::violations, {})) {
      question->expression = check;
      ask(*question, {}, "rows of " + table_name + " on the target fail its CHECK " +
                             ddl::quote_identifier(constraint.name));
    }
  }
}

namespace {

// Why preflight does not follow what `statement`, which may change rows
// (changes_rows_first), does to them, for a warning; "": not known.
std::string unfollowed(const CatalogSnapshot& catalog, const ExpectedSchema& model, const DeclaredStatement& statement,
                       const RowsSeen& seen) {
  if (!statement.unfollowed.empty()) return statement.unfollowed;
  if (statement.facts.command == rule_marker) return "a rule may make an INSERT, UPDATE or DELETE change other rows";
  const auto& changes = statement.facts.cluster_changes;
  if (std::any_of(changes.begin(), changes.end(), [](const auto& c) { return c.command == "DROP OWNED"; })) {
    return "DROP OWNED drops the role's tables, and a partition's or an inheritance child's rows go with it";
  }
  if (!statement.inserts) return "";
  const auto& insert = *statement.inserts;
  if (insert.on_conflict_updates) return "its ON CONFLICT DO UPDATE changes rows preflight does not follow";
  if (seen.rule_made) return "the run made a rule before it";
  if (!runs_no_user_code(catalog, model, insert.table)) return user_code_that_may_run(catalog, model, insert.table);
  std::string why;
  plain_table_of(catalog, model, insert.table, true, {&why});
  return why;
}

// The rows the triggers of the target's `table` (whose rows a statement at
// `where` changes alone, as preflight follows or counts them) add to other
// tables (appended_tables: an audit log's): those tables' rows change too.
void rows_appended_by_triggers(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                               const std::pair<std::string, std::string>& table, const std::string& where,
                               RowsSeen& seen) {
  const CatalogRelation* relation = catalog.find_relation(table.first, table.second);
  if (relation == nullptr) return;
  const ObjectKey key{Space::relation, relation->schema, "", relation->name, ""};
  for (const CatalogTrigger* trigger : live_triggers(model, *relation, key)) {
    if (!trigger->may_write_rows) continue;
    for (const auto& appended : appended_tables(catalog, model, *relation, *trigger).value_or(
             std::vector<std::pair<std::string, std::string>>{})) {
      seen.table_rows_change(appended, RowsSeen::because(where, "trigger " + ddl::quote_identifier(trigger->name) +
                                                                    " of " + ddl::quote_identifier(relation->name) +
                                                                    " adds rows to it"),
                             true);
    }
  }
}

}  // namespace

void rows_before_statement(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                           const DeclaredStatement& statement, const std::string& where, RowsSeen& seen) {
  if (statement.facts.command == rule_marker) seen.rule_made = true;
  if ((statement.facts.command == maintenance_marker || statement.facts.command == "REINDEX") &&
      maintenance_may_write(catalog)) {
    seen.rows_change(RowsSeen::because(where, "it runs index and statistics expressions over the rows, and one "
                                              "calls a function of the user's that may write rows"));
  }
  if (statement.facts.command == maintenance_marker) return;
  if (statement.facts.command == rowless_query_marker) {
    if (names_may_be_users(catalog, model, seen)) {
      seen.rows_change(RowsSeen::because(where, "a name it calls may stand for a function, operator or cast of the "
                                                "user's, which may write rows"));
    }
    return;
  }
  if (statement.inserts_query) {
    // (what its query runs may change rows first; then the rows it adds hold NULL where it sets no value)
    if (changes_rows_first(statement.facts)) {
      seen.rows_change(RowsSeen::because(where, unfollowed(catalog, model, statement, seen)));
    }
    const ObjectKey table = model.relation(statement.inserts_query->table);
    for (auto& column : null_columns_of_insert(catalog, model, table, statement.inserts_query->columns, seen)) {
      seen.null_rows_added[{table.schema, table.name}].try_emplace(std::move(column), where);
    }
    return;
  }
  if (statement.updates) {
    // (it may fill the NULLs rows an INSERT ... query added: of this table, or by a rename another's)
    seen.null_rows_added.clear();
    if (fills_new_table_alone(catalog, model, *statement.updates)) return;  // (the run's rows, which the shadow has)
    std::string why;
    // (a partitioned table's partitions: their rows change, as a question about one of them cannot follow)
    const auto partitions_changed = [&](const std::pair<std::string, std::string>& table) {
      const CatalogRelation* relation = catalog.find_relation(table.first, table.second);
      if (relation == nullptr || relation->kind != 'p') return;
      const std::string by = RowsSeen::because(where, "it changes the rows of partitioned table " +
                                                          ddl::quote_identifier(relation->name) + " (followed there)");
      for (const CatalogRelation* partition : partitions_of(catalog, *relation)) {
        seen.table_rows_change({partition->schema, partition->name}, by, false);
      }
    };
    if (auto edited = followed_edit(catalog, model, statement, seen, {&why})) {
      partitions_changed(edited->table);
      rows_appended_by_triggers(catalog, model, edited->table, where, seen);
      auto& followed = seen.followed[edited->table];
      if (followed.where.empty()) followed.where = where;
      followed.last = where;
      followed.rows = std::move(edited->rows.all);
      return;
    }
    const std::string changed = RowsSeen::because(where, why);
    const auto table = seen.rule_made ? std::nullopt : changes_own_rows_alone(catalog, model, *statement.updates);
    if (!table) return seen.rows_change(changed);
    partitions_changed(*table);
    rows_appended_by_triggers(catalog, model, *table, where, seen);
    return seen.table_rows_change(*table, changed, false);
  }
  if (!statement.truncates.empty()) {
    seen.null_rows_added.clear();
    if (seen.rule_made) return seen.rows_change(RowsSeen::because(where, "the run made a rule before it"));
    for (const auto& name : statement.truncates) {
      if (const auto table = emptied_table(catalog, model, name)) {
        seen.emptied.insert(*table);
        seen.truncated.insert(*table);
      } else if (!truncates_new_table(model, name)) {
        return seen.rows_change(RowsSeen::because(where, "preflight follows a TRUNCATE of plain tables with no "
                                                         "trigger, partition, parent or child, without CASCADE"));
      }
    }
    return;
  }
  if (statement.inserts && fills_new_table_alone(catalog, model, statement.inserts->table)) return;
  if (statement.inserts && !statement.inserts->on_conflict_updates && !seen.rule_made &&
      runs_no_user_code(catalog, model, statement.inserts->table)) {
    // (its DEFAULTs and CHECKs, then, change its own rows at most: the row it inserts)
    if (const auto table = plain_table_of(catalog, model, statement.inserts->table, true)) {
      rows_appended_by_triggers(catalog, model, *table, where, seen);
      return seen.table_rows_change(*table, RowsSeen::because(where, "preflight does not follow the rows it adds"),
                                    true);
    }
  }
  if (statement.inserts && !statement.inserts->on_conflict_updates && !seen.rule_made &&
      adds_rows_alone(catalog, model, statement.inserts->table)) {
    // (a table with no parent or child: its rows are none of another's; and nothing of the user's runs)
    const bool unseen_none = runs_no_user_code(catalog, model, statement.inserts->table);
    const auto table = unseen_none ? emptied_table(catalog, model, statement.inserts->table) : std::nullopt;
    const std::string adds = RowsSeen::because(where, unseen_none ? "preflight does not follow the rows it adds"
                                                                  : user_code_that_may_run(catalog, model,
                                                                                           statement.inserts->table));
    if (table) return seen.table_rows_change(*table, adds, true);
    // (a function of the user's that may write rows, which it may reach unseen, may remove some too)
    return seen.rows_change(adds, unseen_none);
  }
  if (changes_rows_first(statement.facts)) seen.rows_change(RowsSeen::because(where, unfollowed(catalog, model,
                                                                                                 statement, seen)));
  if (fires_event_trigger_writing_rows(catalog, statement.facts, seen, true)) {
    seen.rows_change(event_trigger_fires(where, seen));
  }
}

bool check_empty_table(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                       const ddl::Declaration& d, const std::string& location, RowsSeen& seen,
                       FindingList& findings) {
  if (d.location.conditional || d.location.exception_guarded || !d.column) return false;
  const ObjectKey table = model.relation(d.parent);
  // (IF NOT EXISTS of a column there already adds none)
  if (d.if_not_exists && model.current(ObjectKey{Space::column, table.schema, table.name, d.name.name, {}})) {
    return false;
  }
  const CatalogRelation* relation = live_table(catalog, model, table);
  if (relation == nullptr) return false;
  // The column goes to the table's inheritance children too, unless ONLY;
  // a child that has one of that name keeps it, with its rows' values:
  // then the table's own rows alone are asked about.
  bool merged = false;
  for (const CatalogRelation& other : catalog.relations) {
    const bool child = std::find(other.parents.begin(), other.parents.end(),
                                 std::make_pair(relation->schema, relation->name)) != other.parents.end();
    if (child && column_of(other, d.name.name) != nullptr) merged = true;
  }
  const auto question = live_question(catalog, model, table, RowCheckKind::any_row, {}, !d.parent_only && !merged);
  if (!question) return false;
  if (seen.emptied.count({question->schema, question->table}) != 0) return true;  // by a TRUNCATE before it
  RowDemand demand;
  const bool primary_key = std::any_of(d.column->constraints.begin(), d.column->constraints.end(),
                                       [](const auto& c) { return c.kind == ddl::ConstraintKind::primary_key; });
  // (NOT NULL written, an inline PRIMARY KEY, or a NOT NULL domain)
  const std::string how = d.column->declared_not_null ? " NOT NULL"
                          : primary_key               ? " PRIMARY KEY"
                                                      : " " + d.column->type + " (a NOT NULL domain)";
  demand.what = "ADD COLUMN " + ddl::quote_identifier(d.name.name) + how + " without a DEFAULT";
  // (another subcommand of its ALTER TABLE, a type change, never empties the table)
  const Asking asking{catalog, demand, location, seen.changed_at, seen.emptied, seen.unasked, findings,
                      seen.tables_changed_at, seen.followed};
  Words words = words_for(question->kind, display_name(table, home), {}, "");
  if (!d.column->declared_not_null) {
    words.advice = primary_key ? "give the column a DEFAULT, or add it without the key, fill it, then ADD PRIMARY KEY"
                               : "give the column (or its domain) a DEFAULT";
  }
  answer(asking, *question, words);
  const RowCheck* answered = catalog.find_row_check(asking.as_asked(*question));
  return answered != nullptr && (answered->found.has_value() || !answered->unread.empty());
}

namespace {

// ALTER COLUMN ... TYPE rebuilds the target's unique indexes over the
// column (a primary key's, a UNIQUE constraint's) under the new type. Where
// that may make distinct values equal (ddl::may_equate_values: text to
// citext, say), the target's rows, read under the old type, do not tell
// whether it fails: a warning says so.
void check_unique_rebuilt(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                          const ddl::Declaration& d, const std::string& location, FindingList& findings) {
  if (d.kind != ddl::ObjectKind::column || d.change != ddl::Change::set_type || !d.column) return;
  const ObjectKey table = model.relation(d.parent);
  const CatalogRelation* relation = live_table(catalog, model, table);
  const auto live = live_column(model, table, d.name.name);
  const auto current = model.current(ObjectKey{Space::column, table.schema, table.name, d.name.name, {}});
  if (relation == nullptr || !live || !current || !current->type_known || !current->column) return;
  if (!ddl::may_equate_values(current->column->type, *d.column)) return;
  const std::string column = display_name(table, home) + "." + ddl::quote_identifier(d.name.name);
  for (const CatalogIndex& index : relation->indexes) {
    if (!(index.unique || index.primary) || !index.valid) continue;
    const auto elements = definition_columns(index.definition, " USING ");
    const bool reads = std::any_of(elements.begin(), elements.end(), [&live](const std::string& element) {
      return ddl::index_element_column(element) == live->name;
    });
    if (!reads) continue;
    // (still there: not one the run dropped, with its key or by a DROP INDEX)
    const auto kept = model.current(model.index(ddl::QualifiedName{relation->schema, index.name}));
    if (!kept || !kept->present) continue;
    findings.add(Severity::warning,
                 "not checked whether two rows of the target hold values of " + column + " that are equal as " +
                     d.column->declared_type + (d.column->collation.empty() ? "" : " COLLATE " + d.column->collation) +
                     ": ALTER COLUMN " + ddl::quote_identifier(d.name.name) + " TYPE " + d.column->declared_type +
                     " rebuilds unique index " + ddl::quote_identifier(index.name) + " under the new type (" +
                     current->column->type + " to " + d.column->type + "), which fails (23505) if they do",
                 location);
  }
}

}  // namespace

void check_declaration_rows(const CatalogSnapshot& catalog, const ExpectedSchema& model, const std::string& home,
                            const ddl::StatementFacts& statement, const std::string& where,
                            const ddl::Declaration& d, const std::string& location, RowsSeen& seen,
                            FindingList& findings) {
  // One a DO block may skip (a branch) or whose failure it catches
  // (EXCEPTION): whether it fails there is the block's business.
  if (d.location.conditional || d.location.exception_guarded) return;
  // an IF NOT EXISTS of an index the table has builds nothing
  if (d.if_not_exists && d.kind == ddl::ObjectKind::index && model.current(model.index(d.name))) return;
  // Another subcommand of its statement that changes rows (a type change)
  // does so before PostgreSQL checks them.
  const auto& others = statement.declarations;
  // (a plain type change of another column writes that column's values
  // alone, which a SET NOT NULL or a type change without USING of this one
  // does not read: a hunt's WILL BLOCK where up failed)
  const bool reads_own_column =
      d.kind == ddl::ObjectKind::column &&
      (d.change == ddl::Change::set_not_null ||
       (d.change == ddl::Change::set_type && d.column && d.column->using_expression.empty()));
  const auto retypes_another = [&](const ddl::Declaration& other) {
    return reads_own_column && other.kind == ddl::ObjectKind::column && other.change == ddl::Change::set_type &&
           other.name.name != d.name.name && other.parent == d.parent && !catalog.unseen_calls && other.column &&
           !ddl::calls_users_function(other.column->using_expression) && !ddl::user_type_name(other.column->type);
  };
  const bool changed = std::any_of(others.begin(), others.end(), [&](const ddl::Declaration& other) {
    return &other != &d && !retypes_another(other) && changes_rows(catalog, model, other);
  });
  check_partition_rows(catalog, model, home, d, location, changed ? where : "", seen, findings);
  check_unique_rebuilt(catalog, model, home, d, location, findings);
  auto demand = row_demand(d);
  if (!demand) demand = validate_demand(model, d);
  if (!demand) demand = added_column_demand(d);
  if (!demand) return;
  if (!demand->check.empty()) demand->added_values = added_values(statement, d);
  check_rows(catalog, model, home, *demand, location, changed ? where : "", seen, findings);
}

void rows_after_column_change(const CatalogSnapshot& catalog, const ExpectedSchema& model, const ddl::Declaration& d,
                              const std::string& where, RowsSeen& seen) {
  if (d.action != ddl::Action::create) {
    const bool renames = d.action == ddl::Action::alter && d.change == ddl::Change::rename;
    if (d.action != ddl::Action::drop && !renames) return;
    const ObjectKey table = model.relation(d.parent);
    if (const auto nulls = seen.null_rows_added.find({table.schema, table.name}); nulls != seen.null_rows_added.end()) {
      nulls->second.erase(d.name.name);
    }
    const CatalogRelation* relation = live_table(catalog, model, model.relation(d.parent));
    const auto added = relation ? seen.added.find({relation->schema, relation->name}) : seen.added.end();
    if (added == seen.added.end()) return;
    const auto renamed = std::find_if(added->second.begin(), added->second.end(), [&d](const auto& column) {
      return !column.gone && column.name == d.name.name;
    });
    // (a branch of a DO block may or may not: either way, no longer known to be it)
    for (auto& column : added->second) column.gone = column.gone || column.name == d.name.name;
    // A RENAME of one the rows hold, to a name none of their columns has:
    // they hold it under its new name too.
    const auto named = [&](const RowsSeen::AddedColumn& column) { return column.name == d.new_name; };
    const bool plain = renamed != added->second.end() && !d.location.conditional && !d.location.exception_guarded;
    if (!renames || !plain || d.new_name.empty() || seen.followed.count(added->first) == 0 ||
        column_of(*relation, d.new_name) != nullptr ||
        std::any_of(added->second.begin(), added->second.end(), named)) {
      return;
    }
    auto& followed = seen.followed[added->first];
    followed.rows = "SELECT pgapply_renamed.*, pgapply_renamed." + ddl::quote_identifier(d.name.name) + " AS " +
                    ddl::quote_identifier(d.new_name) + " FROM (" + followed.rows + "\n) AS pgapply_renamed";
    added->second.push_back({d.new_name, renamed->type});
    return;
  }
  if (d.location.conditional || d.location.exception_guarded) return;
  const auto value = added_value(d, d.parent);
  if (!value) return;
  const ObjectKey key = model.relation(d.parent);
  const CatalogRelation* relation = live_table(catalog, model, key);
  // (a parent's column goes to its children, whose rows these are not)
  if (relation == nullptr || relation->kind != 'r' || !relation->parents.empty() || model.has_inheritors(key) ||
      model.is_inheritor(key)) {
    return;
  }
  const std::pair<std::string, std::string> table{relation->schema, relation->name};
  // (no row to hold it, or rows preflight does not follow)
  if (seen.emptied.count(table) != 0 || seen.tables_changed_at.count(table) != 0) return;
  auto& columns = seen.added[table];
  const auto named = [&d](const RowsSeen::AddedColumn& column) { return column.name == d.name.name; };
  if (column_of(*relation, d.name.name) != nullptr || std::any_of(columns.begin(), columns.end(), named)) {
    // (the rows the followed ones hold have a column of that name already)
    seen.followed.erase(table);
    seen.added.erase(table);
    seen.tables_changed_at.try_emplace(
        table, RowsSeen::because(where, "the run dropped a column of that name and added it again"));
    return;
  }
  const auto before = seen.followed.find(table);
  const std::string rows = before != seen.followed.end() ? "(" + before->second.rows + "\n)"
                                                         : "ONLY " + ddl::quote_identifier(relation->schema) + "." +
                                                               ddl::quote_identifier(relation->name);
  auto& followed = seen.followed[table];
  followed.rows = "SELECT pgapply_added.*, " + *value + " AS " + ddl::quote_identifier(d.name.name) + " FROM " +
                  rows + " AS pgapply_added";
  followed.last = where;
  columns.push_back({d.name.name, d.column->declared_type});
}

void rows_after_statement(const CatalogSnapshot& catalog, const ExpectedSchema& model,
                          const ddl::StatementFacts& statement, const std::string& where, RowsSeen& seen) {
  // (the facts collector's markers)
  if (statement.command == search_path_marker) seen.type_names_changed = true;
  if (statement.command == setting_marker && !seen.evaluation_changed) {
    seen.evaluation_changed = true;
    seen.evaluation_changed_by = "a SET of a setting before it";
  }
  if (fires_event_trigger_writing_rows(catalog, statement, seen, false)) {
    seen.rows_change(event_trigger_fires(where, seen));
  }
  if (statement.command == "CREATE EVENT TRIGGER" || statement.command == "ALTER EVENT TRIGGER") {
    seen.event_trigger_made = true;
  }
  for (const auto& d : statement.declarations) {
    // (ATTACH PARTITION brings rows under an emptied table)
    if (std::string why; changes_rows(catalog, model, d, &why)) seen.rows_change(RowsSeen::because(where, why));
    // (an ALTER DOMAIN's CHECK it adds or validates runs over the rows, and a DEFAULT it sets over the rows
    // inserted after it: either may call a function of the user's that writes rows)
    const bool renames = d.change == ddl::Change::rename || d.change == ddl::Change::owner ||
                         d.change == ddl::Change::set_schema;
    if (d.kind == ddl::ObjectKind::domain && d.action == ddl::Action::alter && !renames) {
      seen.rows_change(RowsSeen::because(where, "an ALTER DOMAIN's CHECK or DEFAULT may call a function of the "
                                                "user's that writes rows"));
    }
    // ENABLE | DISABLE TRIGGER name, or ALL | USER (the table's)
    const bool toggles = d.action == ddl::Action::alter &&
                         (d.change == ddl::Change::enable || d.change == ddl::Change::disable);
    if (toggles && d.kind == ddl::ObjectKind::trigger) seen.triggers_toggled.insert(d.parent.name);
    if (toggles && d.kind == ddl::ObjectKind::table) seen.triggers_toggled.insert(d.name.name);
    if (d.location.from_do_block && (d.kind == ddl::ObjectKind::index || d.kind == ddl::ObjectKind::constraint)) {
      seen.keys_made_in_block = true;
    }
    const bool definition = d.kind == ddl::ObjectKind::function || d.kind == ddl::ObjectKind::procedure ||
                            d.kind == ddl::ObjectKind::type || d.kind == ddl::ObjectKind::domain;
    if (definition) seen.type_names_changed = true;
    // (a string the target reads as an enum's label it does not have yet)
    if (d.kind == ddl::ObjectKind::enum_value && !seen.evaluation_changed) {
      seen.evaluation_changed = true;
      seen.evaluation_changed_by = "an enum label the run added or renamed before it";
    }
  }
}

}  // namespace pgapply::schema
