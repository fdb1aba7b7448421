#pragma once

// Internal: what the rule checks get, and the checks themselves. Each check
// looks at one statement (a statement of a file, or one inside a DO block
// or routine body) and reports what it finds; the Linter turns reports into
// findings (position, severity, settings, lint-ignore comments).

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "ddl/declaration.hpp"
#include "lexer/tokenizer.hpp"
#include "lint/linter.hpp"
#include "lint/run_state.hpp"

namespace pgapply::lint {

// What is known about the file so far (top-level statements).
struct FileState {
  FileMode mode = FileMode::wrapped;
  bool forced_transaction = false;    // -- pgapply: transaction
  bool explicit_transaction = false;  // between the file's BEGIN and COMMIT
  bool lock_timeout_set = false;
  bool statement_timeout_set = false;
  bool lock_timeout_reported = false;
  bool statement_timeout_reported = false;
  std::vector<std::string> dropped_constraints;  // DROP CONSTRAINT IF EXISTS seen (robust ADD after it)

  bool in_transaction() const { return mode == FileMode::wrapped || explicit_transaction; }
};

struct StatementView {
  std::string_view text;
  std::vector<lexer::Token> tokens;
  ddl::StatementFacts facts;   // of this statement alone (a DO's body is linted statement by statement)
  std::size_t base = 0;        // offset of `text` in the file's statement
  // `text` is not as the file has it (an EXECUTE's string with '' or escapes
  // in it): a finding anywhere in it is placed at `base`.
  bool at_base = false;
  bool top_level = true;
  bool in_transaction = false; // runs inside a transaction block
  bool in_body = false;        // in a DO block or routine body
  bool runs_now = true;        // false in a function's body: it runs when called
  bool conditional = false;    // in an IF, CASE, loop or exception handler of a body: it may not run
  // A failure later in the file leaves it applied, so running the file again
  // runs it again: outside a transaction, or unconditional in a DO block that
  // runs outside one (the block commits as a whole).
  bool kept_on_failure = false;
  std::string context;         // "DO block", "function f"; empty at top level
  Origin origin;               // the statement's file and line

  // The first words, lower-case: starts_with({"drop", "database"}).
  bool starts_with(std::initializer_list<std::string_view> words) const;
  // The declarations of this statement (not those of a DO body it holds).
  std::vector<const ddl::Declaration*> declarations() const;
  // Index of the token at byte `offset` (or the first after it), or tokens.size().
  std::size_t token_at(std::size_t offset) const;
};

class Checker {
 public:
  virtual ~Checker() = default;
  // A finding of `rule` at byte `offset` of the statement's text; with
  // `safe_way` where the rule's own would be wrong here.
  virtual void report(const StatementView& statement, std::string_view rule, std::size_t offset,
                      std::string message, std::string safe_way = {}) = 0;
  virtual int pg_version() const = 0;
  // The run so far (in a function's body: what the body did before).
  virtual RunState& run() = 0;
  virtual FileState& file() = 0;
};

// table_checks.cpp: ADD COLUMN, constraints, type changes, renames, drops;
// also notes the constraints added and validated in the run state.
void check_table_changes(const StatementView& statement, Checker& checker);
// column_type_checks.cpp: char, varchar(n), int, smallint, serial, timestamp.
void check_column_types(const StatementView& statement, Checker& checker);
// index_checks.cpp: CONCURRENTLY, where it is missing and where it cannot run.
void check_concurrently(const StatementView& statement, Checker& checker);
// transaction_checks.cpp: lock and statement timeouts; robustness where a
// failure is not rolled back.
void check_timeouts(const StatementView& statement, Checker& checker);
void check_robustness(const StatementView& statement, Checker& checker);
// statement_checks.cpp: DROP DATABASE, TRUNCATE CASCADE, domains, enums, VACUUM FULL.
void check_statement_forms(const StatementView& statement, Checker& checker);
// name_checks.cpp: long names, schemas, duplicate columns, names renamed
// earlier in the run, in DDL and in data statements.
void check_names(const StatementView& statement, Checker& checker);
void check_data_statement(const StatementView& statement, Checker& checker);

// run_effects.cpp: what the statement changes in the run state (after its checks).
void record_effects(const StatementView& statement, RunState& run);

// Whether the first token makes it a data statement (INSERT, UPDATE, COPY,
// SELECT...), which declares nothing.
bool is_data_statement(const std::vector<lexer::Token>& head);

// ALTER DOMAIN name ACTION ...: the index of the action's first token (ADD,
// DROP, SET...), or tokens.size() where none follows the name.
std::size_t alter_domain_action(const std::vector<lexer::Token>& tokens);

}  // namespace pgapply::lint
