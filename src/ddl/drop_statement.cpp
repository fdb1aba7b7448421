// DROP kind [CONCURRENTLY] [IF EXISTS] name [, ...] [CASCADE | RESTRICT]
// DROP FUNCTION|PROCEDURE|ROUTINE [IF EXISTS] name [(arguments)] [, ...] ...
// DROP TRIGGER|POLICY [IF EXISTS] name ON table [CASCADE | RESTRICT]

#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

std::optional<ObjectKind> accept_object_kind(TokenCursor& c, bool parts) {
  if (c.accept_word("table") || c.accept_words({"foreign", "table"})) return ObjectKind::table;
  if (c.accept_word("view")) return ObjectKind::view;
  if (c.accept_words({"materialized", "view"})) return ObjectKind::materialized_view;
  if (c.accept_word("index")) return ObjectKind::index;
  if (c.accept_word("sequence")) return ObjectKind::sequence;
  if (c.accept_word("type")) return ObjectKind::type;
  if (c.accept_word("domain")) return ObjectKind::domain;
  if (c.accept_word("schema")) return ObjectKind::schema;
  if (c.accept_word("extension")) return ObjectKind::extension;
  if (c.accept_word("function") || c.accept_word("routine")) return ObjectKind::function;
  if (c.accept_word("procedure")) return ObjectKind::procedure;
  if (c.accept_word("trigger")) return ObjectKind::trigger;
  if (c.accept_word("policy")) return ObjectKind::policy;
  if (parts && c.accept_word("column")) return ObjectKind::column;
  if (parts && c.accept_word("constraint")) return ObjectKind::constraint;
  return std::nullopt;
}

bool parse_drop(TokenCursor& c, FactsBuilder& out) {
  const std::size_t start = c.pos();
  const auto kind = accept_object_kind(c, /*parts=*/false);
  if (!kind) return false;
  const bool concurrently = *kind == ObjectKind::index && c.accept_word("concurrently");
  if (concurrently) out.require(Feature::drop_index_concurrently, start);
  if (*kind == ObjectKind::procedure) out.require(Feature::procedure, start);
  if (*kind == ObjectKind::policy) out.require(Feature::row_level_security, start);
  const bool if_exists = c.accept_if_exists();

  // CASCADE / RESTRICT end the statement.
  std::size_t names_end = c.end();
  bool cascade = false;
  if (names_end > c.pos() && (c.token(names_end - 1).is_word("cascade") || c.token(names_end - 1).is_word("restrict"))) {
    cascade = c.token(names_end - 1).is_word("cascade");
    --names_end;
  }
  for (const auto& piece : c.split_commas({c.pos(), names_end})) {
    TokenCursor item = c.sub(piece);
    const auto name = item.accept_qualified_name();
    if (!name) continue;
    Declaration d = out.make(*kind, Action::drop, piece.begin);
    d.name = *name;
    d.if_exists = if_exists;
    d.cascade = cascade;
    if (concurrently) {
      d.index = IndexSpec{};
      d.index->concurrently = true;
    }
    if (*kind == ObjectKind::function || *kind == ObjectKind::procedure) {
      if (const auto arguments = item.accept_parenthesised()) {
        d.routine = parse_routine_arguments(item, *arguments, *kind == ObjectKind::procedure);
      }
    }
    if ((*kind == ObjectKind::trigger || *kind == ObjectKind::policy) && item.accept_word("on")) {
      d.parent = item.accept_qualified_name().value_or(QualifiedName{});
      // trigger and policy names are not schema-qualified: the table's schema is theirs
    }
    assess_drop(d);
    out.add(std::move(d));
  }
  return true;
}

}  // namespace pgapply::ddl
