#include "ddl/update_delete_statement.hpp"

#include <algorithm>

#include "ddl/builtin_volatility.hpp"
#include "ddl/token_cursor.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

// nullopt, having told `why` (if given) `reason`.
std::nullopt_t refuse(std::string* why, std::string reason) {
  if (why != nullptr) *why = std::move(reason);
  return std::nullopt;
}

}  // namespace

std::optional<QualifiedName> update_or_delete_target(std::string_view statement, std::string* why) {
  const auto tokens = lexer::tokenize(statement);
  TokenCursor c(statement, tokens);
  if (!c.accept_word("update") && !c.accept_words({"delete", "from"})) {
    return refuse(why, "it is no UPDATE or DELETE (a WITH query before it may change other tables' rows)");
  }
  c.accept_word("only");
  auto table = c.accept_qualified_name();
  if (!table) return refuse(why, "preflight does not read its table's name");
  for (std::size_t i = c.pos(); i < tokens.size(); ++i) {
    // (a data-modifying WITH inside, a call that may change anything, a cursor's row)
    const auto next_is = [&tokens, i](std::string_view word) {
      return i + 1 < tokens.size() && tokens[i + 1].is_word(word);
    };
    // (not a type's WITH TIME ZONE)
    if (tokens[i].is_word("with") && !next_is("time")) {
      return refuse(why, "it holds a WITH query, which may change other tables' rows");
    }
    if (tokens[i].is_word("current")) {
      return refuse(why, next_is("of") ? "it changes the row a cursor is on (WHERE CURRENT OF)"
                                       : "preflight does not follow a window's frame (CURRENT ROW)");
    }
    // (a setting it changes, search_path: what the statements after it name; a query given as text)
    if (tokens[i].is_word("set_config")) return refuse(why, "it calls set_config, which may change a setting");
    if (tokens[i].is_word("ts_stat") || tokens[i].is_word("ts_rewrite") ||
        (tokens[i].kind == lexer::TokenKind::word && tokens[i].value.find("_to_xml") != std::string::npos)) {
      return refuse(why, "it calls " + tokens[i].value + ", which runs a query given as text");
    }
    if (calls_users_function(tokens, i)) {
      return refuse(why, "it calls " + tokens[i].value + ", which is not one of PostgreSQL's own functions");
    }
  }
  return table;
}

namespace {

// Whether the tokens of `range` (`clause`: "its SET", "its WHERE") hold
// nothing a query over the table's rows alone cannot evaluate as the
// statement would (RowsEdit's rules); if they do, `why` is told what.
bool follows_rows_alone(const TokenCursor& c, TokenRange range, const std::string& clause, std::string* why) {
  const auto say = [why](std::string reason) {
    refuse(why, std::move(reason));
    return false;
  };
  if (range.empty()) return say(clause + " is empty");
  for (std::size_t i = range.begin; i < range.end; ++i) {
    const lexer::Token& token = c.token(i);
    if (token.is_word("select") || token.is_word("values")) return say(clause + " holds a subquery");
    if (token.is_word("default")) return say(clause + " sets a column to its DEFAULT");
    if (token.kind == lexer::TokenKind::parameter || token.kind == lexer::TokenKind::variable) {
      return say(clause + " reads a parameter (" + c.text({i, i + 1}) + ")");
    }
    if (token.is_punct(".") && i >= range.begin + 2 && c.token(i - 2).is_punct(".")) {
      return say(clause + " names a column by three parts, which names the table and not its rows");
    }
    if (token.is_name() && calls_other_than_stable_builtin(c.tokens(), i)) {
      return say(clause + " calls " + token.value + ", a volatile function, which gives each row its own value");
    }
  }
  return true;
}

}  // namespace

std::optional<RowsEdit> rows_edit(std::string_view statement, std::string* why) {
  if (!update_or_delete_target(statement, why)) return std::nullopt;
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
    if (!alias) return refuse(why, "preflight does not read its table's alias");
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
    if (!c.accept_word("set")) return refuse(why, "preflight does not read what comes between its table and its SET");
    const std::size_t sets_end = std::min(end, clause({"where", "from"}));
    for (const TokenRange& piece : c.split_commas({c.pos(), sets_end})) {
      TokenCursor set = c.sub(piece);
      const auto column = set.accept_name();
      if (!column || !set.accept_op("=")) {
        return refuse(why, "its SET assigns a column list, a field or an array element");
      }
      const TokenRange value{set.pos(), piece.end};
      if (!follows_rows_alone(c, value, "its SET", why)) return std::nullopt;
      edit.sets.emplace_back(*column, c.text(value));
    }
    if (edit.sets.empty()) return refuse(why, "preflight does not read its SET");
    c.seek(sets_end);
  }
  if (c.pos() < end && !c.accept_word("where")) {
    if (c.at_any_word({"from", "using"})) {
      return refuse(why, std::string("its ") + (c.at_any_word({"from"}) ? "FROM" : "USING") +
                             " reads other tables' rows");
    }
    return refuse(why, "preflight does not read what comes after its SET");
  }
  if (c.pos() < end) {
    const TokenRange where{c.pos(), end};
    if (!follows_rows_alone(c, where, "its WHERE", why)) return std::nullopt;
    edit.where = c.text(where);
  }
  return edit;
}

}  // namespace pgapply::ddl
