#include "lexer/session_effects.hpp"

#include <doctest/doctest.h>

using namespace pgapply::lexer;

TEST_CASE("DDL and DML that name no session-changing call leave nothing in the session") {
  CHECK_FALSE(may_leave_session_state("CREATE TABLE t (id int PRIMARY KEY, created_at timestamptz DEFAULT now())"));
  CHECK_FALSE(may_leave_session_state("create unique index concurrently t_idx on t (id)"));
  CHECK_FALSE(may_leave_session_state("ALTER TABLE t ADD COLUMN temp numeric"));  // a column named temp
  CHECK_FALSE(may_leave_session_state("alter role app set search_path = app"));   // for later sessions
  CHECK_FALSE(may_leave_session_state("insert into t values (1), (2)"));
  CHECK_FALSE(may_leave_session_state("COMMENT ON TABLE t IS 'x'"));
  CHECK_FALSE(may_leave_session_state("grant select on t to reader"));
  CHECK_FALSE(may_leave_session_state("BEGIN"));
  CHECK_FALSE(may_leave_session_state("update t set n = pg_try_advisory_xact_lock(1)::int"));  // ends with it
}

TEST_CASE("settings, roles, temporary objects, session locks and code pgapply cannot see may leave something") {
  CHECK(may_leave_session_state("SET search_path = app"));
  CHECK(may_leave_session_state("reset all"));
  CHECK(may_leave_session_state("SET ROLE admin"));
  CHECK(may_leave_session_state("create temp table tt (id int)"));
  CHECK(may_leave_session_state("CREATE GLOBAL TEMPORARY TABLE tt (id int)"));
  CHECK(may_leave_session_state("create or replace temp view v as select 1"));
  CHECK(may_leave_session_state("prepare p as select 1"));
  CHECK(may_leave_session_state("declare c cursor with hold for select 1"));
  CHECK(may_leave_session_state("listen channel"));
  CHECK(may_leave_session_state("select 1"));
  CHECK(may_leave_session_state("do $$ begin perform 1; end $$"));
  CHECK(may_leave_session_state("call refresh_all()"));
  CHECK(may_leave_session_state("with x as (select 1) insert into t select * from x"));
  CHECK(may_leave_session_state("insert into t select pg_catalog.SET_CONFIG('app.user', 'x', false)"));
  CHECK(may_leave_session_state("update t set locked = pg_try_advisory_lock(id)"));
  CHECK(may_leave_session_state("insert into t values (pg_advisory_unlock_all()::text)"));
  CHECK(may_leave_session_state("/* only a comment */"));
}
