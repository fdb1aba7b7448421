#include "ddl/event_trigger_function.hpp"

#include <doctest/doctest.h>

using pgapply::ddl::event_trigger_may_write_rows;

TEST_CASE("an event trigger's function that notifies or grants writes no rows") {
  // Supabase's pgrst_ddl_watch: a loop over the DDL's commands, a NOTIFY
  CHECK_FALSE(event_trigger_may_write_rows("plpgsql", R"(
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
  CHECK_FALSE(event_trigger_may_write_rows("plpgsql", R"(
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
  CHECK_FALSE(event_trigger_may_write_rows("plpgsql", R"(
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
  CHECK_FALSE(event_trigger_may_write_rows("plpgsql", R"(
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
  CHECK_FALSE(event_trigger_may_write_rows("plpgsql", R"(
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
  CHECK(event_trigger_may_write_rows("plpgsql", "begin update public.t set v = 1; end"));
  CHECK(event_trigger_may_write_rows("plpgsql",
                                     "begin insert into audit.ddl_log(tag) select command_tag from "
                                     "pg_event_trigger_ddl_commands(); end"));
  CHECK(event_trigger_may_write_rows("plpgsql", "begin execute 'delete from t'; end"));
  CHECK(event_trigger_may_write_rows("plpgsql", "begin perform audit.note_ddl(); end"));
  CHECK(event_trigger_may_write_rows("plpgsql", "declare n int; begin n := audit.note_ddl(); end"));
  CHECK(event_trigger_may_write_rows("plpgsql",
                                     "declare r record; begin for r in with d as (delete from t returning *) "
                                     "select * from d loop end loop; end"));
  CHECK(event_trigger_may_write_rows("plpgsql", "begin alter table t alter column v type bigint; end"));
  CHECK(event_trigger_may_write_rows("plpgsql", "begin call audit.log_it(); end"));
  CHECK(event_trigger_may_write_rows("plpgsql", "begin if then"));  // (does not parse)
  CHECK(event_trigger_may_write_rows("c", "timescaledb_ddl_command_end"));
  CHECK(event_trigger_may_write_rows("plperl", "spi_exec_query('delete from t')"));
}
