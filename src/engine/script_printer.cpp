#include "engine/script_printer.hpp"

#include <functional>
#include <map>

#include "psql/interpreter.hpp"

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

// Prints what would reach the server, as a psql script.
class ScriptPrinter : public psql::Backend {
 public:
  explicit ScriptPrinter(std::string& out) : out_(out) {}

  void before_statement(std::size_t index, std::function<void()> hook) { before_[index] = std::move(hook); }

  void statement(const psql::Statement& statement) override {
    if (auto hook = before_.find(statement.index); hook != before_.end()) hook->second();
    out_ += statement.rendered.text;
    if (statement.rendered.text.back() != ';') out_ += ';';
    out_ += '\n';
  }

  void copy_data(std::string_view data, std::size_t, bool last) override {
    out_ += data;
    if (last) out_ += "\\.\n";
  }

  void gexec(const psql::Statement& query) override {
    if (auto hook = before_.find(query.index); hook != before_.end()) hook->second();
    std::string text = query.rendered.text;
    if (!text.empty() && text.back() == ';') text.pop_back();
    out_ += text + "\n\\gexec\n";
  }

  void echo(const std::string& text, bool to_stderr) override {
    std::string body = text;
    const bool newline = !body.empty() && body.back() == '\n';
    if (newline) body.pop_back();
    out_ += std::string(to_stderr ? "\\warn " : "\\echo ") + (newline ? "" : "-n ") +
            quote_meta_argument(body) + "\n";
  }

 private:
  std::string& out_;
  std::map<std::size_t, std::function<void()>> before_;
};

// pgapply's own SQL without its comment lines (which describe parameters
// that are values by now).
std::string without_comment_lines(const std::string& sql) {
  std::string out;
  std::size_t start = 0;
  while (start < sql.size()) {
    const auto end = std::min(sql.find('\n', start), sql.size());
    const std::string line = sql.substr(start, end - start);
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 2, "--") != 0) out += line + '\n';
    start = end + 1;
  }
  return out;
}

std::string calls_text(const std::vector<SqlCall>& calls) {
  std::string out;
  for (const auto& call : calls) {
    std::string sql = bind_literals({without_comment_lines(call.sql), call.params});
    while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ')) sql.pop_back();
    out += sql;
    if (sql.back() != ';') out += ';';
    out += '\n';
  }
  return out;
}

}  // namespace

std::string print_calls(const std::vector<SqlCall>& calls) { return calls_text(calls); }

std::string print_script(const std::filesystem::path& path, const std::string& shown,
                         const Project& project, const psql::TransactionPlan& plan,
                         const ScriptEdges& edges) {
  std::string out;
  ScriptPrinter printer(out);
  psql::Variables variables = project.variables;
  psql::Interpreter interpreter(project.settings, variables, printer);
  switch (plan.mode) {
    case psql::TransactionMode::wrapped:
      out += "BEGIN;\n" + calls_text(edges.start);
      interpreter.run_file(path, shown);
      out += calls_text(edges.end) + "COMMIT;\n";
      break;
    case psql::TransactionMode::own:
      printer.before_statement(plan.commit_statement, [&] { out += calls_text(edges.end); });
      interpreter.run_file(path, shown);
      break;
    case psql::TransactionMode::autocommit:
      out += calls_text(edges.start);
      interpreter.run_file(path, shown);
      out += calls_text(edges.end);
      break;
  }
  return out;
}

}  // namespace pgapply::engine
