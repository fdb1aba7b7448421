#include "engine/facts_collector.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "psql/interpreter.hpp"
#include "psql/joined_statements.hpp"
#include "ddl/builtin_volatility.hpp"
#include "ddl/insert_statement.hpp"
#include "ddl/rowless_query.hpp"
#include "ddl/truncate_statement.hpp"
#include "ddl/update_delete_statement.hpp"
#include "lexer/setting_statement.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::engine {

namespace {

// A file's own SET search_path (or pg_dump's set_config('search_path', ...)):
// its entries, in order. nullopt: the statement does not touch search_path.
// Empty: back to the connection's own (RESET, SET ... TO DEFAULT).
std::optional<std::vector<std::string>> search_path_change(const std::vector<lexer::Token>& tokens) {
  auto split_list = [](const std::string& text, std::vector<std::string>& entries) {
    std::string current;
    for (char c : text + ",") {
      if (c == ',') {
        const auto begin = current.find_first_not_of(" \"");
        const auto end = current.find_last_not_of(" \"");
        if (begin != std::string::npos) entries.push_back(current.substr(begin, end - begin + 1));
        current.clear();
      } else {
        current += c;
      }
    }
  };
  using Path = std::vector<std::string>;
  // (SET SCHEMA 'name' is SET search_path TO name)
  if (const auto set = lexer::setting_statement(tokens, "search_path", "schema")) {
    if (set->to_default) return Path{};
    Path entries;
    for (std::size_t i = set->value; i < tokens.size() && !tokens[i].is_punct(";"); ++i) {
      if (tokens[i].kind == lexer::TokenKind::string) {
        split_list(tokens[i].value, entries);
      } else if (tokens[i].is_name()) {
        entries.push_back(tokens[i].value);
      }
    }
    return entries;
  }
  // SELECT pg_catalog.set_config('search_path', 'a, b', false)
  for (std::size_t k = 0; k + 4 < tokens.size(); ++k) {
    if (tokens[k].is_word("set_config") && tokens[k + 1].is_punct("(") &&
        tokens[k + 2].kind == lexer::TokenKind::string && tokens[k + 2].value == "search_path") {
      // (a value that is no literal: a DO block giving back the path it
      // saved, most likely; the connection's is what preflight knows)
      if (tokens[k + 4].kind != lexer::TokenKind::string) return Path{};
      Path entries;
      split_list(tokens[k + 4].value, entries);
      return entries;
    }
  }
  return std::nullopt;
}

// The role `token` names as a SET ROLE's value: "" for NONE or DEFAULT
// (the connection's), nullopt for what names none.
std::optional<std::string> role_named(const lexer::Token& token) {
  if (token.is_word("none") || token.is_word("default")) return std::string();
  if (token.is_name() || token.kind == lexer::TokenKind::string) return token.value;
  return std::nullopt;
}

// A file's own SET ROLE or SET SESSION AUTHORIZATION (or set_config of
// role): the role it makes current (folded), "" when it gives back the
// connection's (RESET ROLE, SET ROLE NONE, SET SESSION AUTHORIZATION
// DEFAULT). nullopt: neither.
std::optional<std::string> role_change(const std::vector<lexer::Token>& tokens) {
  if (tokens.size() < 2) return std::nullopt;
  // SELECT set_config('role', 'name', false), PERFORM ... in a DO block
  for (std::size_t k = 0; k + 4 < tokens.size(); ++k) {
    if (tokens[k].is_word("set_config") && tokens[k + 1].is_punct("(") &&
        tokens[k + 2].kind == lexer::TokenKind::string && tokens[k + 2].value == "role") {
      if (tokens[k + 4].kind != lexer::TokenKind::string) return std::string();  // (as for search_path)
      return tokens[k + 4].value == "none" ? std::string() : tokens[k + 4].value;
    }
  }
  if (!tokens[0].is_word("set") && !tokens[0].is_word("reset")) return std::nullopt;
  // [RE]SET [SESSION | LOCAL] SESSION AUTHORIZATION ...
  for (std::size_t at = 1; at + 1 < tokens.size() && at <= 2; ++at) {
    if (!tokens[at].is_word("session") || !tokens[at + 1].is_word("authorization")) continue;
    if (tokens[0].is_word("reset")) return std::string();
    return at + 2 < tokens.size() ? role_named(tokens[at + 2]) : std::nullopt;
  }
  if (tokens[1].is_word("all")) return std::nullopt;  // (RESET ALL leaves the role as it is)
  const auto set = lexer::setting_statement(tokens, "role");
  if (!set) return std::nullopt;
  return set->to_default ? std::string() : role_named(tokens[set->value]);
}

void qualify(ddl::QualifiedName& name, const std::string& schema) {
  if (!name.empty() && name.schema.empty()) name.schema = schema;
}

// Gives unqualified names the schema the file's search_path puts them in.
void qualify(ddl::StatementFacts& facts, const std::string& schema) {
  using Kind = ddl::ObjectKind;
  for (auto& declaration : facts.declarations) {
    qualify(declaration.parent, schema);
    switch (declaration.kind) {
      case Kind::table: case Kind::view: case Kind::materialized_view: case Kind::function:
      case Kind::procedure: case Kind::type: case Kind::domain: case Kind::sequence:
        qualify(declaration.name, schema);
        break;
      case Kind::index:  // an index lives with its table
        qualify(declaration.name, declaration.parent.schema.empty() ? schema : declaration.parent.schema);
        break;
      default:
        break;
    }
    if (declaration.table) {  // PARTITION OF parent, INHERITS (parents)
      if (declaration.table->partition_of) qualify(*declaration.table->partition_of, schema);
      for (auto& parent : declaration.table->inherits) qualify(parent, schema);
    }
    if (declaration.owned_by) qualify(declaration.owned_by->table, schema);
    for (auto* other : {&declaration.attached_partition, &declaration.detached_partition, &declaration.inherited,
                        &declaration.uninherited}) {
      if (*other) qualify(**other, schema);
    }
    for (auto& lock : declaration.impact.locks) qualify(lock.table, schema);
    if (declaration.constraint) qualify(declaration.constraint->references, schema);
    if (declaration.column && declaration.column->references) qualify(*declaration.column->references, schema);
    if (declaration.column) {
      for (auto& constraint : declaration.column->constraints) qualify(constraint.references, schema);
    }
    if (declaration.comment) {  // COMMENT ON TABLE|VIEW|FUNCTION|INDEX... name (a column's or constraint's: its parent)
      switch (declaration.comment->on) {
        case Kind::table: case Kind::view: case Kind::materialized_view: case Kind::function:
        case Kind::procedure: case Kind::type: case Kind::domain: case Kind::sequence: case Kind::index:
          qualify(declaration.name, schema);
          break;
        default:
          break;
      }
    }
  }
  for (auto& change : facts.privilege_changes) {
    if (change.kind != Kind::schema) qualify(change.name, schema);
  }
  for (auto& lock : facts.locks) qualify(lock.table, schema);
  for (auto& object : facts.unmodelled) {
    // (a rule's and a domain constraint's schema is their parent's)
    qualify(object.parent, schema);
    qualify(object.name, object.parent.empty() ? schema : object.parent.schema);
  }
}

class FactsBackend : public psql::StatementReader {
 public:
  explicit FactsBackend(schema::MigrationFacts& facts) : facts_(facts) {}

