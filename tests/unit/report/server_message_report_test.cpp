#include "report/server_message_report.hpp"

#include <doctest/doctest.h>

#include "pg/sqlstate.hpp"

using namespace pgapply;

TEST_CASE("a server error reads like psql with a compiler's location and a caret") {
  ServerMessage error;
  error.severity = "ERROR";
  error.sqlstate = pg::sqlstate::undefined_column;
  error.message = "column \"nme\" does not exist";
  error.hint = "Perhaps you meant to reference the column \"users.name\".";
  report::ErrorSite site;
  site.file = "migrations/003_x.sql";
  site.line = 14;
  site.column = 8;
  site.statement_index = 3;
  site.statement_count = 7;
  site.source_line = "select\tnme from users;";
  site.caret_column = 8;
  CHECK(report::format_server_error(error, site) ==
        "migrations/003_x.sql:14:8: ERROR:  column \"nme\" does not exist\n"
        "HINT:  Perhaps you meant to reference the column \"users.name\".\n"
        "SQLSTATE: 42703 (statement 3 of 7)\n"
        "  14 | select\tnme from users;\n"
        "     |       \t^");
}

TEST_CASE("multi-line fields stay indented, no position means no caret") {
  ServerMessage error;
  error.severity = "ERROR";
  error.sqlstate = pg::sqlstate::raise_exception;
  error.message = "boom";
  error.detail = "first\nsecond";
  error.context = "PL/pgSQL function inline_code_block line 3 at RAISE";
  report::ErrorSite site;
  site.file = "f.sql";
  site.line = 2;
  site.column = 1;
  CHECK(report::format_server_error(error, site) ==
        "f.sql:2:1: ERROR:  boom\n"
        "DETAIL:  first\n"
        "         second\n"
        "CONTEXT:  PL/pgSQL function inline_code_block line 3 at RAISE\n"
        "SQLSTATE: P0001");
}

TEST_CASE("notices are tagged with file and line") {
  ServerMessage notice;
  notice.severity = "NOTICE";
  notice.message = "Added column: max_reports";
  CHECK(report::format_notice(notice, "002_add_prefs.sql", 14) ==
        "002_add_prefs.sql:14: NOTICE:  Added column: max_reports");
}
