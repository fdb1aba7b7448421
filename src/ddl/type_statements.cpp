// CREATE TYPE name AS ENUM (...) | AS (attributes) | AS RANGE (...) | (base type options) | (shell)
// CREATE DOMAIN name [AS] type [COLLATE c] [DEFAULT expr] [constraints]
// ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'label' [BEFORE|AFTER 'label'] | RENAME VALUE ... | ...

#include "ddl/column_definition.hpp"
#include "ddl/constraint_clause.hpp"
#include "ddl/statement_parsers.hpp"
#include "ddl/types.hpp"

namespace pgapply::ddl {

void parse_create_type(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::type, Action::create, start);
  const auto name = c.accept_qualified_name();
  if (!name) return;
  d.name = *name;
  TypeSpec type;
  if (c.accept_words({"as", "enum"})) {
    type.kind = TypeKind::enum_type;
    if (const auto inside = c.accept_parenthesised()) {
      for (const auto& piece : c.split_commas(*inside)) {
        if (!piece.empty() && c.token(piece.begin).kind == lexer::TokenKind::string) {
          type.labels.push_back(c.token(piece.begin).value);
        }
      }
    }
  } else if (c.accept_words({"as", "range"})) {
    type.kind = TypeKind::range;
    out.require(Feature::range_type, start);
  } else if (c.accept_word("as")) {
    type.kind = TypeKind::composite;
    if (const auto inside = c.accept_parenthesised()) {
      for (const auto& piece : c.split_commas(*inside)) {
        TokenCursor attribute = c.sub(piece);
        if (auto parsed = parse_column_definition(attribute)) type.attributes.push_back(std::move(parsed->spec));
      }
    }
  } else if (c.at_punct("(")) {
    type.kind = TypeKind::base;
  } else {
    type.kind = TypeKind::shell;
  }
  d.type = std::move(type);
  out.add(std::move(d));
}

void parse_create_domain(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::domain, Action::create, start);
  const auto name = c.accept_qualified_name();
  if (!name) return;
  d.name = *name;
  c.accept_word("as");
  TypeSpec type;
  type.kind = TypeKind::domain;
  // The rest reads like a column definition without the name.
  const std::size_t type_stop = type_end(c);
  type.declared_base_type = c.collapsed_text({c.pos(), type_stop});
  type.base_type = normalize_type(type.declared_base_type);
  c.seek(type_stop);
  std::string pending_name;
  while (!c.done()) {
    if (c.accept_word("constraint")) {
      pending_name = c.accept_name().value_or("");
      continue;
    }
    if (c.accept_words({"not", "null"})) {
      type.not_null = true;
    } else if (c.accept_word("null")) {
      type.not_null = false;
    } else if (c.accept_word("default")) {
      const std::size_t begin = c.pos();
      c.skip_element();
      const std::size_t end = c.find_at_depth0([](const lexer::Token& t) {
        return t.is_word("constraint") || t.is_word("not") || t.is_word("null") || t.is_word("check") ||
               t.is_word("collate");
      });
      type.default_expression = c.text({begin, end});
      c.seek(end);
    } else if (c.accept_word("check")) {
      ConstraintSpec check;
      check.kind = ConstraintKind::check;
      check.name = pending_name;
      if (const auto inside = c.accept_parenthesised()) check.expression = c.text(*inside);
      type.constraints.push_back(std::move(check));
    } else {
      c.skip_element();  // COLLATE name and anything else
    }
    pending_name.clear();
  }
  d.type = std::move(type);
  out.add(std::move(d));
}

void parse_alter_type(TokenCursor& c, FactsBuilder& out, std::size_t start, bool in_do_block) {
  const auto name = c.accept_qualified_name();
  if (!name) return;
  const std::size_t at = c.pos();
  if (c.accept_words({"add", "value"})) {
    Declaration d = out.make(ObjectKind::enum_value, Action::create, at);
    d.parent = *name;
    out.require(Feature::enum_add_value, start);
    if (c.accept_if_not_exists()) {
      d.if_not_exists = true;
      out.require(Feature::enum_add_value_if_not_exists, start);
    }
    if (c.peek() != nullptr && c.peek()->kind == lexer::TokenKind::string) d.name.name = c.peek()->value;
    if (in_do_block) out.require(Feature::enum_add_value_in_transaction, start);
    add_hazard(d, HazardKind::note,
               "the new value cannot be used until the transaction commits; before PostgreSQL 12 ADD "
               "VALUE cannot run inside a transaction block");
    out.add(std::move(d));
    return;
  }
  if (c.accept_words({"rename", "value"})) {
    Declaration d = out.make(ObjectKind::enum_value, Action::alter, at);
    d.parent = *name;
    d.change = Change::rename;
    out.require(Feature::enum_rename_value, start);
    if (c.peek() != nullptr && c.peek()->kind == lexer::TokenKind::string) d.name.name = c.peek()->value;
    c.advance();
    if (c.accept_word("to") && c.peek() != nullptr) d.new_name = c.peek()->value;
    out.add(std::move(d));
    return;
  }
  Declaration d = out.make(ObjectKind::type, Action::alter, start);
  d.name = *name;
  if (c.accept_words({"rename", "to"})) {
    d.change = Change::rename;
    d.new_name = c.accept_name().value_or("");
  } else if (c.accept_words({"owner", "to"})) {
    d.change = Change::owner;
    d.new_owner = c.accept_name().value_or("");
  } else if (c.accept_words({"set", "schema"})) {
    d.change = Change::set_schema;
    d.new_schema = c.accept_name().value_or("");
  } else {
    d.change = Change::other;  // attributes of a composite type, SET (...)
  }
  out.add(std::move(d));
}

}  // namespace pgapply::ddl
