#include "engine/loaded_script.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <strings.h>

#include "core/diagnostic.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "ddl/builtin_volatility.hpp"
#include "lexer/batch_boundaries.hpp"
#include "lexer/tokenizer.hpp"
#include "migrate/checksum.hpp"
#include "psql/joined_statements.hpp"

namespace pgapply::engine {

namespace {

constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

// Enough for the longest head lexer::statement_kind looks at, e.g. REINDEX
// (VERBOSE, CONCURRENTLY true) TABLE CONCURRENTLY, or CLUSTER's operands.
constexpr std::size_t head_tokens = 24;

// Whether the text names a function that may let go of the session's shared
// hand-over lock (any letter case): pg_advisory_unlock_all, or
// pg_advisory_unlock_shared (StatementTraits::may_release_handover).
bool names_handover_release(std::string_view text) {
  constexpr std::string_view stem = "pg_advisory_unlock_";
  const auto same = [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; };
  // (one pass over the text: each statement of every file is looked at)
  for (auto at = text.begin(); (at = std::search(at, text.end(), stem.begin(), stem.end(), same)) != text.end();) {
    at += static_cast<std::ptrdiff_t>(stem.size());
    const std::string_view rest(at, text.end());
    for (const std::string_view end : {std::string_view("all"), std::string_view("shared")}) {
      if (rest.size() >= end.size() && std::equal(end.begin(), end.end(), rest.begin(),
                                                  [&](char want, char got) { return same(got, want); })) {
        return true;
      }
    }
  }
  return false;
}

// Neither transaction control, nor a session setting, nor a statement that
// cannot run in a transaction block, whatever follows this first word.
bool is_plain_dml(const lexer::Token& first) {
  static constexpr std::string_view words[] = {"insert", "update", "delete", "select",
                                               "values", "table",  "merge",  "with"};
  return first.kind == lexer::TokenKind::word &&
         std::find(std::begin(words), std::end(words), first.value) != std::end(words);
}

// CALL may run a procedure that commits; a DO block may commit too (only
// outside a transaction block: inside one it fails). Such a statement must run
// exactly as written, never wrapped in pgapply's own BEGIN ... COMMIT.
bool may_commit(const std::vector<lexer::Token>& tokens, std::string_view text) {
  if (tokens.empty() || tokens[0].kind != lexer::TokenKind::word) return false;
  if (tokens[0].value == "call") return true;
  if (tokens[0].value != "do") return false;
  for (const auto& token : lexer::tokenize(text)) {
    if (token.kind != lexer::TokenKind::dollar_string && token.kind != lexer::TokenKind::string) continue;
    for (const auto& word : lexer::tokenize(token.value)) {
      if (word.kind == lexer::TokenKind::word && (word.value == "commit" || word.value == "rollback")) return true;
    }
  }
  return false;
}

// A statement that changes the session's client encoding: what follows may
// be in that encoding (a pg_dump of a LATIN1 database starts SET
// client_encoding = 'LATIN1').
// Asked of every statement of a migration: looks without copying it.
bool sets_client_encoding(std::string_view text) {
  const std::string_view head = text.substr(0, 4096);
  constexpr std::string_view name = "client_encoding";
  if (std::search(head.begin(), head.end(), name.begin(), name.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      }) != head.end()) {
    return true;
  }
  const auto tokens = lexer::tokenize(text, 2);
  return tokens.size() == 2 && tokens[0].value == "set" && tokens[1].value == "names";
}

Error not_utf8(std::string_view text, std::size_t bad, const std::string& file, std::size_t line, std::size_t column) {
  const std::string_view before = text.substr(0, bad);
  const auto newlines = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n');
  const std::size_t at_column = line_start == std::string_view::npos ? column + bad : bad - line_start;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
  return Error(ErrorKind::input,
               diagnostic(file, line + newlines, at_column, "error",
                          std::string("not UTF-8 (byte ") + byte +
                              "): pgapply reads migrations as UTF-8; save the file as UTF-8, or set "
                              "PGCLIENTENCODING to the encoding it is written in (LATIN1, or WIN1252 for a file "
                              "saved on Windows, say: PGCLIENTENCODING=LATIN1 pgapply ...)"),
               true);
}

// Whether a file is UTF-8, from its bytes a piece at a time as the
// interpreter reads them (a sequence may straddle two pieces): the file is
// not read again for it. Keeps the first error, with its line and column.
class Utf8Check {
 public:
  explicit Utf8Check(std::string shown) : shown_(std::move(shown)) {}

