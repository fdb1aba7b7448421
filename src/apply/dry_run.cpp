#include "apply/dry_run.hpp"

#include <map>

#include "app/connect.hpp"
#include "apply/ledger.hpp"
#include "core/error.hpp"
#include "migrate/plan.hpp"

namespace pgapply::apply {

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
class ScriptPrinter : public script::Backend {
 public:
  explicit ScriptPrinter(std::string& out) : out_(out) {}

  void before_statement(std::size_t index, std::function<void()> hook) { before_[index] = std::move(hook); }

  void statement(const script::Statement& statement) override {
    if (auto hook = before_.find(statement.index); hook != before_.end()) hook->second();
    out_ += statement.rendered.text;
    if (statement.rendered.text.back() != ';') out_ += ';';
    out_ += '\n';
  }

  void copy_data(std::string_view data, std::size_t, bool last) override {
    out_ += data;
    if (last) out_ += "\\.\n";
  }

  void gexec(const script::Statement& query) override {
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

void add_calls(std::string& out, const std::vector<SqlCall>& calls) {
  for (const auto& call : calls) {
    std::string sql = bind_literals({without_comment_lines(call.sql), call.params});
    while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ')) sql.pop_back();
    out += sql;
    if (sql.back() != ';') out += ';';
    out += '\n';
  }
}

}  // namespace

std::string run_dry_run(const DryRunOptions& options, RunOutput& output) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  const Project project = load_project(options.up.project, warn);

  LedgerName ledger_name = parse_ledger_name(options.up.project.ledger);
  std::vector<migrate::LedgerRow> rows;
  bool ledger_exists = false;
  std::string database = "(offline: no database)";
  if (!options.offline) {
    app::Connected connected = app::connect(options.up.connection, warn);
    ledger_name = resolve_ledger_name(connected.connection, ledger_name);
    Ledger ledger(connected.connection, ledger_name);
    ledger_exists = ledger.exists();
    rows = ledger.rows();
    database = connected.target;
  } else if (options.from) {
    // Offline: everything up to --from counts as applied, as the files are now.
    for (const auto& script : project.scripts) {
      if (migrate::compare_versions(script.file.version, *options.from) > 0) continue;
      migrate::LedgerRow row;
      row.version = script.file.version;
      row.name = script.file.name;
      row.file_name = script.file.file_name;
      row.checksum = script.analysis.checksum;
      rows.push_back(row);
    }
  }
  const LedgerStatements ledger(ledger_name);
  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, rows);
  migrate::UpRules rules;
  rules.target = options.up.target;
  rules.allow_out_of_order = options.up.allow_out_of_order;
  const migrate::UpDecision decision = migrate::decide_up(plan, rules);
  for (const auto& warning : decision.warnings) output.warning(warning);
  if (!decision.problems.empty()) {
    std::string message = "up would refuse to apply anything:";
    for (const auto& problem : decision.problems) message += "\n  - " + problem;
    throw Error(ErrorKind::check, message);
  }

  std::string out = "-- pgapply up --dry-run for " + database + ": " +
                    std::to_string(decision.to_apply.size()) + " pending migration" +
                    (decision.to_apply.size() == 1 ? "" : "s") + ". Nothing was executed.\n" +
                    "-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n\\set ON_ERROR_STOP on\n";
  if (decision.to_apply.empty()) return out;
  if (!ledger_exists) {
    out += "\n-- The ledger " + ledger_name.shown() + " (created if missing)\n";
    add_calls(out, ledger.create());
  }
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript& script = *project.find(entry->version);
    const auto& transaction = script.analysis.plan;
    LedgerEntry ledger_entry{script.file.version, script.file.name, script.file.file_name,
                             script.analysis.checksum, static_cast<int>(transaction.statements),
                             transaction.mode != script::TransactionMode::autocommit, "up"};
    out += "\n-- " + script.shown + " (" + std::string(script::to_string(transaction.mode)) +
           (transaction.reason.empty() ? "" : ": " + transaction.reason) + ")\n";
    ScriptPrinter printer(out);
    script::Variables variables = project.variables;
    script::Interpreter interpreter(project.settings, variables, printer);
    switch (transaction.mode) {
      case script::TransactionMode::wrapped:
        out += "BEGIN;\n";
        interpreter.run_file(script.path, script.shown);
        add_calls(out, ledger.applied(ledger_entry, std::nullopt));
        out += "COMMIT;\n";
        break;
      case script::TransactionMode::own:
        printer.before_statement(transaction.commit_statement,
                                 [&] { add_calls(out, ledger.applied(ledger_entry, std::nullopt)); });
        interpreter.run_file(script.path, script.shown);
        break;
      case script::TransactionMode::autocommit:
        add_calls(out, {ledger.started(ledger_entry)});
        interpreter.run_file(script.path, script.shown);
        add_calls(out, ledger.finished(ledger_entry, std::nullopt));
        break;
    }
  }
  return out;
}

}  // namespace pgapply::apply
