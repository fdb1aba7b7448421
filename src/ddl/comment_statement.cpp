// COMMENT ON kind object IS 'text' | NULL

#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

void parse_comment(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  const auto on = accept_object_kind(c, /*parts=*/true);
  if (!on) {  // COMMENT ON ROLE, DATABASE...: not the schema model's, but the server's
    parse_cluster_comment(c, out);
    return;
  }
  // IS 'text' | IS NULL: the last depth-0 IS
  std::size_t is = c.end();
  for (TokenCursor scan = c; !scan.done();) {
    const std::size_t found = scan.find_at_depth0([](const lexer::Token& t) { return t.is_word("is"); });
    if (found >= scan.end()) break;
    is = found;
    scan.seek(found + 1);
  }
  if (is >= c.end()) return;
  Declaration d = out.make(ObjectKind::comment, Action::create, start);
  CommentSpec comment;
  comment.on = *on;
  if (is + 1 < c.end() && c.token(is + 1).kind == lexer::TokenKind::string) {
    comment.text = c.token(is + 1).value;
  } else if (is + 1 < c.end() && c.token(is + 1).is_word("null")) {
    d.action = Action::drop;
  }
  TokenCursor target = c.sub({c.pos(), is});
  QualifiedName table;
  if (*on == ObjectKind::column) {
    // [schema.]table.column
    std::vector<std::string> parts;
    while (const auto part = target.accept_name()) {
      parts.push_back(*part);
      if (!target.accept_punct(".")) break;
    }
    if (parts.size() < 2) return;
    d.name.name = parts.back();
    table.name = parts[parts.size() - 2];
    if (parts.size() >= 3) table.schema = parts[parts.size() - 3];
    d.parent = table;
  } else if (*on == ObjectKind::constraint || *on == ObjectKind::policy || *on == ObjectKind::trigger) {
    d.name.name = target.accept_name().value_or("");
    if (!target.accept_word("on")) return;
    target.accept_word("domain");
    d.parent = target.accept_qualified_name().value_or(QualifiedName{});
    d.name.schema = d.parent.schema;
    table = d.parent;
  } else {
    d.name = target.accept_qualified_name().value_or(QualifiedName{});
    if (*on == ObjectKind::table) table = d.name;
  }
  d.comment = std::move(comment);
  assess_comment(d, table);
  out.add(std::move(d));
}

}  // namespace pgapply::ddl