  void feed(std::string_view bytes) {
    if (error_) return;
    carried_.append(bytes);
    // Up to 3 bytes of a sequence cut at the end wait for the next piece.
    std::size_t end = carried_.size();
    std::size_t back = 0;
    while (back < 3 && back < end && (static_cast<unsigned char>(carried_[end - 1 - back]) & 0xC0) == 0x80) ++back;
    if (back < end && static_cast<unsigned char>(carried_[end - 1 - back]) >= 0xC0) end -= back + 1;
    check(std::string_view(carried_).substr(0, end));
    carried_.erase(0, end);
  }

  // The first error in what was fed so far.
  const std::optional<Error>& so_far() const { return error_; }

  // After the last piece: the first error, if any.
  const std::optional<Error>& finish() {
    if (!error_) check(carried_);
    carried_.clear();
    return error_;
  }

 private:
  void check(std::string_view text) {
    if (const auto bad = first_invalid_utf8(text)) {
      error_ = not_utf8(text, *bad, shown_, line_, column_);
      return;
    }
    const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    const std::size_t last = text.rfind('\n');
    line_ += newlines;
    column_ = last == std::string_view::npos ? column_ + text.size() : text.size() - last;
  }

  std::string shown_;
  std::string carried_;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
  std::optional<Error> error_;
};

std::string read_whole(const std::filesystem::path& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  *ok = static_cast<bool>(in) || in.eof();
  return bytes;
}

}  // namespace

bool client_encoding_is_utf8() {
  const char* value = std::getenv("PGCLIENTENCODING");
  if (value == nullptr || *value == '\0') return true;
  std::string name;
  for (const char* c = value; *c != '\0'; ++c) {
    if (*c == '-' || *c == '_') continue;
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  }
  return name == "utf8" || name == "unicode";
}

struct LoadedScript::Interpolated {
  psql::SourceMap map;
  std::vector<psql::Interpolation> interpolations;
  bool has_escaped_semicolon = false;
};

// Plans the file's transactions and records its steps as the interpreter
// hands them over.
class LoadedScript::Recorder : public psql::Backend {
 public:
  Recorder(LoadedScript& script, psql::TransactionPlanner& planner, std::size_t memory_limit, bool check_utf8)
      : script_(script), planner_(planner), memory_limit_(memory_limit), check_utf8_(check_utf8) {}

  void statement(const psql::Statement& statement) override {
    const auto block = block_of(statement);
    if (block && pending_ && pending_block_ == *block) {
      // One more statement of a goose StatementBegin ... StatementEnd block:
      // the block goes to the server as one query, as goose sends it.
      join(*pending_, statement);
      return;
    }
    flush_block();
    if (block) {
      pending_ = statement;
      pending_block_ = *block;
      return;
    }
    process(statement);
  }

  // The end of the file: a block still held goes out.
  void flush_block() {
    if (!pending_) return;
    psql::Statement held = std::move(*pending_);
    pending_.reset();
    process(held);
  }

 private:
  // Appends `next` to the block held in `held`, the text between them (blank
  // lines, comments) sent as whitespace of the same length and lines: a
  // position in the block maps to the file as in one statement (a server
  // error in its third statement is reported at that statement's line).
  static void join(psql::Statement& held, const psql::Statement& next) {
    const std::size_t end = held.offset + held.original.size();  // in the file
    std::string gap = "\n";
    if (next.file == held.file && next.offset >= end) {
      const std::size_t length = next.offset - end;
      const std::size_t end_line =
          held.line + static_cast<std::size_t>(std::count(held.original.begin(), held.original.end(), '\n'));
      const std::size_t newlines = next.line > end_line ? next.line - end_line : 0;
      if (newlines <= length) {
        const std::size_t indent = newlines == 0 ? 0 : std::min(next.column - 1, length - newlines);
        gap = std::string(length - newlines - indent, ' ') + std::string(newlines, '\n') + std::string(indent, ' ');
      }
    }
    auto& rendered = held.rendered;
    rendered.map.add_piece({rendered.text.size(), end, false});
    rendered.text += gap;
    rendered.map.append(next.rendered.map, rendered.text.size());
    rendered.text += next.rendered.text;
    rendered.interpolations.insert(rendered.interpolations.end(), next.rendered.interpolations.begin(),
                                   next.rendered.interpolations.end());
    rendered.has_escaped_semicolon = true;  // several statements: sent alone
    held.original += gap;
    held.original += next.original;
  }

