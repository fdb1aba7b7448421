// CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role] | CREATE SCHEMA AUTHORIZATION role
// CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]
// CREATE [TEMP|UNLOGGED] SEQUENCE [IF NOT EXISTS] name [options]
// ALTER SEQUENCE|VIEW|INDEX|SCHEMA|... [IF EXISTS] name RENAME TO | SET SCHEMA | OWNER TO | ...

#include <algorithm>
#include <vector>

#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

void parse_create_schema(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::schema, Action::create, start);
  d.if_not_exists = c.accept_if_not_exists();
  if (d.if_not_exists) out.require(Feature::create_schema_if_not_exists, start);
  if (c.accept_word("authorization")) {
    d.name.name = c.accept_name().value_or("");  // the schema is named after the role
    d.new_owner = d.name.name;
  } else {
    d.name.name = c.accept_name().value_or("");
    if (c.accept_word("authorization")) d.new_owner = c.accept_name().value_or("");
  }
  if (d.name.empty()) return;
  const std::string schema = d.name.name;
  out.add(std::move(d));
  // CREATE SCHEMA s CREATE TABLE t ... GRANT ...: each element as a statement
  // of its own, its unqualified names in s (PostgreSQL puts s first in the
  // search path while it makes them), in the order PostgreSQL runs them:
  // sequences, tables, views, indexes, triggers, then grants, each kind as written.
  const std::string command = out.facts().command;
  const auto element_start = [](const lexer::Token& token) {
    return token.is_word("create") || token.is_word("grant");
  };
  struct Element {
    int rank;
    TokenRange range;  // from its CREATE or GRANT
  };
  std::vector<Element> elements;
  while (!c.done()) {
    const std::size_t begin = c.pos();
    if (!element_start(c.token(begin))) {
      out.facts().incomplete = true;
      break;
    }
    c.advance();
    const std::size_t end = c.find_at_depth0(element_start);
    int rank = 5;  // GRANT
    if (c.at_word("sequence")) {
      rank = 0;
    } else if (c.at_word("table")) {
      rank = 1;
    } else if (c.at_word("view") || c.at_any_word({"or", "recursive"})) {
      rank = 2;
    } else if (c.at_word("index") || c.at_word("unique")) {
      rank = 3;
    } else if (c.token(begin).is_word("create")) {
      rank = 4;  // TRIGGER
    }
    elements.push_back({rank, {begin, end}});
    c.seek(end);
  }
  std::stable_sort(elements.begin(), elements.end(),
                   [](const Element& a, const Element& b) { return a.rank < b.rank; });
  for (const Element& element : elements) {
    TokenCursor words = c.sub({element.range.begin + 1, element.range.end});
    auto& facts = out.facts();
    const std::size_t first = facts.declarations.size();
    const std::size_t first_privilege = facts.privilege_changes.size();
    if (element.rank < 5) {
      parse_create(words, out, element.range.begin);
    } else {
      parse_role_membership(words, out, true);
    }
    for (std::size_t i = first; i < facts.declarations.size(); ++i) {
      Declaration& made = facts.declarations[i];
      if (!made.parent.empty() && made.parent.schema.empty()) made.parent.schema = schema;
      const bool relation = made.kind == ObjectKind::table || made.kind == ObjectKind::view ||
                            made.kind == ObjectKind::materialized_view || made.kind == ObjectKind::sequence ||
                            made.kind == ObjectKind::index;
      if (relation && made.name.schema.empty()) made.name.schema = schema;
    }
    for (std::size_t i = first_privilege; i < facts.privilege_changes.size(); ++i) {
      if (facts.privilege_changes[i].name.schema.empty()) facts.privilege_changes[i].name.schema = schema;
    }
  }
  // A foreign key to a table an element makes: in s too.
  std::vector<std::string> tables;
  for (const Declaration& made : out.facts().declarations) {
    if (made.kind == ObjectKind::table && made.action == Action::create && made.name.schema == schema) {
      tables.push_back(made.name.name);
    }
  }
  const auto in_schema = [&](QualifiedName& table) {
    if (table.schema.empty() && std::find(tables.begin(), tables.end(), table.name) != tables.end()) {
      table.schema = schema;
    }
  };
  for (Declaration& made : out.facts().declarations) {
    if (made.constraint) in_schema(made.constraint->references);
    if (made.column) {
      for (ConstraintSpec& constraint : made.column->constraints) in_schema(constraint.references);
    }
  }
  out.set_command(command);
}

