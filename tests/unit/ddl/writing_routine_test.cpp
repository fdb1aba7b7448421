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
END;)"));
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
END;)"));
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
END; )"));
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
)"));
  CHECK_FALSE(routine_may_write_rows("plpgsql", R"(
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'functions_admin') THEN
    CREATE USER functions_admin NOINHERIT CREATEROLE LOGIN NOREPLICATION;
  END IF;
  ALTER function net.http_get(url text, headers jsonb) SECURITY DEFINER;
  ALTER function net.http_get(url text, headers jsonb) SET search_path = net;
  REVOKE ALL ON FUNCTION net.http_get(url text, headers jsonb) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION net.http_get(url text, headers jsonb) TO postgres;
END;)"));
}

TEST_CASE("an event trigger's function that writes, runs dynamic SQL or calls the user's may write rows") {
  CHECK(routine_may_write_rows("plpgsql", "begin update public.t set v = 1; end"));
  CHECK(routine_may_write_rows("plpgsql",
                                     "begin insert into audit.ddl_log(tag) select command_tag from "
                                     "pg_event_trigger_ddl_commands(); end"));
  CHECK(routine_may_write_rows("plpgsql", "begin execute 'delete from t'; end"));
  CHECK(routine_may_write_rows("plpgsql", "begin perform audit.note_ddl(); end"));
  CHECK(routine_may_write_rows("plpgsql", "declare n int; begin n := audit.note_ddl(); end"));
  CHECK(routine_may_write_rows("plpgsql",
                                     "declare r record; begin for r in with d as (delete from t returning *) "
                                     "select * from d loop end loop; end"));
  CHECK(routine_may_write_rows("plpgsql", "begin alter table t alter column v type bigint; end"));
  CHECK(routine_may_write_rows("plpgsql", "begin call audit.log_it(); end"));
  CHECK(routine_may_write_rows("plpgsql", "begin if then"));  // (does not parse)
  CHECK(routine_may_write_rows("c", "timescaledb_ddl_command_end"));
  CHECK(routine_may_write_rows("plperl", "spi_exec_query('delete from t')"));
}

TEST_CASE("a function that sets NEW's fields, checks them, or reads and computes writes no rows") {
  // an updated_at trigger's, a validating trigger's
  CHECK_FALSE(routine_may_write_rows("plpgsql", "begin new.updated_at := now(); return new; end"));
  CHECK_FALSE(routine_may_write_rows("plpgsql", "begin if new.amount < 0 then raise exception 'negative: %', "
                                                "new.amount; end if; return new; end;"));
  // SQL functions that read: Supabase's auth.uid(), a role check
  CHECK_FALSE(routine_may_write_rows("sql", "\n  select coalesce(nullif(current_setting('request.jwt.claim.sub', "
                                            "true), ''), (nullif(current_setting('request.jwt.claims', true), "
                                            "'')::jsonb ->> 'sub'))::uuid\n"));
  CHECK_FALSE(routine_may_write_rows("sql", "select exists (select 1 from profiles where id = $1 and role = 'admin');"
                                            " select 1"));
}

TEST_CASE("a SQL function that writes, calls another function, or whose body is not read may write rows") {
  CHECK(routine_may_write_rows("sql", "insert into audit (what) values ($1) returning id"));
  CHECK(routine_may_write_rows("sql", "select 1; update counters set n = n + 1"));
  CHECK(routine_may_write_rows("sql", "with d as (delete from queue returning *) select count(*) from d"));
  CHECK(routine_may_write_rows("sql", "select audit.note($1)"));  // (another function, which may write)
  CHECK(routine_may_write_rows("sql", ""));                      // (BEGIN ATOMIC: prosrc holds nothing)
  CHECK(routine_may_write_rows("plpgsql", "begin return query_to_xml('select fix()', true, true, ''); end") ==
        false);  // (a query given as text runs read-only: a function it calls is one of the user's, read too)
}
