#include "engine/shadow/rows_the_shadow_lacks.hpp"

#include <algorithm>

#include "ddl/declarations.hpp"
#include "ddl/insert_statement.hpp"
#include "ddl/update_delete_statement.hpp"
#include "lexer/tokenizer.hpp"
#include "psql/interpreter.hpp"

namespace pgapply::engine {

namespace {

class FirstRowsStatement : public psql::Backend {
 public:
  explicit FirstRowsStatement(const TablesRows& rows) : rows_(rows) {}

  std::optional<std::string> found;

  void statement(const psql::Statement& statement) override {
    if (found) return;
    const std::string& text = statement.rendered.text;
    const auto tokens = lexer::tokenize(text, 1);
    if (tokens.empty()) return;
    const std::string where = " at " + statement.file + ":" + std::to_string(statement.line);
    const lexer::Token& word = tokens[0];
    if (word.is_word("update") || word.is_word("delete")) {
      const auto table = ddl::update_or_delete_target(text);
      if (!table || !has_rows(*table)) found = upper(word.value) + (table ? " of " + table->to_string() : "") + where;
    } else if (word.is_word("insert")) {
      if (ddl::insert_values(text, 1)) return;  // (its rows are in the file)
      const auto head = ddl::insert_query_head(text);
      if (!head || !has_rows(head->table)) found = "INSERT ... SELECT" + where;
    } else if (word.is_word("merge") || word.is_word("call") || word.is_word("with")) {
      found = upper(word.value) + where;
    } else if (word.is_word("do") && ddl::facts_of(text).changes_rows) {
      found = "DO block" + where;
    }
  }
  void copy_data(std::string_view, std::size_t, bool) override {}
  void gexec(const psql::Statement&) override {}
  void echo(const std::string&, bool) override {}

 private:
  static std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
    return text;
  }
  // (a name without its schema: any schema's table of that name)
  bool has_rows(const ddl::QualifiedName& table) const {
    return std::any_of(rows_.begin(), rows_.end(), [&table](const auto& entry) {
      return entry.first.second == table.name && (table.schema.empty() || entry.first.first == table.schema) &&
             entry.second.count > 0;
    });
  }

  const TablesRows& rows_;
};

}  // namespace

std::optional<std::string> rows_the_shadow_lacks(const LoadedScript& script, const TablesRows& rows) {
  FirstRowsStatement scan(rows);
  script.replay(scan);
  return scan.found;
}

}  // namespace pgapply::engine