  std::optional<std::size_t> block_of(const psql::Statement& statement) const {
    const auto& blocks = script_.part_.statement_blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (statement.offset >= blocks[i].begin && statement.offset < blocks[i].end) return i;
    }
    return std::nullopt;
  }

 public:
  void process(psql::Statement statement) {
    // Numbered here: a goose block counts as one statement.
    statement.index = ++statements_;
    require_utf8(statement.original, statement.file, statement.line, statement.column);
    last_file_ = statement.file;
    const std::string& text = statement.rendered.text;
    if (!script_.analysis_.reads_query_text_line && lexer::contains_ignoring_case(text, "current_query")) {
      script_.analysis_.reads_query_text_line = statement.line;
    }
    if (!script_.analysis_.changes_stored_settings && lexer::may_change_stored_settings(text)) {
      script_.analysis_.changes_stored_settings = true;
    }
    StatementTraits traits;
    bool session_setting = false;
    const auto first = lexer::tokenize(text, 1);
    if (!(first.size() == 1 && is_plain_dml(first[0]))) {
      const auto tokens = lexer::tokenize(text, head_tokens);
      traits.control = lexer::transaction_control(tokens);
      auto autocommit = lexer::needs_autocommit(tokens);
      traits.needs_autocommit = autocommit.has_value();
      traits.may_commit = may_commit(tokens, text);
      // A DO block that commits fails in a transaction block: the file runs
      // statement by statement, as psql -f runs it. (A CALL commits only if
      // its procedure does, which is not known here: it stays in the plan.)
      if (!autocommit && traits.may_commit && tokens[0].is_word("do")) {
        autocommit = "a DO block that commits or rolls back";
      }
      traits.resets_all = lexer::resets_all(tokens);
      traits.may_make_read_only = lexer::may_make_read_only(tokens);
      traits.precedes_queries = lexer::sets_transaction(tokens);
      session_setting = lexer::is_session_setting(tokens);
      traits.session_setting = session_setting;
      traits.sets = lexer::set_setting(tokens);
      if (session_setting || lexer::may_change_parse_settings(text)) script_.analysis_.changes_session = true;
      if (lexer::may_change_role_unseen(tokens, text)) script_.analysis_.may_change_role = true;
      planner_.add_statement(statement.line, traits.control, autocommit, session_setting, lexer::chains(tokens));
    } else {
      if (lexer::may_change_parse_settings(text)) {  // SELECT set_config(...)
        script_.analysis_.changes_session = true;
        traits.may_make_read_only = lexer::may_make_read_only(lexer::tokenize(text, head_tokens));
      }
      if (!script_.analysis_.may_change_role && first[0].is_word("select") && ddl::calls_users_function(text)) {
        script_.analysis_.may_change_role = true;  // a function of the user's may SET ROLE
      }
      planner_.add_statement(statement.line, lexer::TransactionControl::none, std::nullopt, false);
    }
    // (A COPY's data follows it: nothing may be sent in between.)
    if (names_handover_release(text) && !(first.size() == 1 && first[0].is_word("copy"))) {
      traits.may_release_handover = true;
    }
    if (statement.rendered.has_escaped_semicolon) {
      // Statements joined with \; (or a goose block), sent as one: what the
      // later ones do to the session counts as much as the first one's
      // (a SET ROLE there must not write the ledger either).
      bool first_part = true;
      for (const psql::Statement& part : psql::statements_within(statement)) {
        const auto tokens = lexer::tokenize(part.rendered.text, head_tokens);
        if (lexer::is_session_setting(tokens) || lexer::may_change_parse_settings(part.rendered.text)) {
          script_.analysis_.changes_session = true;
        }
        if (lexer::resets_all(tokens)) traits.resets_all = true;
        if (lexer::may_make_read_only(tokens)) traits.may_make_read_only = true;
        // (the first one's counts as the statement's, above)
        if (!first_part) {
          const lexer::TransactionControl control = lexer::transaction_control(tokens);
          planner_.add_joined_control(statement.line, control);
          // run statement by statement, it commits or begins itself: never wrapped in pgapply's
          if (control != lexer::TransactionControl::none && control != lexer::TransactionControl::savepoint) {
            traits.may_commit = true;
          }
        }
        first_part = false;
      }
    }
    script_.traits_.push_back(traits);
    script_.lines_.push_back(statement.line);
    record(statement, Step::Kind::statement);
  }

  void copy_data(std::string_view data, std::size_t line, bool last) override {
    flush_block();
    require_utf8(data, last_file_, line, 1);
    if (script_.streamed_) return;
    Step step;
    step.kind = Step::Kind::copy_data;
    step.last = last;
    step.line = line;
    step.text = put(data);
    step.text_size = data.size();
    push(step);
  }

  // The statements \gexec will run are known only at run time; the usual ones
  // are string literals in its query (SELECT 'CREATE DATABASE x' WHERE ...),
  // so look there for one that cannot run in a transaction.
  void gexec(const psql::Statement& original_query) override {
    flush_block();
    require_utf8(original_query.original, original_query.file, original_query.line, original_query.column);
    psql::Statement query = original_query;
    query.index = ++statements_;
    std::optional<std::string> reason;
    for (const auto& token : lexer::tokenize(query.rendered.text)) {
      if (token.kind != lexer::TokenKind::string && token.kind != lexer::TokenKind::dollar_string) continue;
      if (auto found = lexer::needs_autocommit(lexer::tokenize(token.value))) {
        reason = *found + " (run by \\gexec)";
        break;
      }
    }
    planner_.add_statement(query.line, lexer::TransactionControl::none, reason, false);
    StatementTraits traits;
    traits.needs_autocommit = reason.has_value();
    traits.may_commit = true;  // what it runs is unknown: never wrap it
    script_.traits_.push_back(traits);
    script_.lines_.push_back(query.line);
    script_.analysis_.changes_session = true;
    record(query, Step::Kind::gexec);
  }

  void echo(const std::string& text, bool to_stderr) override {
    flush_block();
    if (script_.streamed_) return;
    Step step;
    step.kind = to_stderr ? Step::Kind::warn : Step::Kind::echo;
    step.text = put(text);
    step.text_size = text.size();
    push(step);
  }

 private:
  // The server would refuse text that is not in the client encoding
  // ("invalid byte sequence for encoding UTF8"), after connecting and in
  // the middle of a run: say where, before anything runs. `text` starts at
  // line:column of `file`.
  void require_utf8(std::string_view text, const std::string& file, std::size_t line, std::size_t column) {
    if (!check_utf8_) return;
    if (const auto bad = first_invalid_utf8(text)) throw not_utf8(text, *bad, file, line, column);
    if (sets_client_encoding(text)) check_utf8_ = false;  // the rest is in the encoding it names
  }

 public:
  // No statement changed the client encoding: what is between statements
  // (comments) must be UTF-8 too.
  bool checks_utf8() const { return check_utf8_; }

  std::size_t put(std::string_view text) {
    const std::size_t at = script_.arena_.size();
    script_.arena_.append(text);
    return at;
  }

  std::uint32_t file_index(const std::string& file) {
    auto& files = script_.files_;
    if (!files.empty() && files.back() == file) return static_cast<std::uint32_t>(files.size() - 1);
    const auto found = std::find(files.begin(), files.end(), file);
    if (found != files.end()) return static_cast<std::uint32_t>(found - files.begin());
    files.push_back(file);
    return static_cast<std::uint32_t>(files.size() - 1);
  }

  void record(const psql::Statement& statement, Step::Kind kind) {
    if (script_.streamed_) return;
    Step step;
    step.kind = kind;
    step.copy_from_stdin = statement.copy_from_stdin;
    step.file = file_index(statement.file);
    step.line = statement.line;
    step.column = statement.column;
    step.offset = statement.offset;
    step.index = statement.index;
    const auto& rendered = statement.rendered;
    step.text = put(rendered.text);
    step.text_size = rendered.text.size();
    if (statement.original != rendered.text) {
      step.original = put(statement.original);
      step.original_size = statement.original.size();
    } else {
      step.original = step.text;
      step.original_size = step.text_size;
    }
    if (statement.original != rendered.text || !rendered.interpolations.empty() ||
        rendered.has_escaped_semicolon) {
      auto extra = std::make_shared<Interpolated>();
      extra->map = rendered.map;
      extra->interpolations = rendered.interpolations;
      extra->has_escaped_semicolon = rendered.has_escaped_semicolon;
      step.interpolated = static_cast<std::uint32_t>(script_.interpolated_.size());
      script_.interpolated_.push_back(std::move(extra));
    }
    push(step);
  }

  void push(const Step& step) {
    script_.steps_.push_back(step);
    if (script_.arena_.size() + script_.steps_.size() * sizeof(Step) > memory_limit_) {
      // Too big to keep: it will be read again from disk when it runs.
      script_.streamed_ = true;
      std::string().swap(script_.arena_);
      std::vector<Step>().swap(script_.steps_);
      script_.interpolated_.clear();
    }
  }

  LoadedScript& script_;
  psql::TransactionPlanner& planner_;
  std::size_t memory_limit_;
  std::size_t statements_ = 0;
  bool check_utf8_;
  std::string last_file_;  // of the last statement: COPY data follows it
  std::optional<psql::Statement> pending_;  // the start of a goose block
  std::size_t pending_block_ = 0;
};

