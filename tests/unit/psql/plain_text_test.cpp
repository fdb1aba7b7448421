#include "psql/plain_text.hpp"

#include <doctest/doctest.h>

using pgapply::psql::may_need_interpreter;

TEST_CASE("plain text: nothing psql could interpret") {
  CHECK_FALSE(may_need_interpreter(""));
  CHECK_FALSE(may_need_interpreter("create table t (id int);\n"));
  CHECK_FALSE(may_need_interpreter("select 1::int, now()::date, x::\"char\";\r\n"));  // casts
  CHECK_FALSE(may_need_interpreter("select ': ', ':-', ':)', ':;'"));                // no name after ':'
  CHECK_FALSE(may_need_interpreter("select 1:"));                                    // ':' at the end
  CHECK_FALSE(may_need_interpreter("\xEF\xBB\xBFselect 1;\n"));                      // a BOM
}

TEST_CASE("plain text: a backslash or a ':' that may start an interpolation needs the interpreter") {
  CHECK(may_need_interpreter("\\i other.sql\n"));
  CHECK(may_need_interpreter("-- C:\\dir in a comment\n"));  // conservative: quoting is not looked at
  CHECK(may_need_interpreter("select 1 \\; select 2;"));
  CHECK(may_need_interpreter("select :name"));
  CHECK(may_need_interpreter("select :'name'"));
  CHECK(may_need_interpreter("select :\"name\""));
  CHECK(may_need_interpreter("select :{?name}"));
  CHECK(may_need_interpreter("select :_x"));
  CHECK(may_need_interpreter("select a[1:2]"));                // psql's variable names may be digits
  CHECK(may_need_interpreter("select :\xC3\xA9t\xC3\xA9"));    // and bytes >= 0x80
  CHECK(may_need_interpreter("select ':name'"));               // in a string: still conservative
  CHECK(may_need_interpreter("select x:::name"));              // a cast, then :name
  CHECK(may_need_interpreter("select 1::int, :x"));            // after a cast
}
