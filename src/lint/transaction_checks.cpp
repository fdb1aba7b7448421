// What depends on how the file's statements run: lock_timeout and
// statement_timeout set before the first statement that takes a lock, and
// idempotent statements where a failure is not rolled back.

#include "lint/checks.hpp"

namespace pgapply::lint {

namespace {

using ddl::Action;
using ddl::ObjectKind;

// A setting a statement changes: its name, and whether its new value
// switches a timeout off (0, '0ms', DEFAULT; RESET too).
struct SettingChange {
  std::string name;  // "" when the statement changes none
  bool off = false;
};

// Whether a value token says no timeout: DEFAULT, or 0 with or without a
// unit (0, 0.0, '0', '0ms', '0 s': every digit a zero).
bool no_timeout(const lexer::Token& value) {
  if (value.is_word("default")) return true;
  if (value.kind != lexer::TokenKind::number && value.kind != lexer::TokenKind::string) return false;
  const std::string number = value.value.substr(0, value.value.find_first_not_of("0123456789. "));
  return number.find_first_of("0123456789") != std::string::npos &&
         number.find_first_of("123456789") == std::string::npos;
}

// SET [SESSION|LOCAL] name {TO|=} value, RESET name, or SELECT set_config('name', 'value', ...).
SettingChange setting_changed(const StatementView& s) {
  const auto& tokens = s.tokens;
  if (s.starts_with({"set"}) || s.starts_with({"reset"})) {
    std::size_t i = 1;
    if (i < tokens.size() && (tokens[i].is_word("session") || tokens[i].is_word("local"))) ++i;
    if (i >= tokens.size() || !tokens[i].is_name()) return {};
    SettingChange change{tokens[i].value, s.starts_with({"reset"})};  // SET "lock_timeout" too
    const bool assigns =
        i + 2 < tokens.size() && (tokens[i + 1].is_word("to") || tokens[i + 1].kind == lexer::TokenKind::op);
    if (assigns) change.off = no_timeout(tokens[i + 2]);
    return change;
  }
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (tokens[i].is_word("set_config") && tokens[i + 1].is_punct("(") &&
        tokens[i + 2].kind == lexer::TokenKind::string) {
      return {tokens[i + 2].value, i + 4 < tokens.size() && tokens[i + 3].is_punct(",") && no_timeout(tokens[i + 4])};
    }
  }
  return {};
}

// The lock a statement waits for, for the message; "" when it takes none worth a timeout.
std::string lock_taken(const StatementView& s) {
  ddl::LockMode strongest = ddl::LockMode::none;
  std::string table;
  for (const auto& lock : s.facts.locks) {
    if (lock.mode > strongest) {
      strongest = lock.mode;
      table = lock.table.empty() ? "" : " on " + lock.table.to_string();
    }
  }
  if (strongest != ddl::LockMode::none) return std::string(ddl::to_string(strongest)) + table;
  if (s.starts_with({"truncate"}) || s.starts_with({"cluster"}) || s.starts_with({"lock"}) ||
      s.starts_with({"refresh"})) {
    return "ACCESS EXCLUSIVE";
  }
  if (s.starts_with({"vacuum"})) return "a table lock";
  return {};
}

}  // namespace

void check_timeouts(const StatementView& s, Checker& checker) {
  if (!s.runs_now) return;
  FileState& file = checker.file();
  // RESET lock_timeout, or a SET that switches it off, leaves it unset.
  const SettingChange setting = setting_changed(s);
  if (setting.name == "lock_timeout") file.lock_timeout_set = !setting.off;
  if (setting.name == "statement_timeout") file.statement_timeout_set = !setting.off;
  if (!setting.name.empty() || s.starts_with({"reset"})) return;
  const std::string lock = lock_taken(s);
  if (lock.empty()) return;
  if (!file.lock_timeout_set && !file.lock_timeout_reported) {
    file.lock_timeout_reported = true;
    checker.report(s, "require-lock-timeout", 0, "takes " + lock + " with no lock_timeout set in the file before it");
  }
  if (!file.statement_timeout_set && !file.statement_timeout_reported) {
    file.statement_timeout_reported = true;
    checker.report(s, "require-statement-timeout", 0,
                   "takes " + lock + " with no statement_timeout set in the file before it");
  }
}

void check_robustness(const StatementView& s, Checker& checker) {
  if (!s.kept_on_failure) return;
  FileState& file = checker.file();
  const bool alter_table = s.facts.command == "ALTER TABLE";
  auto report = [&](const ddl::Declaration& d, const std::string& message) {
    checker.report(s, "prefer-robust-stmts", d.location.offset, message);
  };
  for (const ddl::Declaration* declaration : s.declarations()) {
    const ddl::Declaration& d = *declaration;
    const std::string name = ddl::quote_identifier(d.name.name);
    if (d.kind == ObjectKind::column && alter_table) {
      if (d.action == Action::create && !d.if_not_exists) report(d, "ADD COLUMN " + name + " without IF NOT EXISTS");
      if (d.action == Action::drop && !d.if_exists) report(d, "DROP COLUMN " + name + " without IF EXISTS");
    } else if (d.kind == ObjectKind::constraint && alter_table && d.action == Action::drop) {
      if (d.if_exists) {
        file.dropped_constraints.push_back(d.name.name);
      } else {
        report(d, "DROP CONSTRAINT " + name + " without IF EXISTS");
      }
    } else if (d.kind == ObjectKind::constraint && alter_table && d.action == Action::create) {
      bool dropped_first = false;
      for (const auto& dropped : file.dropped_constraints) dropped_first = dropped_first || dropped == d.name.name;
      if (!dropped_first || d.name.name.empty()) {
        report(d, "ADD CONSTRAINT" + (d.name.name.empty() ? "" : " " + name) +
                      " fails when run again: DROP CONSTRAINT IF EXISTS before it");
      }
    } else if (d.kind == ObjectKind::table && d.action == Action::create && !d.if_not_exists &&
               !(d.table && d.table->temporary)) {
      report(d, "CREATE TABLE " + d.name.to_string() + " without IF NOT EXISTS");
    } else if (d.kind == ObjectKind::index && d.action == Action::create && !d.if_not_exists) {
      report(d, d.name.name.empty() ? "CREATE INDEX without a name and IF NOT EXISTS"
                                    : "CREATE INDEX " + name + " without IF NOT EXISTS");
    } else if ((d.kind == ObjectKind::index || d.kind == ObjectKind::table || d.kind == ObjectKind::type) &&
               d.action == Action::drop && !d.if_exists) {
      report(d, "DROP " + std::string(ddl::to_string(d.kind)) + " " + d.name.to_string() + " without IF EXISTS");
    }
  }
}

}  // namespace pgapply::lint