 private:
  void read(const psql::Statement& statement) override {
    // Data statements declare no schema objects: skip their analysis (a
    // migration of 200,000 INSERTs would otherwise keep 200,000 empty facts).
    const auto head = lexer::tokenize(statement.rendered.text, 1);
    const std::string word = !head.empty() && head[0].kind == lexer::TokenKind::word ? head[0].value : "";
    if (word == "create" && creates_rule(statement.rendered.text)) {
      // A rule may take an INSERT into its table anywhere (DO ALSO, INSTEAD):
      // from here on, rows may change where preflight cannot see, a table a
      // TRUNCATE emptied too. Kept, each, as a marker (command CREATE RULE).
      rows_changed_ = true;
      keep_marker(statement, schema::rule_marker, false);  // (not recognised: nothing of it is analysed)
    }
    // (what runs an index's or statistics' expressions over the rows: preflight knows whether one may write)
    if (!rows_changed_ && ddl::runs_index_expressions(statement.rendered.text)) {
      keep_marker(statement, schema::maintenance_marker);
    }
    // (a plain EXPLAIN plans its statement, and runs nothing of it but what the planner folds: a function of the
    // user's with constant arguments)
    if (word == "explain" && !ddl::explain_runs(statement.rendered.text)) return;
    if (word == "create" && creates_unseen_caller(statement.rendered.text)) {
      keep_marker(statement, schema::unseen_caller_marker, false);  // (not recognised, as a rule)
    }
    // (after what may change rows too: its values are still asked about)
    if (word == "insert") {
      note_insert(statement);
      return;
    }
    if (word == "update" || word == "delete") {
      note_update(statement);
      return;
    }
    if (word == "values" || word == "copy") {
      note_rows_changed(statement, unfollowed_because(word));
      return;
    }
    if (word == "truncate") {
      note_truncate(statement);
      return;
    }
    if ((word == "savepoint" || word == "release" || word == "rollback") && read_savepoint(statement)) return;
    if (word == "begin" || word == "start" || word == "commit" || word == "end") follow_transaction_block(word);
    if (word == "set" || word == "reset" || word == "select") {
      const auto tokens = lexer::tokenize(statement.rendered.text, 64);
      const SessionChange change = follow_session(statement, tokens);
      if (change == SessionChange::role) return;
      if (word != "select") {
        note_setting(statement, tokens);
      } else if (change == SessionChange::search_path) {
        return;  // (pg_dump's set_config of search_path changes no rows)
      } else if (ddl::changes_no_rows(statement.rendered.text)) {
        // (SELECT 1, an advisory lock: no relation read or made; preflight knows whether a name in it may be
        // one of the user's)
        if (!rows_changed_) keep_marker(statement, schema::rowless_query_marker);
        return;
      } else {
        // (any other query may, and SELECT ... INTO makes a table: read on)
        note_rows_changed(statement, ddl::calls_users_function(statement.rendered.text)
                                         ? "it calls a function of the user's, which may write rows"
                                         : unfollowed_because(word));
      }
    }
    if (word == "do") follow_block_session(statement);
    ddl::StatementFacts facts = ddl::facts_of(statement.rendered.text);
    const std::string schema = single_schema();
    if (!schema.empty()) qualify(facts, schema);
    std::vector<std::string> path = schema.empty() ? search_path_ : std::vector<std::string>{};
    const bool says_something = !facts.declarations.empty() || !facts.locks.empty() || !facts.hazards.empty() ||
                                !facts.requirements.empty() || !facts.cluster_changes.empty() ||
                                !facts.privilege_changes.empty() || facts.dynamic_sql || facts.incomplete ||
                                facts.superuser_only || facts.sets_default_privileges;
    if (says_something) {
      std::string why = facts.dynamic_sql ? facts.dynamic_sql_source() + ", which may write rows"
                                          : unfollowed_because(word);
      keep({statement.file, statement.line, std::move(facts), std::move(path), {}, {}, {}, {}, {}, std::move(why)});
    } else if (word == "do" ? facts.changes_rows : !leaves_rows(word)) {
      // a DO block of DML alone, CALL, TRUNCATE, EXECUTE, EXPLAIN ANALYZE...
      note_rows_changed(statement, unfollowed_because(word));
    }
    if (!says_something && !facts.unmodelled.empty()) {
      keep_marker(statement, schema::unmodelled_marker).unmodelled = std::move(facts.unmodelled);
    }
  }

