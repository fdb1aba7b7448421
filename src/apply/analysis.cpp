#include "apply/analysis.hpp"

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

  void statement(const script::Statement& statement) override {
    // A statement's first words say how it bears on transactions.
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
