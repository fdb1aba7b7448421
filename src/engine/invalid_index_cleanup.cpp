#include "engine/invalid_index_cleanup.hpp"

#include <algorithm>
#include <functional>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/sql_quote.hpp"
#include "ddl/declarations.hpp"
#include "ddl/predicted_names.hpp"
#include "lexer/setting_statement.hpp"
#include "lexer/tokenizer.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"

namespace pgapply::engine {

namespace {

// Where the digits `name` ends in start (name.size() when none): the 1, 2...
// ChooseRelationName appends to a label when the name is taken.
std::size_t number_start(const std::string& name) {
  std::size_t digits = name.size();
  while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9') --digits;
  return digits;
}

// Whether PostgreSQL chose `name` for `parts`: makeObjectName with no number,
// or with the number ChooseRelationName appends.
bool chosen_name(const std::string& name, const ddl::NameParts& parts) {
  if (name == ddl::make_object_name(parts)) return true;
  const std::size_t digits = number_start(name);
  if (digits == name.size() || name.size() - digits > 9 || name[digits] == '0') return false;
  return name == ddl::make_object_name(parts, std::stoi(name.substr(digits)));
}

// Whether `name` is a copy REINDEX CONCURRENTLY makes of some index:
// <index>_ccnew[N] (the new one, before the swap) or <index>_ccold[N] (the
// old one, after it), the index's name cut to fit.
bool reindex_copy(const std::string& name) {
  const std::string_view stem = std::string_view(name).substr(0, number_start(name));
  return stem.ends_with("_ccnew") || stem.ends_with("_ccold");
}

// A CREATE INDEX CONCURRENTLY or REINDEX ... CONCURRENTLY of a file, where
// an interrupted run of it leaves INVALID indexes (sql/invalid_indexes.sql
// finds the invalid ones of `scope`), and which of them it left.
struct ConcurrentIndexStatement {
  std::string scope;     // 'table', 'index', 'schema' or 'database' (see the SQL)
  std::string relation;  // quoted as written; "" for 'database'
  std::string where;     // FILE:LINE
  bool reindex = false;
  // Only the statement's own leftovers (its index, or the copies of the
  // one index it rebuilds), rather than any REINDEX's in its scope.
  bool own = true;
  std::function<bool(const std::string&)> left_behind;
  // The search_path an earlier SET of the file put in force, as written
  // ("app, public"); "" for the session's own. An unqualified name is found
  // on it, as the statement finds it.
  std::string search_path;
};

// What `SET [SESSION] search_path {TO|=} value` sets it to (its text as
// written), "" for `RESET search_path`, `RESET ALL`, `SET search_path TO
// DEFAULT`; nullopt for any other statement (SET LOCAL too: statement by
// statement, each is a transaction of its own, over when the next runs).
std::optional<std::string> search_path_set(const std::vector<lexer::Token>& tokens, const std::string& text) {
  const auto set = lexer::setting_statement(tokens, "search_path");
  if (!set || set->local) return std::nullopt;
  if (set->to_default) return std::string();
  std::string value = text.substr(tokens[set->value].offset);
  while (!value.empty() && (value.back() == ';' || value.back() == ' ' || value.back() == '\n')) value.pop_back();
  return value;
}

// The name at tokens[i] ([schema.]name), quoted, `i` past it, and its last
// part unquoted in `last`; "" when there is none.
std::string qualified_name(const std::vector<lexer::Token>& tokens, std::size_t& i, std::string* last = nullptr) {
  if (i >= tokens.size() || !tokens[i].is_name()) return "";
  if (i + 2 < tokens.size() && tokens[i + 1].is_punct(".") && tokens[i + 2].is_name()) {
    i += 3;
    if (last != nullptr) *last = tokens[i - 1].value;
    return quote_qualified_name(tokens[i - 3].value, tokens[i - 1].value);
  }
  if (last != nullptr) *last = tokens[i].value;
  return quote_identifier(tokens[i++].value);
}

// CREATE [UNIQUE] INDEX CONCURRENTLY [[IF NOT EXISTS] name] ON [ONLY] table (...):
// a named index is found by its name; an unnamed one by the names PostgreSQL
// chooses for it (t_a_idx, t_a_idx1...: the file's re-run makes another).
std::optional<ConcurrentIndexStatement> create_index(const std::string& text) {
  for (const ddl::Declaration& d : ddl::declarations_of(text)) {
    if (d.kind != ddl::ObjectKind::index || d.action != ddl::Action::create || !d.index || !d.index->concurrently ||
        d.parent.empty()) {
      continue;
    }
    ConcurrentIndexStatement found;
    found.scope = "table";
    found.relation = d.parent.to_string();
    if (!d.name.name.empty()) {
      found.left_behind = [name = d.name.name](const std::string& index) { return index == name; };
    } else {
      found.left_behind = [parts = ddl::index_name_parts(d.parent.name, *d.index)](const std::string& index) {
        return chosen_name(index, parts);
      };
    }
    return found;
  }
  return std::nullopt;
}

// REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE} [CONCURRENTLY] [name],
// concurrently by the word or by the CONCURRENTLY option (PostgreSQL 14+).
std::optional<ConcurrentIndexStatement> reindex(const std::vector<lexer::Token>& tokens) {
  std::size_t i = 1;
  bool concurrently = false;
  if (i < tokens.size() && tokens[i].is_punct("(")) {
    lexer::BracketDepth depth;
    for (; i < tokens.size(); ++i) {
      depth.step(tokens[i]);
      if (depth.at_top()) break;
      if (depth.depth == 1 && tokens[i].is_word("concurrently")) {
        const lexer::Token* value = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
        concurrently = value == nullptr || !(value->is_word("false") || value->is_word("off") || value->value == "0");
      }
    }
    ++i;  // past the ')'
  }
  if (i >= tokens.size()) return std::nullopt;
  ConcurrentIndexStatement found;
  found.reindex = true;
  const lexer::Token& kind = tokens[i++];
  if (i < tokens.size() && tokens[i].is_word("concurrently")) {
    concurrently = true;
    ++i;
  }
  if (!concurrently) return std::nullopt;
  std::string last;
  found.relation = qualified_name(tokens, i, &last);
  if (kind.is_word("index")) {
    found.scope = "index";
    // its copies only: <index>_ccnew, <index>_ccold (and numbered ones)
    found.left_behind = [last](const std::string& index) {
      return chosen_name(index, {last, std::nullopt, "ccnew"}) || chosen_name(index, {last, std::nullopt, "ccold"});
    };
  } else if (kind.is_word("table") || kind.is_word("schema") || kind.is_word("database")) {
    found.scope = std::string(kind.value);
    found.own = false;
    found.left_behind = reindex_copy;
  } else {
    return std::nullopt;  // SYSTEM: never concurrently
  }
  if (found.relation.empty() && found.scope != "database") return std::nullopt;
  return found;
}

// The concurrent index statements of a file.
class ConcurrentIndexes : public psql::Backend {
 public:
  std::vector<ConcurrentIndexStatement> found;

