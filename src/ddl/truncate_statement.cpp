#include "ddl/truncate_statement.hpp"

#include "ddl/token_cursor.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

std::optional<std::vector<QualifiedName>> truncate_targets(std::string_view statement) {
  const auto tokens = lexer::tokenize(statement);
  TokenCursor c(statement, tokens);
  if (!c.accept_word("truncate")) return std::nullopt;
  c.accept_word("table");
  std::vector<QualifiedName> tables;
  do {
    if (c.at_word("only")) return std::nullopt;
    auto table = c.accept_qualified_name();
    if (!table) return std::nullopt;
    c.accept_op("*");  // (its descendants, as without it)
    tables.push_back(std::move(*table));
  } while (c.accept_punct(","));
  if (!c.accept_words({"restart", "identity"})) c.accept_words({"continue", "identity"});
  c.accept_word("restrict");
  c.accept_punct(";");
  if (!c.done()) return std::nullopt;  // CASCADE, or what this does not read
  return tables;
}

}  // namespace pgapply::ddl