  // The one schema the file's own search_path names (not "$user"): names
  // are qualified with it as read. "": none, or several, which the schema
  // model resolves with the path as the statement runs.
  std::string single_schema() const {
    return search_path_.size() == 1 && search_path_[0] != "$user" ? search_path_[0] : std::string();
  }

  // An INSERT ... VALUES: kept, with its table and values, when nothing it
  // runs but the table's own triggers, defaults and rules could take it
  // further (preflight decides whether they could; it asks the target's
  // unique keys about the values), up to max_inserted_rows rows a table;
  // any other INSERT, and one past them, is noted as what may change rows.
  // A file of 200,000 INSERTs reads the head of each, the whole of the first few.
  void note_insert(const psql::Statement& statement) {
    // (what comes before the first '(' names the table: the same text, the same table)
    const std::string& text = statement.rendered.text;
    std::string key = text.substr(0, std::min<std::size_t>(text.find('('), 200));
    for (const auto& schema : search_path_) key += "\n" + schema;
    const auto [rows_read, first] = inserted_.try_emplace(key, 0);
    // Past the rows kept, one not read (it may be an INSERT ... SELECT, or
    // call a function of the user's) counts as any DML: it may change rows.
    if (!first && rows_read->second >= max_inserted_rows) {
      return note_rows_changed(statement, "preflight reads the first " + std::to_string(max_inserted_rows) +
                                              " rows a file's INSERTs add to a table, no more");
    }
    auto insert = ddl::insert_values(statement.rendered.text, max_inserted_rows - rows_read->second);
    if (!insert) return note_insert_query(statement);
    // (an ON CONFLICT that handles any key's clash, or whose target preflight
    // does not read, asks nothing, and changes nothing more to say)
    const bool untargeted = insert->conflict_columns.empty() && insert->conflict_constraint.empty();
    const bool asks_nothing = insert->on_conflict && (insert->conflict_any_key || untargeted);
    if (rows_changed_ && asks_nothing) return;
    rows_read->second += insert->rows.size();
    const std::string schema = single_schema();
    qualify(insert->table, schema);
    std::vector<std::string> path = schema.empty() ? search_path_ : std::vector<std::string>{};
    keep({statement.file, statement.line, {}, std::move(path), std::move(insert), {}, {}, {}, {}});
  }

