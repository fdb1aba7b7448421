#include "ddl/insert_statement.hpp"

#include "ddl/builtin_volatility.hpp"
#include "ddl/token_cursor.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

std::optional<QualifiedName> insert_values_target(std::string_view statement) {
  const auto tokens = lexer::tokenize(statement);
  TokenCursor c(statement, tokens);
  if (!c.accept_words({"insert", "into"})) return std::nullopt;
  auto table = c.accept_qualified_name();
  if (!table) return std::nullopt;
  if (c.accept_word("as")) c.accept_name();
  c.skip_group();  // (columns)
  if (c.accept_word("overriding")) {
    c.advance();  // SYSTEM | USER
    c.accept_word("value");
  }
  if (!c.accept_word("values")) return std::nullopt;
  // What follows: rows of values, ON CONFLICT, RETURNING. A name followed by
  // '(' is a call (or syntax such as ROW, COALESCE, CAST, ARRAY): PostgreSQL's own only.
  for (std::size_t i = c.pos(); i + 1 < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    if (token.is_word("select") || token.is_word("with")) return std::nullopt;  // a query may call anything
    if (calls_users_function(tokens, i)) return std::nullopt;
  }
  return table;
}

}  // namespace pgapply::ddl
