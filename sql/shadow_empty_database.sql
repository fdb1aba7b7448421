-- Empties a shadow database given with --shadow that pgapply may not
-- replace with a scratch database of its own: every extension and user
-- schema goes, and the public schema comes back as in a new database
-- (as far as the role may: a failure to restore its owner or grants is
-- left as it is).
DO $pgapply$
DECLARE
  item record;
BEGIN
  FOR item IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', item.extname);
  END LOOP;
  FOR item IN SELECT nspname FROM pg_namespace
              WHERE nspname NOT IN ('pg_catalog', 'information_schema')
                AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp%' LOOP
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', item.nspname);
  END LOOP;
  CREATE SCHEMA public;
  COMMENT ON SCHEMA public IS 'standard public schema';
  BEGIN
    IF current_setting('server_version_num')::int >= 150000 THEN
      ALTER SCHEMA public OWNER TO pg_database_owner;
      GRANT USAGE ON SCHEMA public TO PUBLIC;
    ELSE
      GRANT ALL ON SCHEMA public TO PUBLIC;
    END IF;
  EXCEPTION WHEN insufficient_privilege THEN
    NULL;
  END;
END
$pgapply$;
