// CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role] | CREATE SCHEMA AUTHORIZATION role
// CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]
// CREATE [TEMP|UNLOGGED] SEQUENCE [IF NOT EXISTS] name [options]
// ALTER SEQUENCE|VIEW|INDEX|SCHEMA|... [IF EXISTS] name RENAME TO | SET SCHEMA | OWNER TO | ...

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
  // CREATE SCHEMA s CREATE TABLE ...: the elements are not analysed
  if (!c.done()) out.facts().incomplete = true;
  out.add(std::move(d));
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
