// CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table
//   [USING method] (elements) [INCLUDE (...)] [NULLS [NOT] DISTINCT]
//   [WITH (...)] [TABLESPACE t] [WHERE predicate]

#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

void parse_create_index(TokenCursor& c, FactsBuilder& out, std::size_t start, bool unique) {
  Declaration d = out.make(ObjectKind::index, Action::create, start);
  IndexSpec index;
  index.unique = unique;
  index.concurrently = c.accept_word("concurrently");
  d.if_not_exists = c.accept_if_not_exists();
  if (d.if_not_exists) out.require(Feature::create_index_if_not_exists, start);
  if (!c.at_word("on")) d.name.name = c.accept_name().value_or("");
  if (!c.accept_word("on")) return;
  if (c.accept_word("only")) {
    index.only = true;
    out.require(Feature::index_on_only, start);
  }
  const auto table = c.accept_qualified_name();
  if (!table) return;
  d.parent = *table;
  d.name.schema = table->schema;  // an index lives in its table's schema
  if (c.accept_word("using")) index.method = c.accept_name().value_or("");
  if (const auto inside = c.accept_parenthesised()) {
    for (const auto& element : c.split_commas(*inside)) index.elements.push_back(c.collapsed_text(element));
  }
  while (!c.done()) {
    const std::size_t at = c.pos();
    if (c.accept_word("include")) {
      if (const auto inside = c.accept_parenthesised()) {
        for (const auto& column : c.split_commas(*inside)) index.include.push_back(c.collapsed_text(column));
      }
      out.require(Feature::index_include, at);
    } else if (c.accept_word("nulls")) {
      index.nulls_not_distinct = c.accept_word("not");
      c.accept_word("distinct");
      if (index.nulls_not_distinct) out.require(Feature::nulls_not_distinct, at);
    } else if (c.accept_word("where")) {
      index.where = c.text({c.pos(), c.end()});
      break;
    } else {
      c.skip_element();  // WITH (...), TABLESPACE name
    }
  }
  d.index = std::move(index);
  assess_create_index(d);
  out.add(std::move(d));
}

}  // namespace pgapply::ddl
