#include "apply/analysis.hpp"

#include <algorithm>
#include <string_view>

#include "sql/statement_kind.hpp"
#include "sql/tokenizer.hpp"

namespace pgapply::apply {

namespace {

// Feeds each statement that would run to the transaction planner.
class AnalysisBackend : public script::Backend {
 public:
  // Enough for the longest head statement_kind looks at, e.g. REINDEX
  // (VERBOSE, CONCURRENTLY true) TABLE CONCURRENTLY, or CLUSTER's operands.
  static constexpr std::size_t head_tokens = 24;

  explicit AnalysisBackend(script::TransactionPlanner& planner) : planner_(planner) {}

  // Neither transaction control, nor a session setting, nor a statement that
  // cannot run in a transaction block, whatever follows this first word.
  static bool is_plain_dml(const sql::Token& first) {
    static constexpr std::string_view words[] = {"insert", "update", "delete", "select", "values", "table", "merge", "with"};
    return first.kind == sql::TokenKind::word && std::find(std::begin(words), std::end(words), first.value) != std::end(words);
  }

  void statement(const script::Statement& statement) override {
    // A statement's first words say how it bears on transactions. Most of a
    // big file is DML, which the first word clears without reading further.
    const auto first = sql::tokenize(statement.rendered.text, 1);
    if (first.size() == 1 && is_plain_dml(first[0])) {
      planner_.add_statement(statement.line, sql::TransactionControl::none, std::nullopt, false);
      return;
    }
    const auto tokens = sql::tokenize(statement.rendered.text, head_tokens);
    planner_.add_statement(statement.line, sql::transaction_control(tokens),
                           sql::needs_autocommit(tokens), sql::is_session_setting(tokens));
  }

  void copy_data(std::string_view, std::size_t, bool) override {}

  // The statements \gexec will run are known only at run time; the usual ones
  // are string literals in its query (SELECT 'CREATE DATABASE x' WHERE ...),
  // so look there for one that cannot run in a transaction.
  void gexec(const script::Statement& query) override {
    const auto tokens = sql::tokenize(query.rendered.text);
    std::optional<std::string> reason;
    for (const auto& token : tokens) {
      if (token.kind != sql::TokenKind::string && token.kind != sql::TokenKind::dollar_string) continue;
      if (auto found = sql::needs_autocommit(sql::tokenize(token.value))) {
        reason = *found + " (run by \\gexec)";
        break;
      }
    }
    planner_.add_statement(query.line, sql::TransactionControl::none, reason, false);
  }

  void echo(const std::string&, bool) override {}

 private:
  script::TransactionPlanner& planner_;
};

}  // namespace

ScriptAnalysis analyze_script(const std::filesystem::path& path, const std::string& shown_name,
                              const script::InterpreterSettings& settings,
                              const script::Variables& variables, bool migration) {
  script::TransactionPlanner planner(shown_name, migration);
  AnalysisBackend backend(planner);
  script::Variables walk_variables = variables;
  script::Interpreter interpreter(settings, walk_variables, backend);
  interpreter.run_file(path, shown_name);
  ScriptAnalysis analysis;
  analysis.directives = script::parse_directives(interpreter.header(), shown_name);
  analysis.plan = planner.finish(analysis.directives);
  analysis.checksum = interpreter.checksum();
  analysis.file_checksum = interpreter.file_checksum();
  analysis.has_dependencies = !interpreter.dependencies().empty();
  return analysis;
}

}  // namespace pgapply::apply
