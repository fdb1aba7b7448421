#include "lexer/literal_mask.hpp"

#include <doctest/doctest.h>

using pgapply::lexer::mask_literals;

TEST_CASE("a query shown to others keeps its shape and loses its literals") {
  CHECK(mask_literals("CREATE ROLE app LOGIN PASSWORD 'hunter2'") == "CREATE ROLE app LOGIN PASSWORD '***'");
  CHECK(mask_literals("select pg_sleep(30)") == "select pg_sleep(30)");
  CHECK(mask_literals("insert into t (a, b)\n  values (E'x\\'y', $q$secret$q$); -- note") ==
        "insert into t(a, b) values('***', '***')");
  // Its final ';' goes (a message puts its own separator after it), not the ones inside.
  CHECK(mask_literals("BEGIN; select pg_sleep(2);") == "BEGIN; select pg_sleep(2)");
  CHECK(mask_literals("BEGIN; select pg_sleep(2);;  \n") == "BEGIN; select pg_sleep(2)");
  CHECK(mask_literals("select x::text from s.t") == "select x::text from s.t");
  // Cut short inside a literal (pg_stat_activity keeps a prefix): the rest goes.
  CHECK(mask_literals("ALTER ROLE app PASSWORD 'hunt") == "ALTER ROLE app PASSWORD");
}

TEST_CASE("a backslash before a quote: masked under either reading of standard_conforming_strings") {
  // off: one literal 'pw\'S3cr3tTail'; on: 'pw\' then the rest
  CHECK(mask_literals("select 'pw\\'S3cr3tTail', 1") == "select '***', 1");
  CHECK(mask_literals("select 'a\\', 'Secret' from t") == "select '***' from t");
  // off: 'O\'' is O' and a quote opening 'hunter2'; on: one string 'O\'' then 'hunter2'
  CHECK(mask_literals("select 'O\\'', 'hunter2' as pw") == "select '***' as pw");
}
