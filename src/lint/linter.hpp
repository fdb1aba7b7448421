#pragma once

// The linter: statements in, findings out. It is fed the statements of one
// or more migration files, in the order they would run, and keeps what it
// learns across them (lint/run_state.hpp). Pure: the caller reads the files.
//
//   Linter linter(settings);
//   linter.add_source("migrations/003_x.sql", text);   // lines, lint-ignore comments
//   linter.begin_file({"migrations/003_x.sql", FileMode::wrapped});
//   linter.statement({text, "migrations/003_x.sql", line, column});   // each statement, in order
//   linter.end_file();
//   LintResult result = linter.finish();
//
// Inside a DO block, and in the body of a PL/pgSQL or SQL function or
// procedure, each static statement is linted as well (a function's body runs
// when called, so what the run created before does not make it safe).

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lint/finding.hpp"
#include "lint/lint_settings.hpp"

namespace pgapply::lint {

// How pgapply up runs a file (its transaction plan).
enum class FileMode {
  wrapped,     // in a transaction pgapply opens around the file
  own,         // in the file's own BEGIN ... COMMIT
  autocommit,  // statement by statement, outside a transaction
  as_written,  // the file's transactions are ones up refuses (see FileContext::refusal): as the file says
};

struct FileContext {
  std::string file;  // as shown
  FileMode mode = FileMode::wrapped;
  bool forced_transaction = false;  // the file says -- pgapply: transaction
  // Where and why pgapply up refuses the file's transactions (transaction-not-recordable).
  std::optional<std::size_t> refusal_line;
  std::string refusal;
  // The file has no statement to run: pgapply up refuses it unless
  // --allow-empty (empty-migration). The caller says so: it knows what runs.
  bool empty = false;
  // The file runs on its own, long after the files before it (a migration
  // of a directory whose earlier ones were applied months ago): the tables
  // they created are not new for it (RunState::tables_aged). What else they
  // did (renames, functions, validated constraints) still holds.
  bool own_run = false;
};

struct Position {
  std::size_t line = 1;
  std::size_t column = 1;  // in characters
};

struct StatementInput {
  std::string_view text;  // as it will run (variables interpolated)
  std::string file;       // the file it is written in, as shown (an included file for its statements)
  std::size_t line = 1;   // where it starts in that file
  std::size_t column = 1;
  // The place in the file of a byte offset in `text`. Empty: counted in
  // `text` from (line, column), right when the text is as written.
  std::function<Position(std::size_t offset)> locate;
};

class Linter {
 public:
  explicit Linter(LintSettings settings);
  ~Linter();
  Linter(const Linter&) = delete;
  Linter& operator=(const Linter&) = delete;

  // A file's text, before its statements: to show a finding's line and to
  // read its lint-ignore comments (a malformed one is a finding right away).
  void add_source(std::string file, std::string text);
  bool has_source(const std::string& file) const;

  void begin_file(const FileContext& context);
  void statement(const StatementInput& statement);
  void end_file();

  // A file that pgapply cannot run as far as this place (invalid-file).
  void file_error(const std::string& file, std::size_t line, std::size_t column, const std::string& message);

  // Every finding, with counts. Call once, at the end.
  LintResult finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pgapply::lint