  void statement(const psql::Statement& statement) override {
    const auto tokens = lexer::tokenize(statement.rendered.text, 64);
    if (auto path = search_path_set(tokens, statement.rendered.text)) {
      search_path_ = std::move(*path);
      return;
    }
    std::optional<ConcurrentIndexStatement> item;
    if (!tokens.empty() && tokens[0].is_word("create")) item = create_index(statement.rendered.text);
    else if (!tokens.empty() && tokens[0].is_word("reindex")) item = reindex(tokens);
    if (!item) return;
    item->where = statement.file + ":" + std::to_string(statement.line);
    item->search_path = search_path_;
    found.push_back(std::move(*item));
  }

  void copy_data(std::string_view, std::size_t, bool) override {}
  void gexec(const psql::Statement&) override {}
  void echo(const std::string&, bool) override {}

 private:
  std::string search_path_;
};

// The invalid indexes of the statement's scope (sql/invalid_indexes.sql),
// its names found on the search_path the file set before it.
pg::Result invalid_indexes(pg::Connection& connection, const ConcurrentIndexStatement& index) {
  const std::string sql(embedded_sql("invalid_indexes.sql"));
  if (index.search_path.empty()) return connection.exec_params(sql, {index.scope, index.relation});
  connection.exec("BEGIN");
  try {
    connection.exec("SET LOCAL search_path TO " + index.search_path);
    pg::Result result = connection.exec_params(sql, {index.scope, index.relation});
    connection.exec("COMMIT");
    return result;
  } catch (const pg::ServerError&) {
    connection.exec("ROLLBACK");
    throw;
  }
}

}  // namespace

std::string invalid_index_note(pg::Connection& connection, const LoadedScript& script, const std::string& where,
                               bool up_drops_it) {
  ConcurrentIndexes indexes;
  script.replay(indexes);
  const auto found = std::find_if(indexes.found.begin(), indexes.found.end(),
                                  [&where](const ConcurrentIndexStatement& index) { return index.where == where; });
  if (found == indexes.found.end()) return "";
  // Who drops what it left: `them` "it" or "them".
  const auto who_drops = [up_drops_it](const std::string& them) {
    // (up runs the file again once pgapply repair --clear-failed clears its failure: the next up's refusal says so)
    return up_drops_it ? ": pgapply up drops " + them + " before it runs the file again (once pgapply repair "
                         "--clear-failed has cleared its failure), or drop " + them + " yourself"
                       : ": drop " + them + " before you run the statement again";
  };
  std::vector<std::string> drops;  // the DROP of each INVALID index it left
  try {
    const pg::Result result = invalid_indexes(connection, *found);
    for (const pg::Row row : pg::Rows(result)) {
      const std::string name = row.text("index_name");
      if (!found->left_behind(name)) continue;
      drops.push_back("DROP INDEX CONCURRENTLY " + quote_qualified_name(row.text("schema_name"), name) + ";");
    }
  } catch (const std::exception&) {
    // The connection cannot say: what it may have left, unnamed.
    return std::string(found->reindex
                           ? "a REINDEX ... CONCURRENTLY that fails or is cancelled may leave INVALID copies of the "
                             "indexes it rebuilds (named <index>_ccnew or _ccold), which it skips from then on"
                           : "a CREATE INDEX CONCURRENTLY that fails or is cancelled may leave its index behind, "
                             "INVALID (IF NOT EXISTS would skip it from then on)") +
           who_drops(found->reindex ? "them" : "it") + " (DROP INDEX CONCURRENTLY)";
  }
  if (drops.empty()) return "";  // it left nothing behind (an index there already, a failure before it made one)
  std::string statements;
  for (const auto& drop : drops) statements += (statements.empty() ? "" : " ") + drop;
  const bool one = drops.size() == 1;
  return std::string(found->reindex ? "the REINDEX ... CONCURRENTLY" : "the CREATE INDEX CONCURRENTLY") + " left " +
         (one ? "an INVALID index" : "INVALID indexes") + " behind, which " +
         (found->reindex ? "it skips" : "IF NOT EXISTS would skip") + " from then on" + who_drops(one ? "it" : "them") +
         ": " + statements;
}

void drop_invalid_indexes(pg::Connection& connection, const LoadedScript& script, RunOutput& output) {
  ConcurrentIndexes indexes;
  script.replay(indexes);
  for (const auto& index : indexes.found) {
    const pg::Result result = invalid_indexes(connection, index);
    for (const pg::Row row : pg::Rows(result)) {
      const std::string name = row.text("index_name");
      if (!index.left_behind(name)) continue;
      const std::string shown = row.text("schema_name") + "." + name;
      const std::string drop =
          "DROP INDEX CONCURRENTLY IF EXISTS " + quote_qualified_name(row.text("schema_name"), name);
      if (index.own) {
        output.warning("dropping the invalid index " + shown + " that the interrupted " +
                       (index.reindex ? "REINDEX" : "CREATE INDEX") + " CONCURRENTLY at " + index.where +
                       " left behind, before it runs again");
      } else {
        output.warning("dropping the invalid index " + shown +
                       " that an interrupted REINDEX CONCURRENTLY left behind, before the REINDEX CONCURRENTLY at " +
                       index.where + " runs (which would skip it, and leave it for good)");
      }
      try {
        connection.exec(drop);
      } catch (const pg::ServerError& error) {
        const std::string problem = "cannot drop the invalid index " + shown + ": " + error.what();
        if (index.own) {
          // Its re-run would skip it (IF NOT EXISTS) or make another beside it.
          throw Error(ErrorKind::check, problem + ". Nothing of the file ran; drop it as its table's owner, then "
                                                  "run up again: " + drop + ";");
        }
        // Another's table, say, in a REINDEX DATABASE: that REINDEX skips it
        // as it would have anyway; the file runs.
        output.warning(problem + "; the REINDEX CONCURRENTLY at " + index.where +
                       " skips it. Drop it as its table's owner: " + drop + ";");
      }
    }
  }
}

}  // namespace pgapply::engine