  // Any other INSERT: it may change rows. One whose rows come from a query,
  // with a column list, is kept with its head, up to max_updates a file,
  // whatever ran before it: the columns it leaves out hold NULL in the rows
  // it adds where they have no DEFAULT, which a later SET NOT NULL fails
  // on. What may change rows after it is kept again (it may fill them).
  void note_insert_query(const psql::Statement& statement) {
    std::string why(unfollowed_because("insert"));
    auto head = updates_kept_ < max_updates ? ddl::insert_query_head(statement.rendered.text) : std::nullopt;
    if (!head) return note_rows_changed(statement, std::move(why));
    ++updates_kept_;
    const std::string schema = single_schema();
    qualify(head->table, schema);
    std::vector<std::string> path = schema.empty() ? search_path_ : std::vector<std::string>{};
    keep({statement.file, statement.line, {}, std::move(path), {}, {}, {}, {}, {}, std::move(why), std::move(head)});
    rows_changed_ = false;
  }

  // An UPDATE or DELETE of one table that calls no function of the user's
  // is kept, with its table (preflight tells whether it changes the rows of
  // that table alone), up to max_updates a file; any other is noted as what
  // may change rows, with why.
  void note_update(const psql::Statement& statement) {
    if (updates_kept_ >= max_updates) {
      return note_rows_changed(statement, "preflight follows the first " + std::to_string(max_updates) +
                                              " UPDATEs and DELETEs of a file, no more");
    }
    std::string why;
    auto table = ddl::update_or_delete_target(statement.rendered.text, &why);
    if (!table) return note_rows_changed(statement, std::move(why));
    ++updates_kept_;
    const std::string schema = single_schema();
    qualify(*table, schema);
    std::vector<std::string> path = schema.empty() ? search_path_ : std::vector<std::string>{};
    auto edit = ddl::rows_edit(statement.rendered.text, &why);
    keep({statement.file, statement.line, {}, std::move(path), {}, {}, std::move(table), std::move(edit), {},
          std::move(why)});
  }

