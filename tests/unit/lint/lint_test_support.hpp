#pragma once

// Helpers shared by the lint tests: files of SQL in, findings out, split and
// fed to the Linter as the engine feeds it.

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lexer/statement_kind.hpp"
#include "lexer/tokenizer.hpp"
#include "lint/linter.hpp"
#include "split/splitter.hpp"

namespace pgapply::lint::test {

struct TestFile {
  std::string name;
  std::string text;
  // How pgapply would run it; unset: as pgapply decides (statement by
  // statement if a statement cannot run in a transaction, the file's own
  // transaction if it has BEGIN, else wrapped).
  std::optional<FileMode> mode;
  bool own_run = false;  // FileContext::own_run
};

inline FileMode decide_mode(const std::string& text) {
  bool control = false;
  for (const auto& item : split::split(text)) {
    if (item.kind != split::ItemKind::sql) continue;
    const auto tokens = lexer::tokenize(std::string_view(text).substr(item.start, item.end - item.start), 24);
    if (lexer::needs_autocommit(tokens)) return FileMode::autocommit;
    if (lexer::transaction_control(tokens) != lexer::TransactionControl::none) control = true;
  }
  return control ? FileMode::own : FileMode::wrapped;
}

inline LintResult lint_files(const std::vector<TestFile>& files, const LintSettings& settings = {}) {
  Linter linter(settings);
  for (const auto& file : files) {
    linter.add_source(file.name, file.text);
    FileContext context;
    context.file = file.name;
    context.mode = file.mode.value_or(decide_mode(file.text));
    context.own_run = file.own_run;
    linter.begin_file(context);
    for (const auto& item : split::split(file.text)) {
      if (item.kind != split::ItemKind::sql) continue;
      StatementInput input;
      input.text = std::string_view(file.text).substr(item.start, item.end - item.start);
      input.file = file.name;
      input.line = item.line;
      input.column = item.column;
      linter.statement(input);
    }
    linter.end_file();
  }
  return linter.finish();
}

inline LintResult lint_sql(const std::string& sql, const LintSettings& settings = {}) {
  return lint_files({{"test.sql", sql, std::nullopt}}, settings);
}

// Every rule on, opt-in and off ones too.
inline LintSettings all_rules_on(int pg_version = default_pg_version) {
  LintSettings settings;
  settings.pg_version = pg_version;
  for (const auto& rule : all_rules()) {
    if (rule.default_state != RuleDefault::always) settings.enabled[std::string(rule.id)] = true;
  }
  return settings;
}

// The rules of the findings that are not ignored.
inline std::vector<std::string> rules_of(const LintResult& result) {
  std::vector<std::string> out;
  for (const auto& finding : result.findings) {
    if (!finding.ignored()) out.push_back(finding.rule);
  }
  return out;
}

inline bool has_rule(const LintResult& result, std::string_view rule) {
  const auto rules = rules_of(result);
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

// Whether linting `sql` (every rule on) reports `rule`.
inline bool fires(const std::string& sql, std::string_view rule, int pg_version = default_pg_version) {
  return has_rule(lint_sql(sql, all_rules_on(pg_version)), rule);
}

inline const Finding* first_of(const LintResult& result, std::string_view rule) {
  for (const auto& finding : result.findings) {
    if (finding.rule == rule) return &finding;
  }
  return nullptr;
}
// The pointer is into result: a temporary result would leave it dangling
// (ASan caught two tests doing so), so the compiler refuses one.
const Finding* first_of(LintResult&& result, std::string_view rule) = delete;

}  // namespace pgapply::lint::test