LoadedScript load_script(const std::filesystem::path& path, const std::string& shown,
                         const psql::InterpreterSettings& settings, const psql::Variables& variables,
                         ScriptUse use, std::size_t memory_limit, const ScriptPart& part,
                         std::optional<std::string_view> contents) {
  LoadedScript script;
  script.part_ = part;
  script.path_ = path;
  script.shown_ = shown;
  script.settings_ = settings;
  script.settings_.find_misplaced_directives = use == ScriptUse::migration;
  script.variables_ = std::make_shared<const psql::Variables>(variables);
  psql::TransactionPlanner planner(shown, use == ScriptUse::migration);
  LoadedScript::Recorder recorder(script, planner, memory_limit,
                                  use == ScriptUse::migration && client_encoding_is_utf8());
  psql::Variables walk_variables = variables;
  psql::Interpreter interpreter(script.settings_, walk_variables, recorder);
  Utf8Check utf8(shown);
  if (recorder.checks_utf8()) interpreter.on_file_bytes([&utf8](std::string_view bytes) { utf8.feed(bytes); });
  if (contents) interpreter.first_file_contents(*contents);
  try {
    if (part.range) {
      interpreter.run_file(path, shown, *part.range);
    } else {
      interpreter.run_file(path, shown);
    }
  } catch (const Error& error) {
    // A statement's bytes that are not UTF-8: the file's first such byte
    // (in a comment before it, say) is the one to name, as the file was read.
    const std::string_view what = error.what();
    if (utf8.so_far() && what.starts_with(shown + ":") && what.find(": not UTF-8 (byte ") != std::string_view::npos) {
      throw *utf8.so_far();
    }
    throw;
  }
  recorder.flush_block();
  if (recorder.checks_utf8()) {
    if (const auto& error = utf8.finish()) throw *error;
  }

  ScriptAnalysis& analysis = script.analysis_;
  analysis.directives = psql::parse_directives(interpreter.header(), shown, interpreter.header_line());
  if (!interpreter.misplaced_directives().empty()) analysis.misplaced_directive = interpreter.misplaced_directives()[0];
  if (part.no_transaction && analysis.directives.transaction != false) {
    analysis.directives.transaction = false;
    analysis.directives.said_by = part.no_transaction_reason;
  }
  analysis.plan = planner.finish(analysis.directives);
  script.variables_after_ = std::make_shared<const psql::Variables>(walk_variables);
  analysis.checksum = interpreter.checksum();
  analysis.file_checksum = interpreter.file_checksum();
  analysis.has_dependencies = !interpreter.dependencies().empty();
  analysis.psql_only_line = interpreter.first_psql_only_line();
  analysis.skipped_statements = interpreter.skipped_statements();

  script.read_files_.emplace_back(path, interpreter.file_checksum());
  const std::filesystem::path root = settings.include_root.empty() ? settings.working_directory
                                                                   : settings.include_root;
  for (const auto& dependency : interpreter.dependencies()) {
    // "include KEY CHECKSUM", KEY relative to the include root; "var NAME=VALUE".
    constexpr std::string_view prefix = "include ";
    if (dependency.starts_with("var ")) {
      std::string name = dependency.substr(4, dependency.find('=') - 4);
      const bool placeholder = name.starts_with("${") && name.ends_with("}");
      if (placeholder) name = name.substr(2, name.size() - 3);
      // Only what the user gives (-v, PGAPPLY_SET): not what the file \sets
      // itself, nor ${flyway:filename}, which changes with the file.
      const bool given = placeholder ? variables.find_placeholder(name) != nullptr : variables.find(name) != nullptr;
      auto& inputs = analysis.checksum_inputs;
      const std::string input = "-v " + name;
      // (a Flyway placeholder's name in any case is one: ${Tenant} is ${tenant}; psql's :Tenant is not :tenant)
      const auto same = [&](const std::string& other) {
        return placeholder ? strcasecmp(other.c_str(), input.c_str()) == 0 : other == input;
      };
      if (given && std::none_of(inputs.begin(), inputs.end(), same)) inputs.push_back(input);
    }
    if (dependency.compare(0, prefix.size(), prefix) != 0) continue;
    const auto space = dependency.rfind(' ');
    const std::string key = dependency.substr(prefix.size(), space - prefix.size());
    script.read_files_.emplace_back(std::filesystem::path(key).is_absolute() ? std::filesystem::path(key) : root / key,
                                    dependency.substr(space + 1));
    const std::string input = "\\i " + key;
    auto& inputs = analysis.checksum_inputs;
    if (std::find(inputs.begin(), inputs.end(), input) == inputs.end()) inputs.push_back(input);
  }
  script.arena_.shrink_to_fit();
  script.steps_.shrink_to_fit();
  return script;
}