  // A TRUNCATE of tables alone is kept, with them: the rows preflight would
  // ask the target about are gone (schema::rows_before_statement). What may
  // change rows after it is kept again, a first INSERT into each table too.
  void note_truncate(const psql::Statement& statement) {
    auto tables = ddl::truncate_targets(statement.rendered.text);
    if (!tables) {
      note_rows_changed(statement, unfollowed_because("truncate"));
      return;
    }
    const std::string schema = single_schema();
    for (auto& table : *tables) qualify(table, schema);
    std::vector<std::string> path = schema.empty() ? search_path_ : std::vector<std::string>{};
    keep({statement.file, statement.line, {}, std::move(path), {}, std::move(*tables), {}, {}, {}});
    rows_changed_ = false;
    inserted_.clear();
  }

  // SAVEPOINT, RELEASE [SAVEPOINT] and ROLLBACK [WORK | TRANSACTION] TO
  // [SAVEPOINT] name: what a ROLLBACK TO undoes is gone from the facts as
  // from the database, the file's search_path as it was at the savepoint.
  // False for anything else (a ROLLBACK of the transaction).
  bool read_savepoint(const psql::Statement& statement) {
    const auto tokens = lexer::tokenize(statement.rendered.text, 8);
    std::size_t at = 1;
    const auto word_at = [&tokens](std::size_t i, std::string_view word) {
      return i < tokens.size() && tokens[i].is_word(word);
    };
    if (tokens[0].is_word("savepoint")) {
      if (at >= tokens.size() || !tokens[at].is_name()) return false;
      savepoints_.push_back({tokens[at].value, facts_.statements.size(), search_path_, inserted_, rows_changed_,
                             settings_changed_, search_path_set_, role_});
      return true;
    }
    const bool release = tokens[0].is_word("release");
    if (!release) {
      if (word_at(at, "work") || word_at(at, "transaction")) ++at;
      if (!word_at(at, "to")) return false;
      ++at;
    }
    if (word_at(at, "savepoint")) ++at;
    if (at >= tokens.size() || !tokens[at].is_name()) return false;
    const std::string& name = tokens[at].value;
    const auto found = std::find_if(savepoints_.rbegin(), savepoints_.rend(),
                                    [&name](const Savepoint& savepoint) { return savepoint.name == name; });
    if (found == savepoints_.rend()) return false;
    const auto kept = static_cast<std::size_t>(savepoints_.rend() - found);  // up to it, itself included
    if (release) {
      savepoints_.resize(kept - 1);
      return true;
    }
    const Savepoint& savepoint = savepoints_[kept - 1];
    facts_.statements.resize(savepoint.statements);
    search_path_ = savepoint.search_path;
    inserted_ = savepoint.inserted;
    rows_changed_ = savepoint.rows_changed;
    settings_changed_ = savepoint.settings_changed;
    search_path_set_ = savepoint.search_path_set;
    role_ = savepoint.role;
    savepoints_.resize(kept);  // (ROLLBACK TO keeps the savepoint)
    return true;
  }

  // The first statement that may change rows is kept, with no facts
  // (recognised false): preflight learns from where on the rows it asks
  // the target about may differ (schema::rows_before_statement). The others are not.
  void note_rows_changed(const psql::Statement& statement, std::string why) {
    if (rows_changed_) return;
    rows_changed_ = true;
    keep({statement.file, statement.line, {}, {}, {}, {}, {}, {}, {}, std::move(why)});
  }

