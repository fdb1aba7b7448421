#include "engine/executor.hpp"

#include <regex>

#include "report/server_message_report.hpp"
#include "psql/source_map.hpp"
#include "split/splitter.hpp"
#include "lexer/batch_boundaries.hpp"

namespace pgapply::engine {

StatementError make_statement_error(const ServerMessage& error, const psql::Statement& statement,
                                    const std::string& sent) {
  report::ErrorSite site;
  site.file = statement.file;
  site.line = statement.line;
  site.column = statement.column;
  site.statement_index = statement.index;
  if (error.position > 0) {
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
  return StatementError(report::format_server_error(error, site), error, statement.file, site.line,
                        statement.index);
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

Executor::Executor(pg::Connection& connection, RunOutput& output, bool batched, BatchLimits limits)
    : connection_(connection), output_(output), batched_(batched), limits_(limits) {
  connection_.set_notice_handler([this](const pg::Notice& notice) {
    // During a batch the notice says which of its statements raised it.
    if (notice.statement_index && *notice.statement_index < sent_.size()) {
      const auto& statement = sent_[*notice.statement_index];
      output_.notice(report::format_notice(notice, statement.file, statement.line));
    } else {
      output_.notice(report::format_notice(notice, current_file_, current_line_));
    }
  });
}

Executor::~Executor() {
  abandon();
  connection_.set_notice_handler(nullptr);
}

void Executor::abandon() noexcept {
  batch_.clear();
  batch_bytes_ = 0;
  sent_batch_.reset();  // cancels and drains, still attributing notices to sent_
  sent_.clear();
}

void Executor::before_statement(std::size_t index, std::function<void()> hook) {
  before_[index] = std::move(hook);
}

void Executor::fail(const pg::ServerError& error, const psql::Statement& statement,
                    const std::string& sent) {
  throw make_statement_error(error, statement, sent);
}

void Executor::run(const psql::Statement& statement, const std::string& text) {
  current_file_ = statement.file;
  current_line_ = statement.line;
  try {
    const pg::Result result = connection_.exec(text);
    if (result.status() == pg::ResultStatus::copy_in) {
      copy_ = statement;
      copy_data_line_ = 0;
      return;  // the data follows; the statement ends with it
    }
  } catch (const pg::ServerError& error) {
    fail(error, statement, text);
  }
  if (after_) after_(statement.index);
}

bool Executor::fits_batch(const psql::Statement& statement) const {
  const auto& rendered = statement.rendered;
  return batched_ && !statement.copy_from_stdin && !rendered.has_escaped_semicolon &&
         (rendered.interpolations.empty() || is_one_statement(rendered.text));
}

void Executor::statement(const psql::Statement& statement) {
  if (auto hook = before_.find(statement.index); hook != before_.end()) {
    sync();
    hook->second();
  }
  if (!fits_batch(statement)) {
    sync();
    run(statement, statement.rendered.text);
    return;
  }
  const std::string& text = statement.rendered.text;
  if (!batch_.empty() && lexer::needs_separate_parse(text)) send_batch();
  batch_bytes_ += text.size() + statement.original.size();
  batch_.push_back(statement);
  if (lexer::may_change_parse_settings(text) || batch_.size() >= limits_.statements ||
      batch_bytes_ >= limits_.bytes) {
    send_batch();
  }
}

void Executor::send_batch() {
  if (batch_.empty()) return;
  read_sent();
  std::vector<std::string_view> texts;
  texts.reserve(batch_.size());
  for (const auto& statement : batch_) texts.emplace_back(statement.rendered.text);
  sent_.swap(batch_);
  batch_.clear();
  batch_bytes_ = 0;
  sent_batch_ = std::make_unique<pg::StatementBatch>(connection_, texts);
}

void Executor::read_sent() {
  if (!sent_batch_) return;
  try {
    sent_batch_->finish([&](std::size_t index, pg::Result&) {
      if (after_) after_(sent_[index].index);
    });
  } catch (const pg::ServerError& error) {
    sent_batch_.reset();
    if (error.statement_index && *error.statement_index < sent_.size()) {
      const psql::Statement failed = sent_[*error.statement_index];
      sent_.clear();
      fail(error, failed, failed.rendered.text);
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

void Executor::sync() {
  send_batch();
  read_sent();
}

void Executor::copy_data(std::string_view data, std::size_t line, bool last) {
  if (!copy_) return;  // the COPY failed to start: its error was thrown already
  if (copy_data_line_ == 0) copy_data_line_ = line;
  try {
    if (!data.empty()) connection_.put_copy_data(data);
    if (!last) return;
    connection_.put_copy_end();
  } catch (const pg::ServerError& error) {
    // "COPY t, line 3, column b: ..." counts data lines from 1: name the file's line.
    psql::Statement at = *copy_;
    copy_.reset();
    ServerMessage located = error;
    std::smatch match;
    static const std::regex copy_line(R"(^COPY [^\n]*?, line (\d+))");
    if (std::regex_search(located.context, match, copy_line)) {
      at.line = copy_data_line_ + std::stoul(match[1].str()) - 1;
      at.column = 1;
      located.position = 0;
    }
    throw make_statement_error(located, at, at.rendered.text);
  }
  const std::size_t index = copy_->index;
  copy_.reset();
  if (after_) after_(index);
}

void Executor::gexec(const psql::Statement& query) {
  sync();
  if (auto hook = before_.find(query.index); hook != before_.end()) hook->second();
  current_file_ = query.file;
  current_line_ = query.line;
  pg::Result result;
  try {
    result = connection_.exec(query.rendered.text);
  } catch (const pg::ServerError& error) {
    fail(error, query, query.rendered.text);
  }
  for (int row = 0; row < result.rows(); ++row) {
    for (int column = 0; column < result.columns(); ++column) {
      if (result.is_null(row, column)) continue;
      const std::string generated(result.value(row, column));
      try {
        connection_.exec(generated);
      } catch (const pg::ServerError& error) {
        ServerMessage located = error;
        located.position = 0;
        located.context = "in a statement \\gexec generated: " + generated.substr(0, 200) +
                          (located.context.empty() ? "" : "\n" + located.context);
        fail(pg::ServerError(located), query, query.rendered.text);
      }
    }
  }
  if (after_) after_(query.index);
}

void Executor::echo(const std::string& text, bool to_stderr) {
  sync();  // what ran before it shows before it
  output_.echo(text, to_stderr);
}

}  // namespace pgapply::engine