void LoadedScript::replay(psql::Backend& backend) const {
  if (streamed_) {
    // Read again from disk, through the same interpreter.
    psql::Variables run_variables = *variables_;
    psql::Interpreter interpreter(settings_, run_variables, backend);
    if (part_.range) {
      interpreter.run_file(path_, shown_, *part_.range);
    } else {
      interpreter.run_file(path_, shown_);
    }
    return;
  }
  psql::Statement statement;
  for (const Step& step : steps_) {
    const std::string_view text(arena_.data() + step.text, step.text_size);
    switch (step.kind) {
      case Step::Kind::copy_data:
        backend.copy_data(text, step.line, step.last);
        continue;
      case Step::Kind::echo:
      case Step::Kind::warn:
        backend.echo(std::string(text), step.kind == Step::Kind::warn);
        continue;
      case Step::Kind::statement:
      case Step::Kind::gexec:
        break;
    }
    statement.rendered.text.assign(text);
    statement.original.assign(arena_.data() + step.original, step.original_size);
    if (step.interpolated != no_index) {
      const Interpolated& extra = *interpolated_[step.interpolated];
      statement.rendered.map = extra.map;
      statement.rendered.interpolations = extra.interpolations;
      statement.rendered.has_escaped_semicolon = extra.has_escaped_semicolon;
    } else {
      statement.rendered.map = psql::SourceMap(step.offset);
      statement.rendered.interpolations.clear();
      statement.rendered.has_escaped_semicolon = false;
    }
    if (statement.file != files_[step.file]) statement.file = files_[step.file];
    statement.line = step.line;
    statement.column = step.column;
    statement.offset = step.offset;
    statement.index = step.index;
    statement.copy_from_stdin = step.copy_from_stdin;
    if (step.kind == Step::Kind::gexec) {
      backend.gexec(statement);
    } else {
      backend.statement(statement);
    }
  }
}