  // Why preflight does not follow what a statement that starts with `word`
  // does to rows, where the facts collector cannot tell more (the warnings'
  // "may change rows: ..."); empty: nothing worth saying.
  static std::string unfollowed_because(std::string_view word) {
    static const std::map<std::string_view, std::string_view> reasons = {
        {"insert", "preflight follows an INSERT ... VALUES that calls none of the user's functions, "
                   "not an INSERT ... SELECT or one with a WITH query"},
        {"select", "preflight does not tell which queries write rows (a function it calls, or a view or policy "
                   "it reads, may)"},
        {"values", "a query may run functions that write rows"},
        {"with", "preflight does not follow a WITH query"},
        {"copy", "preflight does not read the rows COPY adds"},
        {"merge", "preflight does not follow a MERGE"},
        {"call", "a procedure may write rows"},
        {"do", "preflight does not follow the statements of a DO block"},
        {"execute", "a prepared statement may write rows"},
        {"explain", "EXPLAIN ANALYZE runs its statement"},
        {"declare", "a cursor's query may run functions that write rows"},
        {"truncate", "preflight does not read which tables it empties"},
        {"table", "a query may run functions that write rows, a view's it reads"},
        {"refresh", "REFRESH MATERIALIZED VIEW runs the view's query, which may call functions that write rows"},
    };
    const auto found = reasons.find(word);
    return found == reasons.end() ? std::string() : std::string(found->second);
  }

  // CREATE [OR REPLACE] RULE
  static bool creates_rule(const std::string& text) {
    const auto head = lexer::tokenize(text, 4);
    return (head.size() > 1 && head[1].is_word("rule")) || (head.size() > 3 && head[3].is_word("rule"));
  }

  // CREATE [OR REPLACE] OPERATOR, CAST or AGGREGATE (OPERATOR CLASS and
  // FAMILY too): what it calls may run where no statement names a function.
  static bool creates_unseen_caller(const std::string& text) {
    const auto head = lexer::tokenize(text, 4);
    const std::size_t at = head.size() > 2 && head[1].is_word("or") && head[2].is_word("replace") ? 3 : 1;
    if (at >= head.size()) return false;
    return head[at].is_word("operator") || head[at].is_word("cast") || head[at].is_word("aggregate");
  }

  // Statements that change no table's rows: transaction control, settings,
  // locks, maintenance, notifications, and the DDL and privilege forms the
  // facts do not model (CREATE RULE, ALTER SYSTEM...). Anything else may
  // (a query's function, a procedure, a prepared statement, EXPLAIN ANALYZE).
  static bool leaves_rows(const std::string& word) {
    static const std::set<std::string, std::less<>> words = {
        "abort",    "alter",   "analyze", "begin",   "checkpoint", "cluster", "comment", "commit", "create",
        "deallocate", "discard", "drop",  "end",     "grant",      "listen",  "load",    "lock",   "notify",
        "prepare",  "reindex", "release", "reset",   "revoke",     "rollback", "savepoint", "security", "set",
        "show",     "start",   "unlisten", "vacuum"};
    return words.count(word) != 0;
  }

  // What \gexec runs comes from rows, as what a DO block's EXECUTE runs:
  // dynamic SQL, whose objects are not known before it runs.
  void read_gexec(const psql::Statement& query) override {
    ddl::StatementFacts facts;
    facts.command = "\\gexec";  // (not recognised: nothing of it is analysed)
    facts.dynamic_sql = true;
    facts.dynamic_sql_varies = true;
    keep({query.file, query.line, std::move(facts), {}, {}, {}, {}, {}, {}});
  }

