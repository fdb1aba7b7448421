#include "engine/invalid_index_cleanup.hpp"

#include "core/embedded_sql.hpp"
#include "core/sql_quote.hpp"
#include "lexer/tokenizer.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

// The name at tokens[i] ([schema.]name), quoted, `i` past it; "" when there is none.
std::string qualified_name(const std::vector<lexer::Token>& tokens, std::size_t& i) {
  if (i >= tokens.size() || !tokens[i].is_name()) return "";
  if (i + 2 < tokens.size() && tokens[i + 1].is_punct(".") && tokens[i + 2].is_name()) {
    i += 3;
    return quote_qualified_name(tokens[i - 3].value, tokens[i - 1].value);
  }
  return quote_identifier(tokens[i++].value);
}

// The CREATE INDEX CONCURRENTLY and REINDEX ... CONCURRENTLY statements of a
// file, with the index name each one builds and the relation that finds it
// (sql/invalid_indexes.sql).
class ConcurrentIndexes : public psql::Backend {
 public:
  struct Found {
    std::string name;      // the index's, unquoted
    std::string relation;  // quoted as written: the table (CREATE INDEX) or the index (REINDEX)
    bool reindex = false;
    std::string where;  // FILE:LINE
  };
  std::vector<Found> found;

  void statement(const psql::Statement& statement) override {
    const auto tokens = lexer::tokenize(statement.rendered.text, 16);
    std::size_t i = 0;
    const auto word = [&](std::string_view w) { return i < tokens.size() && tokens[i].is_word(w); };
    Found item;
    item.where = statement.file + ":" + std::to_string(statement.line);
    if (word("create")) {
      ++i;
      if (word("unique")) ++i;
      if (!word("index")) return;
      ++i;
      if (!word("concurrently")) return;
      ++i;
      if (word("if")) i += 3;  // IF NOT EXISTS
    } else if (word("reindex")) {
      ++i;
      if (i < tokens.size() && tokens[i].is_punct("(")) return;  // options: the name is harder to find; left alone
      if (!word("index")) return;
      ++i;
      if (!word("concurrently")) return;
      ++i;
      item.reindex = true;
    } else {
      return;
    }
    if (i >= tokens.size() || !tokens[i].is_name() || tokens[i].is_word("on")) return;  // an unnamed index
    if (item.reindex) {
      // REINDEX INDEX CONCURRENTLY [schema.]name
      item.relation = qualified_name(tokens, i);
      item.name = tokens[i - 1].value;
    } else {
      // CREATE INDEX CONCURRENTLY name ON [ONLY] [schema.]table: the name takes no schema
      item.name = tokens[i++].value;
      if (!word("on")) return;
      ++i;
      if (word("only")) ++i;
      item.relation = qualified_name(tokens, i);
    }
    if (item.relation.empty()) return;
    found.push_back(std::move(item));
  }

  void copy_data(std::string_view, std::size_t, bool) override {}
  void gexec(const psql::Statement&) override {}
  void echo(const std::string&, bool) override {}
};

}  // namespace

void drop_invalid_indexes(pg::Connection& connection, const LoadedScript& script, RunOutput& output) {
  ConcurrentIndexes indexes;
  script.replay(indexes);
  for (const auto& index : indexes.found) {
    // An interrupted CREATE INDEX CONCURRENTLY leaves its index invalid; an
    // interrupted REINDEX CONCURRENTLY leaves <name>_ccnew (or _ccold).
    const auto result = connection.exec_params(std::string(embedded_sql("invalid_indexes.sql")),
                                               {index.name, index.relation, index.reindex ? "true" : "false"});
    for (const pg::Row row : pg::Rows(result)) {
      const std::string qualified = quote_qualified_name(row.text("schema_name"), row.text("index_name"));
      output.warning("dropping the invalid index " + row.text("schema_name") + "." + row.text("index_name") +
                     " that the interrupted " + (index.reindex ? "REINDEX" : "CREATE INDEX") + " CONCURRENTLY at " +
                     index.where + " left behind, before it runs again");
      connection.exec("DROP INDEX CONCURRENTLY IF EXISTS " + qualified);
    }
  }
}

}  // namespace pgapply::engine
