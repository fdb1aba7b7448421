#include "ddl/update_delete_statement.hpp"

#include "ddl/builtin_volatility.hpp"
#include "ddl/token_cursor.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

std::optional<QualifiedName> update_or_delete_target(std::string_view statement) {
  const auto tokens = lexer::tokenize(statement);
  TokenCursor c(statement, tokens);
  if (!c.accept_word("update") && !c.accept_words({"delete", "from"})) return std::nullopt;
  c.accept_word("only");
  auto table = c.accept_qualified_name();
  if (!table) return std::nullopt;
  for (std::size_t i = c.pos(); i < tokens.size(); ++i) {
    // (a data-modifying WITH inside, a call that may change anything, a cursor's row)
    if (tokens[i].is_word("with") || tokens[i].is_word("current")) return std::nullopt;
    // (a setting it changes, search_path: what the statements after it name; a query given as text)
    if (tokens[i].is_word("set_config") || tokens[i].is_word("ts_stat") || tokens[i].is_word("ts_rewrite") ||
        (tokens[i].kind == lexer::TokenKind::word && tokens[i].value.find("_to_xml") != std::string::npos)) {
      return std::nullopt;
    }
    if (calls_users_function(tokens, i)) return std::nullopt;
  }
  return table;
}

}  // namespace pgapply::ddl
