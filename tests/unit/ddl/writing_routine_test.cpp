#include "ddl/writing_routine.hpp"

#include <doctest/doctest.h>

using pgapply::ddl::routine_may_write_rows;

TEST_CASE("an event trigger's function that notifies or grants writes no rows") {
  // Supabase's pgrst_ddl_watch: a loop over the DDL's commands, a NOTIFY
  CHECK_FALSE(routine_may_write_rows("plpgsql", R"(
DECLARE cmd record;
BEGIN
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands()
  LOOP
    IF cmd.command_tag IN ('CREATE TABLE', 'ALTER TABLE', 'SELECT INTO') AND cmd.schema_name IS DISTINCT FROM 'pg_temp'
    THEN
      NOTIFY pgrst, 'reload schema';
    END IF;
  END LOOP;
END;)", false));
  // its grant_pg_graphql_access: a query, a function made again, GRANTs ("grant execute" is no EXECUTE)
  CHECK_FALSE(routine_may_write_rows("plpgsql", R"(
DECLARE is_resolve bool;
BEGIN
  is_resolve = (SELECT n.proname = 'resolve' FROM pg_event_trigger_ddl_commands() AS ev
                LEFT JOIN pg_catalog.pg_proc AS n ON ev.objid = n.oid);
  IF is_resolve THEN
    -- update the wrapper
    DROP FUNCTION IF EXISTS graphql_public.graphql;
    CREATE OR REPLACE FUNCTION graphql_public.graphql(query text) RETURNS jsonb LANGUAGE sql
      AS $f$ select graphql.resolve(query := query) $f$;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphql TO anon;
    ALTER DEFAULT PRIVILEGES IN SCHEMA graphql GRANT ALL ON TABLES TO anon;
    RAISE NOTICE 'granted %', current_user;
  END IF;
END;)", false));
}

TEST_CASE("an event trigger's function that loops over what a DROP dropped, or makes a function again, writes no "
          "rows") {
  // Supabase's pgrst_drop_watch and set_graphql_placeholder, and the role its grant_pg_net_access makes
  CHECK_FALSE(routine_may_write_rows("plpgsql", R"(
DECLARE obj record;
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects()
  LOOP
    IF obj.object_type IN ('schema', 'table', 'view') AND obj.is_temporary IS false -- not pg_temp's
    THEN
      NOTIFY pgrst, 'reload schema';
    END IF;
  END LOOP;
END; )", false));
  CHECK_FALSE(routine_may_write_rows("plpgsql", R"(
    DECLARE dropped bool;
    BEGIN
    dropped = (SELECT ev.schema_name = 'api' FROM pg_event_trigger_dropped_objects() AS ev WHERE ev.schema_name = 'api');
    IF dropped
    THEN
        create or replace function api.placeholder(query text default null) returns jsonb language plpgsql
        as $$ BEGIN RETURN jsonb_build_object('errors', (select version())); END; $$;
    END IF;
    END;
)", false));
  CHECK_FALSE(routine_may_write_rows("plpgsql", R"(
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'functions_admin') THEN
    CREATE USER functions_admin NOINHERIT CREATEROLE LOGIN NOREPLICATION;
  END IF;
  ALTER function net.http_get(url text, headers jsonb) SECURITY DEFINER;
  ALTER function net.http_get(url text, headers jsonb) SET search_path = net;
  REVOKE ALL ON FUNCTION net.http_get(url text, headers jsonb) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION net.http_get(url text, headers jsonb) TO postgres;
END;)", false));
}

TEST_CASE("an event trigger's function that writes, runs dynamic SQL or calls the user's may write rows") {
  CHECK(routine_may_write_rows("plpgsql", "begin update public.t set v = 1; end", false));
  CHECK(routine_may_write_rows("plpgsql",
                                     "begin insert into audit.ddl_log(tag) select command_tag from "
                                     "pg_event_trigger_ddl_commands(); end", false));
  CHECK(routine_may_write_rows("plpgsql", "begin execute 'delete from t'; end", false));
  CHECK(routine_may_write_rows("plpgsql", "begin perform audit.note_ddl(); end", false));
  CHECK(routine_may_write_rows("plpgsql", "declare n int; begin n := audit.note_ddl(); end", false));
  CHECK(routine_may_write_rows("plpgsql",
                                     "declare r record; begin for r in with d as (delete from t returning *) "
                                     "select * from d loop end loop; end", false));
  CHECK(routine_may_write_rows("plpgsql", "begin alter table t alter column v type bigint; end", false));
  CHECK(routine_may_write_rows("plpgsql", "begin call audit.log_it(); end", false));
  CHECK(routine_may_write_rows("plpgsql", "begin if then", false));  // (does not parse)
  CHECK(routine_may_write_rows("c", "timescaledb_ddl_command_end", false));
  CHECK(routine_may_write_rows("plperl", "spi_exec_query('delete from t')", false));
}

TEST_CASE("a function that sets NEW's fields, checks them, or reads and computes writes no rows") {
  // an updated_at trigger's, a validating trigger's
  CHECK_FALSE(routine_may_write_rows("plpgsql", "begin new.updated_at := now(); return new; end", true));
  CHECK_FALSE(routine_may_write_rows("plpgsql", "begin if new.amount < 0 then raise exception 'negative: %', "
                                                "new.amount; end if; return new; end;", true));
  // a SQL function that reads its session alone: Supabase's auth.uid()
  CHECK_FALSE(routine_may_write_rows("sql", "\n  select coalesce(nullif(current_setting('request.jwt.claim.sub', "
                                            "true), ''), (nullif(current_setting('request.jwt.claims', true), "
                                            "'')::jsonb ->> 'sub'))::uuid\n", true));
}

TEST_CASE("a SQL function that writes, calls another function, or whose body is not read may write rows") {
  CHECK(routine_may_write_rows("sql", "insert into audit (what) values ($1) returning id", true));
  CHECK(routine_may_write_rows("sql", "select 1; update counters set n = n + 1", true));
  CHECK(routine_may_write_rows("sql", "with d as (delete from queue returning *) select count(*) from d", true));
  CHECK(routine_may_write_rows("sql", "select audit.note($1)", true));  // (another function, which may write)
  CHECK(routine_may_write_rows("sql", "", true));                      // (BEGIN ATOMIC: prosrc holds nothing)
  CHECK(routine_may_write_rows("plpgsql", "begin return query_to_xml('select fix()', true, true, ''); end", true));
}

TEST_CASE("strictly, a function that reads a relation, casts to a type of the user's, sets or makes what runs next, "
          "or runs a query given as text may write rows") {
  using pgapply::ddl::routine_may_write_rows;
  CHECK(routine_may_write_rows("plpgsql", "begin perform 1 from kv; return new; end", true));  // (kv: a view)
  CHECK(routine_may_write_rows("plpgsql", "declare x int; begin x := (select count(*) from kv); end", true));
  CHECK(routine_may_write_rows("plpgsql", "declare x int; begin x := 1::checked; return new; end", true));
  CHECK(routine_may_write_rows("plpgsql", "begin set search_path = s, public; return new; end", true));
  CHECK(routine_may_write_rows("plpgsql", "begin perform set_config('search_path', 's', false); end", true));
  CHECK(routine_may_write_rows("plpgsql", "begin create or replace function f() returns int language sql "
                                          "as 'select 1'; return new; end", true));
  CHECK(routine_may_write_rows("sql", "select query_to_xml('select fix()', true, true, '')", true));
  CHECK(routine_may_write_rows("sql", "select cast(1 as checked)", true));
  CHECK(routine_may_write_rows("sql", "select exists (select 1 from profiles where id = $1)", true));
  // what reads only its arguments and the session, and casts to PostgreSQL's own types, writes none
  CHECK_FALSE(routine_may_write_rows("sql", "select (nullif(current_setting('request.jwt.claims', true), "
                                            "'')::jsonb ->> 'sub')::uuid", true));
  // (an event trigger's function, which DDL alone runs, reads and makes functions as it likes)
  CHECK_FALSE(routine_may_write_rows("plpgsql", "begin perform 1 from pg_event_trigger_ddl_commands(); "
                                                "create or replace function f() returns int language sql "
                                                "as 'select 1'; end", false));
}

TEST_CASE("an event trigger's function that reads a relation of the user's may write rows (a view may call one)") {
  CHECK(routine_may_write_rows("plpgsql", "begin perform 1 from kv; end", false));
  CHECK(routine_may_write_rows("plpgsql", "declare r record; begin for r in select * from public.kv loop end loop; end",
                               false));
  // PostgreSQL's own: pg_catalog's, an unqualified pg_*, a function in FROM
  CHECK_FALSE(routine_may_write_rows("plpgsql", "begin if exists (select 1 from pg_roles r join pg_catalog.pg_proc p "
                                                "on true) then null; end if; end", false));
  CHECK_FALSE(routine_may_write_rows("plpgsql", "begin perform 1 from pg_event_trigger_ddl_commands() as ev; end",
                                     false));
}

TEST_CASE("an audit trigger's function adds rows to its log and changes no other: the tables it appends to") {
  using pgapply::ddl::routine_appends_to;
  const auto log = routine_appends_to("plpgsql", R"(
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO audit.log (op, data) VALUES (TG_OP, to_jsonb(OLD));
    RETURN OLD;
  END IF;
  INSERT INTO history VALUES (now(), TG_TABLE_NAME, to_jsonb(NEW));
  RETURN NEW;
END)");
  REQUIRE(log);
  REQUIRE(log->size() == 2);
  CHECK(log->at(0).schema == "audit");
  CHECK(log->at(0).name == "log");
  CHECK(log->at(1).schema.empty());
  CHECK(log->at(1).name == "history");
  CHECK(routine_appends_to("plpgsql", "BEGIN NEW.updated_at := now(); RETURN NEW; END")->empty());
  // anything else it writes, or may: an UPDATE, an INSERT ... SELECT, ON CONFLICT DO UPDATE, a call of the user's,
  // dynamic SQL, another language
  for (const char* body : {"BEGIN UPDATE counters SET n = n + 1; RETURN NEW; END",
                           "BEGIN INSERT INTO log SELECT * FROM staging; RETURN NEW; END",
                           "BEGIN INSERT INTO log VALUES (1) ON CONFLICT (id) DO UPDATE SET n = 2; RETURN NEW; END",
                           "BEGIN INSERT INTO log VALUES (app.actor()); RETURN NEW; END",
                           "BEGIN PERFORM app.notify_all(); INSERT INTO log VALUES (1); RETURN NEW; END",
                           "BEGIN EXECUTE 'insert into log values (1)'; RETURN NEW; END"}) {
    INFO(body);
    CHECK_FALSE(routine_appends_to("plpgsql", body));
  }
  CHECK_FALSE(routine_appends_to("sql", "INSERT INTO log VALUES (1)"));
}
