#include "engine/server_sink.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <utility>

#include "engine/loaded_script.hpp"
#include "lexer/batch_boundaries.hpp"
#include "lexer/tokenizer.hpp"
#include "pg/conninfo.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"
#include "psql/joined_statements.hpp"
#include "psql/source_map.hpp"
#include "report/server_message_report.hpp"
#include "split/splitter.hpp"

namespace pgapply::engine {

namespace {

// Where in the file a DO block's error or notice was raised: PL/pgSQL names
// the line of the block's body in the message's CONTEXT ("PL/pgSQL function
// inline_code_block line 7 at RAISE"), counting from the line the body's
// opening quote is on. The outermost such frame is the file's DO (an
// EXECUTE of another DO adds one inside it). The line within the
// statement's text (0-based), or nullopt when the message is not from the
// statement's own DO block.
std::optional<std::size_t> do_block_line(const psql::Statement& statement, std::string_view context) {
  constexpr std::string_view frame = "PL/pgSQL function inline_code_block line ";
  const auto at = context.rfind(frame);
  if (at == std::string_view::npos || statement.line == 0) return std::nullopt;
  std::size_t body_line = 0;
  for (std::size_t i = at + frame.size(); i < context.size() && context[i] >= '0' && context[i] <= '9'; ++i) {
    body_line = body_line * 10 + static_cast<std::size_t>(context[i] - '0');
  }
  if (body_line == 0) return std::nullopt;
  const std::string_view text = statement.original;
  const auto tokens = lexer::tokenize(text, 8);  // DO [LANGUAGE name] 'body' [LANGUAGE name]
  if (tokens.empty() || !tokens.front().is_word("do")) return std::nullopt;
  for (const auto& token : tokens) {
    if (token.kind != lexer::TokenKind::dollar_string && token.kind != lexer::TokenKind::string) continue;
    // In E'...', an escaped \n is a line to PL/pgSQL and none in the file: no mapping.
    if (token.kind == lexer::TokenKind::string && !token.text.starts_with("'")) return std::nullopt;
    const auto before = text.substr(0, token.offset);
    const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + body_line - 1;
    if (line > static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'))) return std::nullopt;
    return line;
  }
  return std::nullopt;
}

// The text of line `line` (0-based) of `text`.
std::string_view line_of(std::string_view text, std::size_t line) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < line; ++i) {
    const auto next = text.find('\n', start);
    if (next == std::string_view::npos) return {};
    start = next + 1;
  }
  auto end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

// The file line a notice of `statement` was raised at: its DO block's line, else the statement's.
std::size_t notice_line(const psql::Statement& statement, const pg::Notice& notice) {
  const auto in_block = do_block_line(statement, notice.context);
  return in_block ? statement.line + *in_block : statement.line;
}

}  // namespace

namespace {

// Whether `at` in `text` is inside a value the server quotes: between
// double or single quotes, or in parentheses ("Failing row contains (1, x,
// null)", "Key (a, b)=(1, x)").
bool quoted_value_at(std::string_view text, std::size_t at) {
  char quote = '\0';
  int depth = 0;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    const char c = text[i];
    if (quote != '\0') {
      if (c == quote) quote = '\0';
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    }
  }
  return quote != '\0' || depth > 0;
}

// The server's message with the value of each secret -v the statement
// interpolates (its name says so: pw, db_password, api_token; see
// pg::looks_like_password_key) as ***, in any letter case (an identifier is
// folded): "invalid input syntax for type integer: \"Sekr3t\"" or "Failing
// row contains (1, Sekr3t, null)" is printed, put in JSON and kept in the
// ledger. A value that is a plain word (letters alone, "zero", "hunter") is
// masked only as a whole word inside a value the server quotes (quoted, or
// in parentheses): elsewhere it is likely a word of the message itself.
ServerMessage without_secrets(ServerMessage message, const std::vector<psql::Interpolation>& interpolations) {
  const auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  const auto word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
  for (const psql::Interpolation& used : interpolations) {
    if (used.value.empty() || !pg::looks_like_password_key(used.name)) continue;
    const std::string value = lower(used.value);
    const bool plain_word = std::all_of(value.begin(), value.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    for (std::string* text : {&message.message, &message.detail, &message.hint, &message.internal_query,
                              &message.context}) {
      std::string folded = lower(*text);
      for (auto at = folded.find(value); at != std::string::npos; at = folded.find(value, at + 1)) {
        const std::size_t end = at + value.size();
        const bool whole_word =
            (at == 0 || !word_char(folded[at - 1])) && (end >= folded.size() || !word_char(folded[end]));
        if (plain_word && !(whole_word && quoted_value_at(folded, at))) continue;
        text->replace(at, value.size(), "***");
        folded.replace(at, value.size(), "***");
      }
    }
  }
  return message;
}

}  // namespace

StatementError make_statement_error(const ServerMessage& server_error, const psql::Statement& statement,
                                    const std::string& sent) {
  const ServerMessage error = without_secrets(server_error, statement.rendered.interpolations);
  report::ErrorSite site;
  site.file = statement.file;
  site.line = statement.line;
  site.column = statement.column;
  site.statement_index = statement.index;
  // Statements sent as one (a goose block, \;), an error without a
  // position: the one at fault is the one after those that answered
  // (Connection::exec counts them), if it can be told.
  psql::Statement part_at_fault;
  const psql::Statement* at_fault = &statement;
  if (error.position == 0 && statement.rendered.has_escaped_semicolon && error.statement_index) {
    const std::vector<psql::Statement> parts = psql::statements_within(statement);
    // A write before it may have given more results than one (a rule's DO
    // ALSO actions): then the count says nothing, and the block's line stands.
    const auto may_give_several = [](const psql::Statement& part) {
      const auto head = lexer::tokenize(part.rendered.text, 1);
      return head.empty() || head[0].is_word("insert") || head[0].is_word("update") || head[0].is_word("delete") ||
             head[0].is_word("merge") || head[0].is_word("with") || head[0].is_word("execute") ||
             head[0].is_word("copy");
    };
    const bool countable = *error.statement_index < parts.size() &&
                           std::none_of(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(*error.statement_index),
                                        may_give_several);
    if (parts.size() > 1 && countable) {
      part_at_fault = parts[*error.statement_index];
      at_fault = &part_at_fault;
      site.line = at_fault->line;
      site.column = at_fault->column;
      site.source_line = std::string(psql::line_containing(at_fault->original, 0));
    }
  }
  if (error.position == 0) {
    if (const auto in_block = do_block_line(*at_fault, error.context)) {
      site.line = at_fault->line + *in_block;
      site.source_line = std::string(line_of(at_fault->original, *in_block));
      // PL/pgSQL names the line: the column is where its code starts (on
      // the statement's first line, counted from where the statement starts).
      site.column = (*in_block == 0 ? at_fault->column : 1) +
                    std::min(site.source_line.find_first_not_of(" \t"), site.source_line.size());
    }
  }
  if (error.position > 0 && statement.line != 0) {
    const std::size_t sent_offset = psql::byte_offset_of_character(sent, static_cast<std::size_t>(error.position));
    const std::size_t file_offset = statement.rendered.map.source_offset(sent_offset);
    const std::size_t in_statement = file_offset >= statement.offset ? file_offset - statement.offset : 0;
    const auto at = psql::line_column_at(statement.original, in_statement, {statement.line, statement.column});
    site.line = at.line;
    site.column = at.column;
    site.source_line = std::string(psql::line_containing(statement.original, in_statement));
    // On the statement's first line the text shown starts at the statement.
    site.caret_column = at.line == statement.line ? at.column - statement.column + 1 : at.column;
  }
  StatementError failure(report::format_server_error(error, site), error, statement.file, site.line,
                         statement.index);
  failure.statement_line = statement.line;
  return failure;
}

namespace {

// The splitter gives statements with code in them, one each; a variable's
// value may hold anything, nothing or several statements even (psql sends it
// as it is): a rendered statement joins a batch only if it is still one.
bool is_one_statement(std::string_view text) {
  try {
    const auto items = split::split(text);
    return items.size() == 1 && items[0].kind == split::ItemKind::sql && items[0].substitutions.empty();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

ServerSink::ServerSink(pg::Connection& connection, RunOutput& output, BatchLimits limits)
    : connection_(connection),
      output_(output),
      limits_(limits),
      batch_statements_(std::min(limits.first_statements, limits.statements)) {
  connection_.set_notice_handler([this](const pg::Notice& notice) {
    // During a batch the notice says which of its statements raised it.
    if (notice.statement_index && *notice.statement_index < sent_.size()) {
      const auto& statement = sent_[*notice.statement_index].statement;
      output_.notice(report::format_notice(notice, statement.file, notice_line(statement, notice)));
    } else if (current_statement_ != nullptr) {
      output_.notice(report::format_notice(notice, current_file_, notice_line(*current_statement_, notice)));
    } else {
      output_.notice(report::format_notice(notice, current_file_, current_line_));
    }
  });
}

ServerSink::~ServerSink() {
  abandon();
  connection_.set_notice_handler(nullptr);
}

void ServerSink::abandon() noexcept {
  batch_.clear();
  batch_bytes_ = 0;
  copy_.reset();
  sent_batch_.reset();  // cancels and drains, still attributing notices to sent_
  sent_.clear();
  next_commits_file_ = false;
}

void ServerSink::roll_back() noexcept {
  try {
    if (connection_.is_ok() && connection_.transaction_status() != pg::TransactionStatus::idle) {
      connection_.exec("ROLLBACK");
    }
  } catch (...) {
    // The connection is gone or broken: nothing was committed.
  }
}

void ServerSink::start_file(const LoadedScript& script, std::size_t tag) {
  file_ = script.shown();
  tag_ = tag;
}

void ServerSink::fail(const pg::ServerError& error, const Queued& queued, const std::string& sent,
                      bool batch_unparsed) {
  StatementError failure = make_statement_error(error, queued.statement, sent);
  failure.tag = queued.tag;
  failure.internal_what = queued.what;
  failure.batch_unparsed = batch_unparsed;
  if (!queued.what.empty()) {
    // One of pgapply's own statements: say which.
    report::ErrorSite site;
    site.file = queued.statement.file;
    ServerMessage said = error;
    // The record's own check (sql/ledger_insert.sql), raised as a cast error
    // ("invalid input syntax for type ...: "pgapply: ...""): its text is the message.
    constexpr std::string_view marker = "\"pgapply: ";
    if (const auto at = said.message.find(marker); at != std::string::npos && said.message.back() == '"') {
      const std::size_t from = at + marker.size();
      said.message = said.message.substr(from, said.message.size() - 1 - from);
    }
    // A read-only transaction is the file's doing: pgapply's own statements never make one.
    std::string why;
    if (said.sqlstate == pg::sqlstate::read_only_sql_transaction) {
      why = "\nthe file made its transaction read-only (SET TRANSACTION READ ONLY, or SET transaction_read_only), "
            "where pgapply cannot record it: remove that statement";
    } else if (pg::sqlstate::is_permission_denied(said.sqlstate)) {
      // The run began only once the connecting role was seen to be able to
      // write the ledger, and every record is written as that role
      // (as_connecting_role), whatever role the file set: the file took the
      // privilege away.
      why = "\nthe role pgapply connected as may no longer write the ledger after what the file did (a REVOKE on "
            "the ledger's tables, their schema or the history's sequence, a change of their owner, row security "
            "on them, or that role dropped): pgapply records each file as that role, so the file must leave it "
            "able to";
    }
    StatementError located(report::format_server_error(said, site) + "\n(at " + queued.what + ")" + why, said,
                           queued.statement.file, 0, 0);
    located.tag = queued.tag;
    located.internal_what = queued.what;
    throw located;
  }
  throw failure;
}

void ServerSink::succeeded(Queued& queued, pg::Result& result, const Queued* running) {
  if (queued.on_value && result.rows() > 0 && result.columns() > 0) queued.on_value(result.value(0, 0));
  if (queued.on_no_row && result.rows() == 0) queued.on_no_row();
  if (queued.commits_file && on_commit_) on_commit_(queued.tag);
  if (queued.what.empty()) last_answered_ = {queued.tag, queued.statement.index};
  if (queued.what.empty() && on_statement_) {
    const Queued& at = running != nullptr ? *running : queued;
    on_statement_(at.tag, at.statement.line);
  }
}

void ServerSink::run_alone(Queued queued) {
  const psql::Statement& statement = queued.statement;
  current_file_ = statement.file;
  current_line_ = statement.line;
  pg::Result result;
  {
    // Its notices while it runs, however the call ends.
    struct Running {
      const psql::Statement*& slot;
      ~Running() { slot = nullptr; }
    } running{current_statement_};
    current_statement_ = &statement;
    try {
      result = connection_.exec(statement.rendered.text);
    } catch (const pg::ServerError& error) {
      fail(error, queued, statement.rendered.text);
    }
  }
  if (result.status() == pg::ResultStatus::copy_in) {
    copy_ = std::move(queued);
    copy_data_line_ = 0;
    return;  // the data follows; the statement ends with it
  }
  succeeded(queued, result);
}

bool ServerSink::fits_batch(const psql::Statement& statement) const {
  const auto& rendered = statement.rendered;
  return !statement.copy_from_stdin && !rendered.has_escaped_semicolon &&
         (rendered.interpolations.empty() || is_one_statement(rendered.text));
}

void ServerSink::enqueue(Queued queued, bool ends_batch) {
  const std::string& text = queued.statement.rendered.text;
  batch_bytes_ += text.size() + queued.statement.original.size();
  batch_.push_back(std::move(queued));
  if (ends_batch || batch_.size() >= batch_statements_ || batch_bytes_ >= limits_.bytes) send_batch();
}

void ServerSink::statement(const psql::Statement& statement) {
  Queued queued;
  queued.statement = statement;
  queued.tag = tag_;
  queued.commits_file = next_commits_file_;
  next_commits_file_ = false;
  if (!fits_batch(statement)) {
    sync();
    run_alone(std::move(queued));
    return;
  }
  const std::string& text = statement.rendered.text;
  const bool alone = limits_.statements_alone || lexer::may_hold_password(text);
  if (!batch_.empty() &&
      (alone || lexer::needs_separate_parse(text) || cuts_.count({tag_, statement.index}) != 0)) {
    send_batch();
  }
  const bool ends = alone || lexer::may_change_parse_settings(text);
  enqueue(std::move(queued), ends);
}

void ServerSink::internal(InternalStatement statement) {
  Queued queued;
  queued.statement.rendered.text = bind_literals(statement.call);
  queued.statement.original = queued.statement.rendered.text;
  queued.statement.file = file_;
  queued.statement.line = 0;
  queued.tag = tag_;
  queued.what = std::move(statement.what);
  queued.commits_file = statement.commits_file;
  queued.quiet = statement.quiet;
  queued.on_value = std::move(statement.on_value);
  queued.on_no_row = std::move(statement.on_no_row);
  enqueue(std::move(queued), statement.ends_batch);
}

void ServerSink::send_batch() {
  if (batch_.empty()) return;
  read_sent();
  if (before_send_) before_send_();
  std::vector<std::string_view> texts;
  std::vector<bool> quiet;
  texts.reserve(batch_.size());
  quiet.reserve(batch_.size());
  for (const auto& queued : batch_) {
    texts.emplace_back(queued.statement.rendered.text);
    quiet.push_back(queued.quiet);
  }
  sent_.swap(batch_);
  batch_.clear();
  batch_bytes_ = 0;
  batch_statements_ = std::min(batch_statements_ * 4, limits_.statements);
  sent_batch_ = std::make_unique<pg::StatementBatch>(connection_, texts, quiet);
  sent_at_ = std::chrono::steady_clock::now();
}

void ServerSink::read_sent() {
  if (!sent_batch_) return;
  std::size_t answered = 0;
  try {
    std::function<void()> each_second;
    if (on_wait_) {
      each_second = [this] {
        on_wait_(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - sent_at_));
      };
    }
    std::size_t next_own = 0;  // the first of the files' statements not answered yet (pgapply's own passed by)
    sent_batch_->finish(
        [&](std::size_t index, pg::Result& result) {
          ++answered;
          next_own = std::max(next_own, index + 1);
          while (next_own < sent_.size() && !sent_[next_own].what.empty()) ++next_own;
          succeeded(sent_[index], result, next_own < sent_.size() ? &sent_[next_own] : nullptr);
        },
        each_second);
  } catch (const pg::ServerError& error) {
    sent_batch_.reset();
    if (error.statement_index && *error.statement_index < sent_.size()) {
      const Queued failed = sent_[*error.statement_index];
      // The server parses a whole simple query before it runs any of it: a
      // syntax error with no statement answered means none of them ran.
      const bool unparsed = answered == 0 && *error.statement_index > 0;
      sent_.clear();
      fail(error, failed, failed.statement.rendered.text, unparsed);
    }
    sent_.clear();
    throw;
  } catch (...) {
    sent_batch_.reset();
    sent_.clear();
    throw;
  }
  sent_batch_.reset();
  sent_.clear();
}

void ServerSink::sync() {
  send_batch();
  read_sent();
}

void ServerSink::record_failure(const std::vector<SqlCall>& calls) {
  abandon();
  roll_back();
  try {
    for (const auto& call : calls) connection_.exec_params(call.sql, call.values());
  } catch (...) {
    roll_back();  // calls that open a transaction (LedgerProtocol::as_connecting_user) leave none open
    throw;
  }
}

void ServerSink::copy_data(std::string_view data, std::size_t line, bool last) {
  if (!copy_) return;  // the COPY failed to start: its error was thrown already
  if (copy_data_line_ == 0) copy_data_line_ = line;
  try {
    if (!data.empty()) connection_.put_copy_data(data);
    if (!last) return;
    pg::Result result = connection_.put_copy_end();
    Queued done = std::move(*copy_);
    copy_.reset();
    succeeded(done, result);
  } catch (const pg::ServerError& error) {
    // "COPY t, line 3, column b: ..." counts data lines from 1: name the file's line.
    Queued at = std::move(*copy_);
    copy_.reset();
    ServerMessage located = error;
    std::smatch match;
    static const std::regex copy_line(R"(^COPY [^\n]*?, line (\d+))");
    if (std::regex_search(located.context, match, copy_line)) {
      at.statement.line = copy_data_line_ + std::stoul(match[1].str()) - 1;
      at.statement.column = 1;
      located.position = 0;
    }
    StatementError failure = make_statement_error(located, at.statement, at.statement.rendered.text);
    failure.tag = at.tag;
    throw failure;
  }
}

namespace {

// What a statement \gexec generated would do to the transaction a file runs
// in: "COMMIT" for one that ends it (COMMIT, ROLLBACK, PREPARE TRANSACTION,
// in any of the statements the text holds), "" for none. The load-time
// check of the file's transaction cannot see these.
std::string ends_transaction(const std::string& generated) {
  std::vector<split::Item> items;
  try {
    items = split::split(generated);
  } catch (const split::SplitError&) {
    items.clear();  // the server will say what is wrong with it
  }
  for (const split::Item& item : items) {
    if (item.kind != split::ItemKind::sql) continue;
    const auto tokens = lexer::tokenize(std::string_view(generated).substr(item.start, item.end - item.start), 6);
    switch (lexer::transaction_control(tokens)) {
      case lexer::TransactionControl::commit:
      case lexer::TransactionControl::rollback:
      case lexer::TransactionControl::prepare_transaction: {
        std::string words;
        for (std::size_t i = 0; i < tokens.size() && tokens[i].kind == lexer::TokenKind::word; ++i) {
          if (i > 0) words += ' ';
          words += tokens[i].text;
        }
        for (char& c : words) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return words;
      }
      default: break;
    }
  }
  return "";
}

}  // namespace

void ServerSink::gexec(const psql::Statement& query) {
  sync();
  const GexecTransaction where = std::exchange(gexec_transaction_, GexecTransaction::as_they_come);
  std::string opened_by;  // outside: the generated statement that left a transaction open
  Queued queued;
  queued.statement = query;
  queued.tag = tag_;
  current_file_ = query.file;
  current_line_ = query.line;
  pg::Result result;
  try {
    result = connection_.exec(query.rendered.text);
  } catch (const pg::ServerError& error) {
    fail(error, queued, query.rendered.text);
  }
  for (int row = 0; row < result.rows(); ++row) {
    for (int column = 0; column < result.columns(); ++column) {
      if (result.is_null(row, column)) continue;
      const std::string generated(result.value(row, column));
      const std::string ends = where == GexecTransaction::recorded ? ends_transaction(generated) : "";
      if (!ends.empty()) {
        // Refused as the server refuses a COMMIT where it cannot run (2D000):
        // the file's transaction then rolls back whole, as a failure does.
        ServerMessage refused;
        refused.severity = "ERROR";
        refused.sqlstate = pg::sqlstate::invalid_transaction_termination;
        refused.message = "\\gexec generated " + ends + ", which would end the transaction pgapply runs the file in";
        refused.hint = "mark the file -- pgapply: no-transaction to run it statement by statement, what \\gexec "
                       "generates as it comes";
        refused.context = "in a statement \\gexec generated: " + generated.substr(0, 200);
        fail(pg::ServerError(refused), queued, query.rendered.text);
      }
      try {
        connection_.exec(generated);
      } catch (const pg::ServerError& error) {
        ServerMessage located = error;
        located.position = 0;
        located.context = "in a statement \\gexec generated: " + generated.substr(0, 200) +
                          (located.context.empty() ? "" : "\n" + located.context);
        fail(pg::ServerError(located), queued, query.rendered.text);
      }
      if (where != GexecTransaction::outside) continue;
      if (connection_.transaction_status() == pg::TransactionStatus::idle) {
        opened_by.clear();
      } else if (opened_by.empty()) {
        opened_by = generated;
      }
    }
  }
  if (!opened_by.empty()) {
    // Refused before the ledger's next write, which would commit what ran
    // in it; the failure's record rolls it back, as psql's session end does.
    ServerMessage refused;
    refused.severity = "ERROR";
    refused.sqlstate = pg::sqlstate::active_sql_transaction;
    refused.message = std::string(gexec_left_open);
    refused.hint = "generate the COMMIT in the same \\gexec, or write BEGIN and COMMIT in the file itself";
    refused.context = "in a statement \\gexec generated: " + opened_by.substr(0, 200);
    fail(pg::ServerError(refused), queued, query.rendered.text);
  }
  succeeded(queued, result);
}

void ServerSink::echo(const std::string& text, bool to_stderr) {
  sync();  // what ran before it shows before it
  output_.echo(text, to_stderr);
}

}  // namespace pgapply::engine
