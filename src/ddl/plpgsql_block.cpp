#include "ddl/plpgsql_block.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

using lexer::Token;
using lexer::TokenKind;

// Nesting beyond this is not walked (the rest of the body is skipped and the
// scan marked incomplete): it keeps recursion bounded on hostile input.
constexpr int kMaxNesting = 64;

struct Context {
  bool conditional = false;
  bool guarded = false;
};

class BlockWalker {
 public:
  explicit BlockWalker(std::string_view body) : body_(body), tokens_(lexer::tokenize(body)) {}

  BlockScan walk() {
    block({}, 0);
    // Anything after the block's END: statements all the same (a body
    // without BEGIN ... END is not valid PL/pgSQL, but be lenient).
    while (!done()) {
      const std::size_t before = pos_;
      statement({}, 0);
      if (pos_ == before) ++pos_;
    }
    // Variables carry what was read anywhere in the block into any condition.
    if (reads_rows_) {
      for (auto& statement : out_.statements) statement.data_dependent = statement.data_dependent || statement.conditional;
    }
    out_.varies = reads_rows_ || catches_data_errors_ || names_what_varies();
    return std::move(out_);
  }

 private:
  bool done() const { return pos_ >= tokens_.size(); }
  const Token* peek(std::size_t ahead = 0) const {
    return pos_ + ahead < tokens_.size() ? &tokens_[pos_ + ahead] : nullptr;
  }
  bool at_word(std::string_view word, std::size_t ahead = 0) const {
    const Token* t = peek(ahead);
    return t != nullptr && t->is_word(word);
  }
  bool at_any_word(std::initializer_list<std::string_view> words) const {
    const Token* t = peek();
    return t != nullptr && t->kind == TokenKind::word &&
           std::find(words.begin(), words.end(), t->value) != words.end();
  }
  bool accept_word(std::string_view word) {
    if (!at_word(word)) return false;
    ++pos_;
    return true;
  }
  bool at_op(std::string_view op, std::size_t ahead = 0) const {
    const Token* t = peek(ahead);
    return t != nullptr && t->kind == TokenKind::op && t->text == op;
  }

  void give_up() {
    out_.incomplete = true;
    pos_ = tokens_.size();
  }

  // <<label>>
  void skip_label() {
    if (at_op("<<") && peek(1) != nullptr && peek(1)->is_name() && at_op(">>", 2)) pos_ += 3;
  }

  // Past the next ';' at bracket depth 0 (or to the end). Returns the index of the ';'.
  std::size_t skip_statement() {
    lexer::BracketDepth brackets;
    for (; pos_ < tokens_.size(); ++pos_) {
      const Token& t = tokens_[pos_];
      if (!brackets.step(t) && brackets.at_top() && t.is_punct(";")) return pos_++;
    }
    return pos_;
  }

  // Whether tokens [from, to) name a relation outside the catalogs after
  // FROM or JOIN (or are DML): what they compute hangs on rows. `x IS
  // DISTINCT FROM y` and `extract(a FROM b)` count too: a harmless excess.
  bool names_rows(std::size_t from, std::size_t to) const {
    if (from < to && (tokens_[from].is_word("insert") || tokens_[from].is_word("update") ||
                      tokens_[from].is_word("delete") || tokens_[from].is_word("merge"))) {
      return true;
    }
    for (std::size_t i = from; i + 1 < to; ++i) {
      if (!tokens_[i].is_word("from") && !tokens_[i].is_word("join")) continue;
      const Token& name = tokens_[i + 1];
      if (!name.is_name() || name.is_word("lateral") || name.is_word("only")) continue;
      const bool qualified = i + 3 < to && tokens_[i + 2].is_punct(".") && tokens_[i + 3].is_name();
      const std::string_view schema = qualified ? std::string_view(name.value) : std::string_view();
      const std::string_view relation = qualified ? std::string_view(tokens_[i + 3].value) : name.value;
      const bool catalog = schema == "pg_catalog" || schema == "information_schema" ||
                           (schema.empty() && relation.substr(0, 3) == "pg_");
      if (!catalog) return true;
    }
    return false;
  }
  void note_rows(std::size_t from) { reads_rows_ = reads_rows_ || names_rows(from, pos_); }

