// CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW name [(columns)] [WITH (...)] AS query
// CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(columns)] [USING m] [WITH (...)]
//   [TABLESPACE t] AS query [WITH [NO] DATA]

#include "ddl/constraint_clause.hpp"
#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

void parse_create_view(TokenCursor& c, FactsBuilder& out, std::size_t start, bool or_replace, bool materialized,
                       ViewSpec spec) {
  Declaration d = out.make(materialized ? ObjectKind::materialized_view : ObjectKind::view, Action::create, start);
  d.or_replace = or_replace;
  if (materialized) out.require(Feature::materialized_view, start);
  if (spec.recursive) out.require(Feature::recursive_view, start);
  d.if_not_exists = c.accept_if_not_exists();
  if (d.if_not_exists) out.require(Feature::materialized_view_if_not_exists, start);
  const auto name = c.accept_qualified_name();
  if (!name) return;
  d.name = *name;
  if (c.at_punct("(")) spec.columns = parse_name_list(c);
  const std::size_t as = c.find_at_depth0([](const lexer::Token& t) { return t.is_word("as"); });
  if (as < c.end()) {
    std::size_t end = c.end();
    // WITH [NO] DATA ends a materialized view's query
    if (materialized && end - as > 2 && c.token(end - 1).is_word("data")) {
      const bool no = c.token(end - 2).is_word("no");
      if (c.token(end - (no ? 3 : 2)).is_word("with")) {
        spec.with_no_data = no;
        end -= no ? 3 : 2;
      }
    }
    spec.query = c.text({as + 1, end});
  }
  d.view = std::move(spec);
  assess_replace_view(d);
  out.add(std::move(d));
}

}  // namespace pgapply::ddl
