#include "ddl/update_delete_statement.hpp"

#include <algorithm>

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

namespace {

// Whether the tokens of `range` hold what a query over the table's rows
// alone cannot evaluate as the statement would (RowsEdit's rules).
bool follows_rows_alone(const TokenCursor& c, TokenRange range) {
  if (range.empty()) return false;
  for (std::size_t i = range.begin; i < range.end; ++i) {
    const lexer::Token& token = c.token(i);
    if (token.is_word("select") || token.is_word("values") || token.is_word("default") ||
        token.kind == lexer::TokenKind::parameter || token.kind == lexer::TokenKind::variable) {
      return false;
    }
    if (token.is_punct(".") && i >= range.begin + 2 && c.token(i - 2).is_punct(".")) return false;
    if (token.is_name() && calls_other_than_stable_builtin(c.tokens(), i)) return false;
  }
  return true;
}

}  // namespace

std::optional<RowsEdit> rows_edit(std::string_view statement) {
  if (!update_or_delete_target(statement)) return std::nullopt;
  const auto tokens = lexer::tokenize(statement);
  TokenCursor c(statement, tokens);
  RowsEdit edit;
  edit.deletes = !c.accept_word("update");
  if (edit.deletes) c.accept_words({"delete", "from"});
  c.accept_word("only");
  const auto table = c.accept_qualified_name();
  if (!table) return std::nullopt;
  edit.alias = table->name;
  const bool as = c.accept_word("as");
  if (as || (c.at_name() && !c.at_any_word({"set", "where", "returning", "using"}))) {
    const auto alias = c.accept_name();
    if (!alias) return std::nullopt;
    edit.alias = *alias;
  }
  const auto clause = [&c](std::initializer_list<std::string_view> words) {
    return c.find_at_depth0([words](const lexer::Token& token) {
      return std::any_of(words.begin(), words.end(), [&token](std::string_view word) { return token.is_word(word); });
    });
  };
  // (the statement's end: its RETURNING, a semicolon)
  const std::size_t end = std::min(clause({"returning"}), c.find_at_depth0([](const lexer::Token& token) {
                                     return token.is_punct(";");
                                   }));
  if (!edit.deletes) {
    if (!c.accept_word("set")) return std::nullopt;
    const std::size_t sets_end = std::min(end, clause({"where", "from"}));
    for (const TokenRange& piece : c.split_commas({c.pos(), sets_end})) {
      TokenCursor set = c.sub(piece);
      const auto column = set.accept_name();
      if (!column || !set.accept_op("=")) return std::nullopt;
      const TokenRange value{set.pos(), piece.end};
      if (!follows_rows_alone(c, value)) return std::nullopt;
      edit.sets.emplace_back(*column, c.text(value));
    }
    if (edit.sets.empty()) return std::nullopt;
    c.seek(sets_end);
  }
  if (c.pos() < end && !c.accept_word("where")) return std::nullopt;  // (FROM, USING)
  if (c.pos() < end) {
    const TokenRange where{c.pos(), end};
    if (!follows_rows_alone(c, where)) return std::nullopt;
    edit.where = c.text(where);
  }
  return edit;
}

}  // namespace pgapply::ddl