LoadedScript LoadedScript::first_statements(std::size_t count) const {
  if (streamed_) throw std::logic_error("first_statements of a streamed script");
  LoadedScript prefix = *this;
  if (count >= statements()) return prefix;
  const auto beyond = std::find_if(prefix.steps_.begin(), prefix.steps_.end(), [count](const Step& step) {
    return (step.kind == Step::Kind::statement || step.kind == Step::Kind::gexec) && step.index > count;
  });
  prefix.steps_.erase(beyond, prefix.steps_.end());
  prefix.traits_.resize(count);
  prefix.lines_.resize(count);
  prefix.analysis_.plan.statements = count;
  return prefix;
}

std::vector<std::filesystem::path> LoadedScript::included_files() const {
  std::vector<std::filesystem::path> out;
  for (std::size_t i = 1; i < read_files_.size(); ++i) out.push_back(read_files_[i].first);  // [0]: the file itself
  return out;
}

bool LoadedScript::unchanged_on_disk(std::string* changed) const {
  for (const auto& [path, checksum] : read_files_) {
    bool ok = false;
    const std::string bytes = read_whole(path, &ok);
    if (!ok || migrate::checksum_of(bytes) != checksum) {
      if (changed != nullptr) *changed = path.string();
      return false;
    }
  }
  return true;
}

}  // namespace pgapply::engine
