#include "engine/analysis.hpp"

#include <algorithm>
#include <string_view>

#include "lexer/statement_kind.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::engine {

namespace {

// Feeds each statement that would run to the transaction planner.
class AnalysisBackend : public psql::Backend {
 public:
  // Enough for the longest head statement_kind looks at, e.g. REINDEX
  // (VERBOSE, CONCURRENTLY true) TABLE CONCURRENTLY, or CLUSTER's operands.
  static constexpr std::size_t head_tokens = 24;

  explicit AnalysisBackend(psql::TransactionPlanner& planner) : planner_(planner) {}

  // Neither transaction control, nor a session setting, nor a statement that
  // cannot run in a transaction block, whatever follows this first word.
  static bool is_plain_dml(const lexer::Token& first) {
    static constexpr std::string_view words[] = {"insert", "update", "delete", "select", "values", "table", "merge", "with"};
    return first.kind == lexer::TokenKind::word && std::find(std::begin(words), std::end(words), first.value) != std::end(words);
  }

  void statement(const psql::Statement& statement) override {
    // A statement's first words say how it bears on transactions. Most of a
    // big file is DML, which the first word clears without reading further.
    const auto first = lexer::tokenize(statement.rendered.text, 1);
    if (first.size() == 1 && is_plain_dml(first[0])) {
      planner_.add_statement(statement.line, lexer::TransactionControl::none, std::nullopt, false);
      return;
    }
    const auto tokens = lexer::tokenize(statement.rendered.text, head_tokens);
    planner_.add_statement(statement.line, lexer::transaction_control(tokens),
                           lexer::needs_autocommit(tokens), lexer::is_session_setting(tokens));
  }

  void copy_data(std::string_view, std::size_t, bool) override {}

  // The statements \gexec will run are known only at run time; the usual ones
  // are string literals in its query (SELECT 'CREATE DATABASE x' WHERE ...),
  // so look there for one that cannot run in a transaction.
  void gexec(const psql::Statement& query) override {
    const auto tokens = lexer::tokenize(query.rendered.text);
    std::optional<std::string> reason;
    for (const auto& token : tokens) {
      if (token.kind != lexer::TokenKind::string && token.kind != lexer::TokenKind::dollar_string) continue;
      if (auto found = lexer::needs_autocommit(lexer::tokenize(token.value))) {
        reason = *found + " (run by \\gexec)";
        break;
      }
    }
    planner_.add_statement(query.line, lexer::TransactionControl::none, reason, false);
  }

  void echo(const std::string&, bool) override {}

 private:
  psql::TransactionPlanner& planner_;
};

}  // namespace

ScriptAnalysis analyze_script(const std::filesystem::path& path, const std::string& shown_name,
                              const psql::InterpreterSettings& settings,
                              const psql::Variables& variables, bool migration) {
  psql::TransactionPlanner planner(shown_name, migration);
  AnalysisBackend backend(planner);
  psql::Variables walk_variables = variables;
  psql::Interpreter interpreter(settings, walk_variables, backend);
  interpreter.run_file(path, shown_name);
  ScriptAnalysis analysis;
  analysis.directives = psql::parse_directives(interpreter.header(), shown_name);
  analysis.plan = planner.finish(analysis.directives);
  analysis.checksum = interpreter.checksum();
  analysis.file_checksum = interpreter.file_checksum();
  analysis.has_dependencies = !interpreter.dependencies().empty();
  return analysis;
}

}  // namespace pgapply::engine