  // The first SET or RESET of a setting that may change what an expression
  // means (DateStyle, TimeZone, anything not known to be harmless; not
  // search_path, which follow_session keeps), as a marker: preflight does
  // not evaluate a CHECK or USING on the target after it where it may read
  // the setting, nor a partition's bound.
  void note_setting(const psql::Statement& statement, const std::vector<lexer::Token>& tokens) {
    // (pg_dump's header sets several: client_encoding, row_security,
    // default_tablespace, default_table_access_method, transaction_timeout,
    // and these two to what a session has unless told otherwise)
    static const std::set<std::string, std::less<>> harmless = {
        "application_name", "check_function_bodies", "client_encoding", "client_min_messages", "constraints",
        "default_table_access_method", "default_tablespace", "idle_in_transaction_session_timeout",
        "idle_session_timeout", "lock_timeout", "maintenance_work_mem", "max_parallel_maintenance_workers",
        "max_parallel_workers_per_gather", "role", "row_security", "statement_timeout", "synchronous_commit",
        "temp_buffers", "transaction", "transaction_timeout", "work_mem", "authorization", "default_with_oids"};
    static const std::map<std::string, std::string, std::less<>> harmless_values = {
        {"standard_conforming_strings", "on"}, {"xmloption", "content"}};
    if (settings_changed_) return;
    std::size_t at = 1;  // past SET or RESET
    while (at < tokens.size() && (tokens[at].is_word("session") || tokens[at].is_word("local"))) ++at;
    if (at >= tokens.size() || harmless.count(tokens[at].value) != 0) return;
    if (tokens[at].value == "search_path" || tokens[at].is_word("schema")) return;
    if (const auto value = harmless_values.find(tokens[at].value); value != harmless_values.end()) {
      const auto set = lexer::setting_statement(tokens, value->first);
      if (set && (set->to_default || tokens[set->value].value == value->second)) return;
    }
    settings_changed_ = true;
    keep_marker(statement, schema::setting_marker);
  }

  // What a SET, RESET or SELECT set_config does to the file's role and
  // search_path, each change of role and the first of search_path kept as a
  // marker. A role's is set_role_marker for the file's own SET [SESSION |
  // LOCAL] ROLE (what fails for a role that is no member of it),
  // other_role_marker for the other forms and a DO block's.
  enum class SessionChange { none, role, search_path };
  SessionChange follow_session(const psql::Statement& statement, const std::vector<lexer::Token>& tokens,
                               bool in_block = false) {
    // (what the session keeps at the COMMIT of the file's own BEGIN ... COMMIT)
    const auto set = lexer::set_setting(tokens);
    const bool local = set && set->local;
    if (auto role = role_change(tokens)) {
      if (block_session_ && !local) block_session_->role = *role;
      role_ = std::move(*role);
      const bool plain = !in_block && tokens[0].is_word("set") && lexer::setting_statement(tokens, "role");
      keep_marker(statement, plain ? schema::set_role_marker : schema::other_role_marker);
      return SessionChange::role;
    }
    auto change = search_path_change(tokens);
    if (!change) return SessionChange::none;
    if (block_session_ && !local) block_session_->search_path = *change;
    search_path_ = std::move(*change);
    if (!search_path_set_) {
      search_path_set_ = true;
      keep_marker(statement, schema::search_path_marker);
    }
    return SessionChange::search_path;
  }

  // The file's own BEGIN ... COMMIT: the role and search_path a SET LOCAL
  // inside it sets end at its COMMIT, as psql -f runs it (and pgapply too,
  // engine/block_settings.hpp, when it leaves them out). (A ROLLBACK is
  // refused before any of this is read.)
  void follow_transaction_block(std::string_view word) {
    if (word == "begin" || word == "start") {
      block_session_ = BlockSession{role_, search_path_};
    } else if (block_session_) {
      role_ = std::move(block_session_->role);
      search_path_ = std::move(block_session_->search_path);
      block_session_.reset();
    }
  }

