#include "engine/script_sink.hpp"

#include <utility>

#include "core/sql_quote.hpp"
#include "engine/loaded_script.hpp"

namespace pgapply::engine {

namespace {

// psql's quoting for a backslash command's argument.
std::string quote_meta_argument(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// A statement of pgapply's that returns a row (the ledger's duration, a
// set_config, a lock taken) stores it in a psql variable instead of
// printing it amid the script's output.
std::string as_statement(const SqlCall& call) {
  std::string sql = bind_literals(call);
  if (call.returns_row) {
    if (!sql.empty() && sql.back() == ';') sql.pop_back();
    return sql + " \\gset pgapply_\n";
  }
  if (sql.empty() || sql.back() != ';') sql += ';';
  return sql + '\n';
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::string print_calls(const std::vector<SqlCall>& calls) {
  std::string out;
  for (const auto& call : calls) out += as_statement(call);
  return out;
}

void ScriptSink::start_file(const LoadedScript& script, std::size_t) { file_ = script.shown(); }

void ScriptSink::internal(InternalStatement statement) { out_ += as_statement(statement.call); }

void ScriptSink::left_out(const psql::Statement& statement, const std::string& why) {
  out_ += "-- " + statement.file + ":" + std::to_string(statement.line) + ": " + first_line(statement.rendered.text) +
          "  -- " + why + "\n";
}

void ScriptSink::comment(const std::string& text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    out_ += "-- " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
}

void ScriptSink::guard_end(bool in_transaction, const FailureCalls& on_failure) {
  const auto calls = on_failure(SqlParam::from_psql_variable("pgapply_error"));
  if (calls.empty()) return;
  out_.insert(guard_at_, "\\set ON_ERROR_STOP off\n");
  out_ += "\\if :ERROR\n";
  if (in_transaction) out_ += "  ROLLBACK;\n";
  out_ += "  \\set pgapply_error " + quote_meta_argument(last_file_ + ":" + std::to_string(last_line_) + ": ") +
          " :LAST_ERROR_MESSAGE ' (SQLSTATE ' :LAST_ERROR_SQLSTATE ')'\n";
  for (const auto& call : calls) out_ += "  " + as_statement(call);
  out_ += "  \\set ON_ERROR_STOP on\n";
  std::string message = "pgapply: " + last_file_ + " failed at line " + std::to_string(last_line_) +
                        "; the ledger records how far it got";
  std::string escaped;
  for (char c : message) escaped += c == '\'' ? std::string("''") : std::string(1, c);
  out_ += "  DO $pgapply$ BEGIN RAISE EXCEPTION '" + escaped + "'; END $pgapply$;\n";
  out_ += "\\endif\n\\set ON_ERROR_STOP on\n";
}

void ScriptSink::statement(const psql::Statement& statement) {
  last_file_ = statement.file;
  last_line_ = statement.line;
  out_ += statement.rendered.text;
  if (statement.rendered.text.back() != ';') out_ += ';';
  out_ += '\n';
}

void ScriptSink::copy_data(std::string_view data, std::size_t, bool last) {
  out_ += data;
  if (last) out_ += "\\.\n";
}

void ScriptSink::gexec(const psql::Statement& query) {
  last_file_ = query.file;
  last_line_ = query.line;
  std::string text = query.rendered.text;
  if (!text.empty() && text.back() == ';') text.pop_back();
  out_ += text + "\n\\gexec\n";
  if (std::exchange(gexec_transaction_, GexecTransaction::as_they_come) != GexecTransaction::outside) return;
  // As live: a transaction it left open is an error. Only then is the
  // transaction older than the statement (each psql sends alone begins its
  // own otherwise); not run after a failure, whose :ERROR it would clear.
  out_ += "\\if :ERROR\n\\else\n  DO $pgapply$ BEGIN IF pg_catalog.now() <> pg_catalog.statement_timestamp() THEN "
          "RAISE EXCEPTION USING ERRCODE = '25001', MESSAGE = " + quote_literal(std::string(gexec_left_open)) +
          "; END IF; END $pgapply$;\n\\endif\n";
}

void ScriptSink::echo(const std::string& text, bool to_stderr) {
  std::string body = text;
  const bool newline = !body.empty() && body.back() == '\n';
  if (newline) body.pop_back();
  out_ += std::string(to_stderr ? "\\warn " : "\\echo ") + (newline ? "" : "-n ") + quote_meta_argument(body) + "\n";
}

}  // namespace pgapply::engine