  // Whether the block names the moment, chance or the session anywhere
  // (BlockScan::varies): the keywords that are values of their own, or the
  // functions, called.
  bool names_what_varies() const {
    static constexpr std::array<std::string_view, 10> values = {
        "current_date", "current_time",  "current_timestamp", "localtime", "localtimestamp",
        "current_user", "session_user",  "current_role",      "user",      "current_catalog"};
    static constexpr std::array<std::string_view, 22> functions = {
        "now",          "clock_timestamp",  "statement_timestamp", "transaction_timestamp", "timeofday",
        "random",       "gen_random_uuid",  "uuid_generate_v1",    "uuid_generate_v4",      "nextval",
        "currval",      "lastval",          "txid_current",        "pg_current_xact_id",    "current_database",
        "current_setting", "current_schema", "inet_server_addr",   "pg_backend_pid",        "version",
        "random_normal", "pg_postmaster_start_time"};
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (t.kind != lexer::TokenKind::word) continue;
      if (std::find(values.begin(), values.end(), t.value) != values.end()) return true;
      const bool called = i + 1 < tokens_.size() && tokens_[i + 1].is_punct("(");
      if (called && std::find(functions.begin(), functions.end(), t.value) != functions.end()) return true;
    }
    return false;
  }

  // To the word `target` at depth 0 outside CASE ... END (an IF condition
  // may hold a CASE expression with its own THEN), then past it; notes
  // whether the condition reads rows.
  void skip_to(std::string_view target) {
    const std::size_t from = pos_;
    skip_past(target);
    note_rows(from);
  }
  void skip_past(std::string_view target) {
    lexer::BracketDepth brackets;
    std::size_t cases = 0;
    for (; pos_ < tokens_.size(); ++pos_) {
      const Token& t = tokens_[pos_];
      if (brackets.step(t) || !brackets.at_top()) continue;
      if (t.is_word("case")) {
        ++cases;
      } else if (t.is_word("end") && cases > 0) {
        --cases;
      } else if (cases == 0 && t.is_word(target)) {
        ++pos_;
        return;
      } else if (t.is_punct(";")) {
        out_.incomplete = true;  // the condition ran into a statement end
        return;
      }
    }
    out_.incomplete = true;
  }

  // END [IF|LOOP|CASE] [label] ;
  void end_clause() {
    if (!accept_word("end")) {
      out_.incomplete = true;
      return;
    }
    for (int i = 0; i < 2 && !done() && !peek()->is_punct(";"); ++i) {
      if (peek()->kind != TokenKind::word && peek()->kind != TokenKind::quoted_identifier) break;
      ++pos_;
    }
    if (!done() && peek()->is_punct(";")) ++pos_;
  }

  bool at_terminator() const {
    return at_any_word({"end", "exception", "elsif", "elseif", "else", "when"});
  }

  void statements(Context context, int depth) {
    while (!done() && !at_terminator()) {
      const std::size_t before = pos_;
      statement(context, depth);
      if (pos_ == before) ++pos_;  // always make progress
    }
  }

  // [<<label>>] [DECLARE ...] BEGIN statements [EXCEPTION handlers] END [label];
  void block(Context context, int depth) {
    if (depth > kMaxNesting) return give_up();
    skip_label();
    if (accept_word("declare")) {
      while (!done() && !at_word("begin")) skip_statement();
    }
    if (!accept_word("begin")) {
      out_.incomplete = true;
      return;
    }
    const std::size_t first = out_.statements.size();
    const std::size_t first_execute = out_.executes.size();
    statements(context, depth + 1);
    if (accept_word("exception")) {
      // The block's statements are undone and the error caught when they fail.
      const std::size_t guarded_end = out_.statements.size();
      for (std::size_t i = first; i < guarded_end; ++i) out_.statements[i].exception_guarded = true;
      for (std::size_t i = first_execute; i < out_.executes.size(); ++i) out_.executes[i].exception_guarded = true;
      Context handler = context;
      handler.conditional = true;
      bool catches_data_errors = false;
      while (accept_word("when")) {
        const std::size_t conditions = pos_;
        skip_past("then");
        catches_data_errors = catches_data_errors || !only_catalog_conditions(conditions, pos_ - 1);
        statements(handler, depth + 1);
      }
      // unique_violation, others...: whether the guarded statements stand
      // (and the handlers run) may hang on rows
      if (catches_data_errors) {
        for (std::size_t i = first; i < out_.statements.size(); ++i) out_.statements[i].data_dependent = true;
        catches_data_errors_ = true;
      }
    }
    end_clause();
  }

  // WHEN duplicate_object OR SQLSTATE '42P07' ...: only errors of class 42
  // (syntax error or access rule violation: what exists, what does not),
  // which the catalog decides.
  bool only_catalog_conditions(std::size_t from, std::size_t to) const {
    for (std::size_t i = from; i < to; ++i) {
      const Token& t = tokens_[i];
      if (t.is_word("or") || t.is_word("sqlstate")) continue;
      if (t.kind == TokenKind::string && t.value.substr(0, 2) == "42") continue;
      if (t.kind == TokenKind::word &&
          (t.value.rfind("duplicate_", 0) == 0 || t.value.rfind("undefined_", 0) == 0)) {
        continue;
      }
      return false;
    }
    return true;
  }

  bool is_assignment() const {
    std::size_t i = 0;
    if (peek() == nullptr || !peek()->is_name()) return false;
    ++i;
    // a.b, a[1]
    while (true) {
      if (peek(i) != nullptr && peek(i)->is_punct(".") && peek(i + 1) != nullptr && peek(i + 1)->is_name()) {
        i += 2;
      } else if (peek(i) != nullptr && peek(i)->is_punct("[")) {
        std::size_t depth = 0;
        for (; peek(i) != nullptr; ++i) {
          if (peek(i)->is_punct("[")) ++depth;
          if (peek(i)->is_punct("]") && --depth == 0) break;
        }
        if (peek(i) == nullptr) return false;
        ++i;
      } else {
        break;
      }
    }
    const Token* t = peek(i);
    if (t == nullptr) return false;
    if (t->kind == TokenKind::op && (t->text == "=" || t->text == ":=")) return true;
    // ':' is no operator character: ":=" comes as ':' then '='
    return t->text == ":" && at_op("=", i + 1);
  }

  void statement(Context context, int depth) {
    if (depth > kMaxNesting) return give_up();
    skip_label();
    if (done()) return;
    Context inner = context;
    inner.conditional = true;
    if (accept_word("if")) {
      skip_to("then");
      statements(inner, depth + 1);
      while (at_word("elsif") || at_word("elseif")) {
        ++pos_;
        skip_to("then");
        statements(inner, depth + 1);
      }
      if (accept_word("else")) statements(inner, depth + 1);
      return end_clause();
    }
    if (accept_word("case")) {
      if (!at_word("when")) skip_to_word_at_depth0("when");
      while (accept_word("when")) {
        skip_to("then");
        statements(inner, depth + 1);
      }
      if (accept_word("else")) statements(inner, depth + 1);
      return end_clause();
    }
    if (accept_word("loop")) {
      statements(inner, depth + 1);
      return end_clause();
    }
    if (at_any_word({"while", "for", "foreach"})) {
      ++pos_;
      const std::size_t from = pos_;
      skip_to("loop");
      note_execute(from, pos_, context);  // FOR r IN EXECUTE '...' LOOP
      statements(inner, depth + 1);
      return end_clause();
    }
    if (at_word("declare") || at_word("begin")) return block(context, depth + 1);
    if (accept_word("execute")) {
      out_.dynamic_sql = true;
      execute(context);
      return;
    }
    if (at_any_word({"raise", "perform", "return", "exit", "continue", "get", "open", "fetch", "move", "close",
                     "null", "assert", "commit", "rollback"}) ||
        is_assignment()) {
      const std::size_t from = pos_;
      skip_statement();
      note_rows(from);
      note_execute(from, pos_, context);  // RETURN QUERY EXECUTE, OPEN c FOR EXECUTE
      return;
    }
    // Static SQL up to its ';'. A query or DML may read rows (SELECT ...
    // INTO, FOUND after an UPDATE); DDL's own FROM (REVOKE ... FROM, a
    // view's query) reads none when the block runs.
    const std::size_t first = pos_;
    const std::size_t semicolon = skip_statement();
    if (semicolon <= first) return;
    if (at_any_word_at(first, {"select", "with", "values", "table", "insert", "update", "delete", "merge"})) {
      reads_rows_ = reads_rows_ || names_rows(first, semicolon);
    }
    const Token& begin = tokens_[first];
    const Token& last = tokens_[semicolon - 1];
    EmbeddedStatement statement;
    statement.offset = begin.offset;
    statement.text = body_.substr(begin.offset, last.offset + last.text.size() - begin.offset);
    statement.conditional = context.conditional;
    statement.exception_guarded = context.guarded;
    out_.statements.push_back(statement);
  }

  // An EXECUTE inside another statement, between tokens `from` and `to`
  // (FOR r IN EXECUTE '...' LOOP, RETURN QUERY EXECUTE, OPEN c FOR
  // EXECUTE): dynamic SQL as a statement of its own is, its command string
  // up to USING, INTO or LOOP.
  void note_execute(std::size_t from, std::size_t to, Context context) {
    lexer::BracketDepth brackets;
    std::size_t at = from;
    for (; at < to && at < tokens_.size(); ++at) {
      if (!brackets.step(tokens_[at]) && brackets.at_top() && tokens_[at].is_word("execute")) break;
    }
    if (at >= to || at + 1 >= tokens_.size()) return;
    out_.dynamic_sql = true;
    std::size_t end = at + 1;
    lexer::BracketDepth inner;
    for (; end < to && end < tokens_.size(); ++end) {
      const Token& t = tokens_[end];
      if (!inner.step(t) && inner.at_top() &&
          (t.is_word("using") || t.is_word("into") || t.is_word("loop") || t.is_punct(";"))) {
        break;
      }
    }
    if (end <= at + 1) return;
    const Token& last = tokens_[end - 1];
    ExecuteStatement statement;
    statement.offset = tokens_[at + 1].offset;
    statement.expression = body_.substr(statement.offset, last.offset + last.text.size() - statement.offset);
    statement.conditional = context.conditional;
    statement.exception_guarded = context.guarded;
    out_.executes.push_back(statement);
  }

  // After EXECUTE: its command string runs up to INTO or USING at depth 0,
  // or to the ';'.
  void execute(Context context) {
    const std::size_t first = pos_;
    const std::size_t semicolon = skip_statement();
    std::size_t end = first;
    lexer::BracketDepth brackets;
    for (; end < semicolon; ++end) {
      const Token& t = tokens_[end];
      if (!brackets.step(t) && brackets.at_top() && (t.is_word("into") || t.is_word("using"))) break;
    }
    if (end <= first) return;
    const Token& last = tokens_[end - 1];
    ExecuteStatement statement;
    statement.offset = tokens_[first].offset;
    statement.expression = body_.substr(statement.offset, last.offset + last.text.size() - statement.offset);
    statement.conditional = context.conditional;
    statement.exception_guarded = context.guarded;
    out_.executes.push_back(statement);
  }

  bool at_any_word_at(std::size_t index, std::initializer_list<std::string_view> words) const {
    const Token& t = tokens_[index];
    return t.kind == TokenKind::word && std::find(words.begin(), words.end(), t.value) != words.end();
  }

  void skip_to_word_at_depth0(std::string_view word) {
    lexer::BracketDepth brackets;
    for (; pos_ < tokens_.size(); ++pos_) {
      const Token& t = tokens_[pos_];
      if (!brackets.step(t) && brackets.at_top() && t.is_word(word)) return;
    }
  }

  std::string_view body_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  BlockScan out_;
  bool reads_rows_ = false;  // something in the block reads or writes table rows
  bool catches_data_errors_ = false;  // an exception handler catches more than catalog errors
};

}  // namespace

BlockScan scan_plpgsql_block(std::string_view body) { return BlockWalker(body).walk(); }

}  // namespace pgapply::ddl