  // The same for each SET, RESET or set_config in a DO block's body (as if
  // it ran: a branch's too), which changes the session as the file's own do.
  void follow_block_session(const psql::Statement& statement) {
    if (!lexer::contains_ignoring_case(statement.rendered.text, "set")) return;  // (SET, RESET, set_config)
    for (const auto& token : lexer::tokenize(statement.rendered.text)) {
      if (token.kind != lexer::TokenKind::dollar_string && token.kind != lexer::TokenKind::string) continue;
      const auto body = lexer::tokenize(token.value);
      for (std::size_t k = 0; k < body.size(); ++k) {
        // (a SET that starts a statement of the block: not ALTER ... SET SCHEMA, nor a function's SET)
        const bool starts = k == 0 || body[k - 1].is_punct(";") || body[k - 1].is_word("begin") ||
                            body[k - 1].is_word("then") || body[k - 1].is_word("else") ||
                            body[k - 1].is_word("loop") || body[k - 1].is_word("exception");
        if (!((body[k].is_word("set") || body[k].is_word("reset")) && starts) && !body[k].is_word("set_config")) {
          continue;
        }
        auto end = k;
        while (end < body.size() && !body[end].is_punct(";")) ++end;
        // (set_config's call from its name; a SET from its first word)
        const std::vector<lexer::Token> part(body.begin() + static_cast<std::ptrdiff_t>(k),
                                             body.begin() + static_cast<std::ptrdiff_t>(end));
        follow_session(statement, part, true);
        k = end;
      }
    }
  }

  // A statement with no declarations that says what the file did there (a
  // schema::*_marker command); its facts, as kept.
  ddl::StatementFacts& keep_marker(const psql::Statement& statement, std::string_view command,
                                   bool recognised = true) {
    ddl::StatementFacts marker;
    marker.recognised = recognised;
    marker.command = command;
    keep({statement.file, statement.line, std::move(marker), {}, {}, {}, {}, {}, {}});
    return facts_.statements.back().facts;
  }

  // Each statement kept runs as the role the file made current before it.
  void keep(schema::DeclaredStatement statement) {
    statement.role = role_;
    facts_.statements.push_back(std::move(statement));
  }

  schema::MigrationFacts& facts_;
  struct BlockSession {
    std::string role;
    std::vector<std::string> search_path;
  };
  // In the file's own BEGIN ... COMMIT: the role and search_path its COMMIT leaves.
  std::optional<BlockSession> block_session_;
  std::string role_;  // the file's own SET ROLE's; empty: the connection's
  std::vector<std::string> search_path_;  // the file's own search_path; empty: the connection's
  // The tables INSERTs went to (as written, with search_path), and how many
  // of their rows were kept (note_insert).
  std::map<std::string, std::size_t, std::less<>> inserted_;
  static constexpr std::size_t max_inserted_rows = 1000;
  std::size_t updates_kept_ = 0;
  static constexpr std::size_t max_updates = 1000;
  bool rows_changed_ = false;
  bool settings_changed_ = false;
  bool search_path_set_ = false;
  // The file's savepoints, oldest first, each with what it rolls back to.
  struct Savepoint {
    std::string name;
    std::size_t statements = 0;  // facts_.statements.size() when it was made
    std::vector<std::string> search_path;
    std::map<std::string, std::size_t, std::less<>> inserted;
    bool rows_changed = false;
    bool settings_changed = false;
    bool search_path_set = false;
    std::string role;
  };
  std::vector<Savepoint> savepoints_;
};

}  // namespace

schema::MigrationFacts migration_facts(const MigrationScript& script, const Project&) {
  schema::MigrationFacts facts;
  facts.version = script.file.version;
  facts.file_name = script.file.file_name;
  facts.shown = script.shown;
  FactsBackend backend(facts);
  script.loaded.replay(backend);  // what was loaded is what runs: never read again
  return facts;
}

std::vector<schema::MigrationFacts> migration_facts(const std::vector<const MigrationScript*>& scripts,
                                                    const Project& project) {
  std::vector<schema::MigrationFacts> facts;
  facts.reserve(scripts.size());
  for (const MigrationScript* script : scripts) facts.push_back(migration_facts(*script, project));
  return facts;
}

}  // namespace pgapply::engine
