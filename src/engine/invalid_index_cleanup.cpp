#include "engine/invalid_index_cleanup.hpp"

#include "core/sql_quote.hpp"
#include "lexer/tokenizer.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

// The CREATE INDEX CONCURRENTLY and REINDEX ... CONCURRENTLY statements of a
// file, with the index name each one builds (schema-qualified or not).
class ConcurrentIndexes : public psql::Backend {
 public:
  struct Found {
    std::string schema;  // "" when not qualified
    std::string name;
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
    item.name = tokens[i].value;
    if (i + 2 < tokens.size() && tokens[i + 1].is_punct(".") && tokens[i + 2].is_name()) {
      item.schema = item.name;
      item.name = tokens[i + 2].value;
    }
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
    const auto result = connection.exec_params(
        "SELECT n.nspname AS schema_name, c.relname AS index_name "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT i.indisvalid AND (c.relname = $1 OR ($3 AND c.relname ~ ('^' || $1 || '_cc(new|old)[0-9]*$'))) "
        "AND n.nspname = coalesce(nullif($2, ''), current_schema())",
        {index.name, index.schema, index.reindex ? "true" : "false"});
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
