#include "ddl/insert_statement.hpp"

#include "ddl/builtin_volatility.hpp"
#include "ddl/token_cursor.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

// INSERT INTO table [AS alias] [(columns)], read into `out`'s table,
// column_list and columns (none where one sets a column's field or element).
bool read_insert_head(TokenCursor& c, InsertValues& out) {
  if (!c.accept_words({"insert", "into"})) return false;
  auto table = c.accept_qualified_name();
  if (!table) return false;
  out.table = std::move(*table);
  if (c.accept_word("as")) c.accept_name();
  if (const auto columns = c.accept_parenthesised()) {
    out.column_list = true;
    for (const TokenRange piece : c.split_commas(*columns)) {
      // (a column's field or element, "a.b" or "a[1]", sets part of it: no value of the column to read)
      if (piece.end != piece.begin + 1 || !c.token(piece.begin).is_name()) {
        out.columns.clear();
        break;
      }
      out.columns.push_back(c.token(piece.begin).value);
    }
  }
  return true;
}

}  // namespace

std::optional<InsertQueryHead> insert_query_head(std::string_view statement) {
  const auto tokens = lexer::tokenize(statement, 256);
  TokenCursor c(statement, tokens);
  InsertValues head;
  if (!read_insert_head(c, head) || !head.column_list || head.columns.empty()) return std::nullopt;
  if (c.accept_word("overriding")) {
    if (!c.accept_word("user")) c.accept_word("system");
    c.accept_word("value");
  }
  if (!c.at_word("select") && !c.at_word("with") && !c.at_word("table") && !c.at_punct("(")) return std::nullopt;
  return InsertQueryHead{std::move(head.table), std::move(head.columns)};
}

std::optional<InsertValues> insert_values(std::string_view statement, std::size_t max_rows) {
  const auto tokens = lexer::tokenize(statement);
  TokenCursor c(statement, tokens);
  InsertValues out;
  if (!read_insert_head(c, out)) return std::nullopt;
  if (c.accept_word("overriding")) {
    out.overriding_user_value = c.accept_word("user");
    out.overriding_system_value = !out.overriding_user_value && c.accept_word("system");
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
  while (out.rows.size() < max_rows) {
    const auto row = c.accept_parenthesised();
    if (!row) break;
    std::vector<std::string> values;
    for (const TokenRange piece : c.split_commas(*row)) values.push_back(c.text(piece));
    out.rows.push_back(std::move(values));
    if (!c.accept_punct(",")) break;
  }
  // (past rows not read: ON CONFLICT follows the last)
  const std::size_t on = c.find_at_depth0([](const lexer::Token& token) { return token.is_word("on"); });
  c.seek(on);
  out.on_conflict = c.accept_words({"on", "conflict"});
  if (out.on_conflict) {
    if (const auto target = c.accept_parenthesised()) {
      for (const TokenRange piece : c.split_commas(*target)) {
        if (piece.end != piece.begin + 1 || !c.token(piece.begin).is_name()) {
          out.conflict_columns.clear();
          break;
        }
        out.conflict_columns.push_back(c.token(piece.begin).value);
      }
      if (c.at_word("where")) out.conflict_columns.clear();  // (a partial index's: not read)
    } else if (c.accept_words({"on", "constraint"})) {
      out.conflict_constraint = c.accept_name().value_or("");
    } else {
      out.conflict_any_key = c.at_word("do");
    }
    c.seek(c.find_at_depth0([](const lexer::Token& token) { return token.is_word("do"); }));
    out.on_conflict_updates = c.accept_words({"do", "update"});
  }
  return out;
}

}  // namespace pgapply::ddl
