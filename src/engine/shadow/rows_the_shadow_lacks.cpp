#include "engine/shadow/rows_the_shadow_lacks.hpp"

#include <algorithm>

#include "ddl/declarations.hpp"
#include "ddl/insert_statement.hpp"
#include "ddl/token_cursor.hpp"
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
    const auto tokens = lexer::tokenize(text);
    if (tokens.empty()) return;
    const std::string where = " at " + statement.file + ":" + std::to_string(statement.line);
    const lexer::Token& word = tokens[0];
    if (word.is_word("update") || word.is_word("delete")) {
      const auto table = ddl::update_or_delete_target(text);
      const std::string what = ddl::to_upper(word.value) + (table ? " of " + table->to_string() : "") + where;
      if (!table || !counted(*table)) return say_unread(what);
      if (!has_rows(*table)) found = what + " found no rows there";
    } else if (word.is_word("insert")) {
      if (ddl::insert_values(text, 1)) return;  // (its rows are in the file)
      // (INSERT INTO name: the table it adds rows to, whose count tells whether its query found any)
      ddl::TokenCursor c(text, tokens);
      std::optional<ddl::QualifiedName> table;
      if (c.accept_word("insert") && c.accept_word("into")) table = c.accept_qualified_name();
      if (!table || !counted(*table)) return say_unread("INSERT ... SELECT" + where);
      if (!has_rows(*table)) found = "INSERT ... SELECT" + where + " added no rows there";
    } else if (word.is_word("merge") || word.is_word("call")) {
      say_unread(ddl::to_upper(word.value) + where);
    } else if (word.is_word("with") && std::any_of(tokens.begin(), tokens.end(), writes)) {
      say_unread("data-modifying WITH" + where);
    } else if (word.is_word("do") && ddl::facts_of(text).changes_rows && writes_in_body(text)) {
      say_unread("DO block" + where);
    }
  }
  void copy_data(std::string_view, std::size_t, bool) override {}
  void gexec(const psql::Statement&) override {}
  void echo(const std::string&, bool) override {}

 private:
  static bool writes(const lexer::Token& token) {
    return token.is_word("insert") || token.is_word("update") || token.is_word("delete") || token.is_word("merge");
  }
  // (a DO block's body is one string token: its words, roughly; a DDL-only block, a guard, says none)
  static bool writes_in_body(const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* word : {"insert ", "update ", "delete ", "merge ", "call "}) {
      if (lower.find(word) != std::string::npos) return true;
    }
    return false;
  }
  void say_unread(const std::string& what) { found = what + " reads or changes rows, which it has none of"; }
  // Whether `table` is one whose rows the shadow counted: a plain table
  // (not a partitioned one, a view, an inheritance parent's children...).
  bool counted(const ddl::QualifiedName& table) const {
    return std::any_of(rows_.begin(), rows_.end(), [&table](const auto& entry) {
      return entry.first.second == table.name && (table.schema.empty() || entry.first.first == table.schema);
    });
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
