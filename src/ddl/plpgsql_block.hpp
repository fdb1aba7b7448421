#pragma once

// The static SQL statements of a PL/pgSQL block (a DO body), found by walking
// its structure: [<<label>>] [DECLARE ...] BEGIN ... [EXCEPTION WHEN ... THEN
// ...] END, with IF/ELSIF/ELSE, CASE, LOOP/WHILE/FOR/FOREACH ... END LOOP and
// nested blocks. PL/pgSQL's own statements (assignments, RAISE, PERFORM,
// RETURN, EXIT, GET DIAGNOSTICS, cursor commands...) are skipped; EXECUTE is
// dynamic SQL: noted, with its command string's expression (lint reads the
// SQL of one that is a constant string).

#include <cstddef>
#include <string_view>
#include <vector>

namespace pgapply::ddl {

struct EmbeddedStatement {
  std::string_view text;   // the statement within the body, without its ';'
  std::size_t offset = 0;  // of text within the body
  // In an IF/ELSIF/ELSE or CASE branch, a loop, or an exception handler: it
  // may not run at all.
  bool conditional = false;
  // In a block with an EXCEPTION clause: an error in it is caught.
  bool exception_guarded = false;
  // Whether it runs may depend on table data, not only on the catalog: it is
  // conditional in a block that reads or writes rows (a condition, loop,
  // assignment, PERFORM or DML names a relation outside pg_catalog and
  // information_schema), or guarded by a handler that catches more than
  // duplicate_* / undefined_* (SQLSTATE class 42) errors, or in such a
  // handler. A shadow without the data may take another course.
  bool data_dependent = false;
};

// EXECUTE command-string [INTO ...] [USING ...]: where its command string is.
struct ExecuteStatement {
  std::string_view expression;  // the command string's expression, as written ('...', format(...), v)
  std::size_t offset = 0;       // of expression within the body
  bool conditional = false;     // as EmbeddedStatement::conditional
  bool exception_guarded = false;
};

struct BlockScan {
  std::vector<EmbeddedStatement> statements;
  std::vector<ExecuteStatement> executes;
  bool dynamic_sql = false;  // EXECUTE
  bool incomplete = false;   // the structure did not parse (or nests too deeply) somewhere
  // What the block runs may differ between two databases of the same
  // schema: it reads rows (as EmbeddedStatement::data_dependent says), an
  // exception handler catches more than catalog errors, or it names the
  // moment, chance or the session (now(), random(), nextval, current_user,
  // current_database(), current_setting...). Without any of these, its
  // EXECUTEs run the same SQL on a shadow as on the database it copies.
  bool varies = false;
};

// Never throws; text that is not PL/pgSQL yields what could be found.
BlockScan scan_plpgsql_block(std::string_view body);

}  // namespace pgapply::ddl