void parse_create_extension(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::extension, Action::create, start);
  out.require(Feature::create_extension, start);
  d.if_not_exists = c.accept_if_not_exists();
  d.name.name = c.accept_name().value_or("");
  if (d.name.empty()) return;
  ExtensionSpec extension;
  c.accept_word("with");
  while (!c.done()) {
    if (c.accept_word("schema")) {
      extension.schema = c.accept_name().value_or("");
    } else if (c.accept_word("version")) {
      if (c.peek() != nullptr) extension.version = c.peek()->value;
      c.advance();
    } else if (c.accept_word("cascade")) {
      extension.cascade = true;
    } else {
      c.advance();
    }
  }
  d.extension = std::move(extension);
  out.add(std::move(d));
}

namespace {

// OWNED BY table.column, schema.table.column or NONE, wherever it is among a
// sequence's options (the last one given counts, as in PostgreSQL).
std::optional<SequenceOwner> owned_by_option(TokenCursor c) {
  std::optional<SequenceOwner> found;
  while (!c.done()) {
    if (!c.accept_words({"owned", "by"})) {
      c.skip_element();
      continue;
    }
    if (c.accept_word("none")) {
      found = SequenceOwner{};
      continue;
    }
    std::vector<std::string> parts;
    while (const auto part = c.accept_name()) {
      parts.push_back(*part);
      if (!c.accept_punct(".")) break;
    }
    if (parts.size() < 2) return std::nullopt;  // not one PostgreSQL takes: say nothing
    SequenceOwner owner;
    owner.column = parts.back();
    owner.table.name = parts[parts.size() - 2];
    if (parts.size() >= 3) owner.table.schema = parts[parts.size() - 3];
    found = std::move(owner);
  }
  return found;
}

}  // namespace

void parse_create_sequence(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::sequence, Action::create, start);
  d.if_not_exists = c.accept_if_not_exists();
  if (d.if_not_exists) out.require(Feature::create_sequence_if_not_exists, start);
  const auto name = c.accept_qualified_name();
  if (!name) return;
  d.name = *name;
  d.owned_by = owned_by_option(c);
  out.add(std::move(d));
}

void parse_alter_object(TokenCursor& c, FactsBuilder& out, std::size_t start, ObjectKind kind) {
  Declaration d = out.make(kind, Action::alter, start);
  d.parent_if_exists = c.accept_if_exists();
  const auto name = c.accept_qualified_name();
  if (!name) return;
  d.name = *name;
  if (kind == ObjectKind::function || kind == ObjectKind::procedure) {
    if (const auto arguments = c.accept_parenthesised()) {
      d.routine = parse_routine_arguments(c, *arguments, kind == ObjectKind::procedure);
    }
  }
  const bool view = kind == ObjectKind::view || kind == ObjectKind::materialized_view;
  if (view && c.at_word("rename") && !c.at_word("to", 1)) {
    // ALTER VIEW v RENAME [COLUMN] a TO b: a column's rename, as ALTER TABLE's
    c.advance();
    c.accept_word("column");
    Declaration column = out.make(ObjectKind::column, Action::alter, start);
    column.parent = d.name;
    column.parent_if_exists = d.parent_if_exists;
    column.name.name = c.accept_name().value_or("");
    column.change = Change::rename;
    if (c.accept_word("to")) column.new_name = c.accept_name().value_or("");
    if (!column.name.empty() && !column.new_name.empty()) out.add(std::move(column));
    return;
  }
  if (c.accept_words({"rename", "to"})) {
    d.change = Change::rename;
    d.new_name = c.accept_name().value_or("");
  } else if (c.accept_words({"set", "schema"})) {
    d.change = Change::set_schema;
    d.new_schema = c.accept_name().value_or("");
  } else if (c.accept_words({"owner", "to"})) {
    d.change = Change::owner;
    d.new_owner = c.accept_name().value_or("");
  } else {
    d.change = Change::other;
    if (kind == ObjectKind::sequence) d.owned_by = owned_by_option(c);
  }
  out.add(std::move(d));
}

}  // namespace pgapply::ddl
