-- Empties a shadow database given with --shadow that pgapply may not
-- replace with a scratch database of its own: every extension and user
-- schema goes, and the public schema comes back as in a new database
-- (as far as the role may: a failure to restore its owner or grants is
-- left as it is). What belongs to the database in no schema goes too, as
-- far as the role may drop it (what it may not was never the replay's):
-- publications, event triggers, foreign servers and data wrappers, large
-- objects, casts, and default privileges set for all schemas, which are set
-- back to PostgreSQL's defaults (a replay that made them again would
-- otherwise fail, or read as a difference).
DO $pgapply$
DECLARE
  item record;
  grantee text;
  objects text;
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
  FOR item IN SELECT pubname FROM pg_publication WHERE pg_has_role(pubowner, 'USAGE') LOOP
    EXECUTE format('DROP PUBLICATION %I', item.pubname);
  END LOOP;
  FOR item IN SELECT evtname FROM pg_event_trigger WHERE pg_has_role(evtowner, 'USAGE') LOOP
    EXECUTE format('DROP EVENT TRIGGER %I', item.evtname);
  END LOOP;
  FOR item IN SELECT srvname FROM pg_foreign_server WHERE pg_has_role(srvowner, 'USAGE') LOOP
    EXECUTE format('DROP SERVER %I CASCADE', item.srvname);
  END LOOP;
  FOR item IN SELECT fdwname FROM pg_foreign_data_wrapper WHERE oid >= 16384 AND pg_has_role(fdwowner, 'USAGE') LOOP
    EXECUTE format('DROP FOREIGN DATA WRAPPER %I CASCADE', item.fdwname);
  END LOOP;
  FOR item IN SELECT oid FROM pg_largeobject_metadata WHERE pg_has_role(lomowner, 'USAGE') LOOP
    PERFORM lo_unlink(item.oid);
  END LOOP;
  FOR item IN SELECT format_type(castsource, NULL) AS source, format_type(casttarget, NULL) AS target
                FROM pg_cast WHERE oid >= 16384 LOOP
    BEGIN
      EXECUTE format('DROP CAST (%s AS %s)', item.source, item.target);
    EXCEPTION WHEN insufficient_privilege THEN
      NULL;
    END;
  END LOOP;
  FOR item IN SELECT d.defaclrole::regrole::text AS role, d.defaclobjtype AS kind, d.defaclacl AS acl
                FROM pg_default_acl d WHERE d.defaclnamespace = 0 AND pg_has_role(d.defaclrole, 'USAGE') LOOP
    objects := CASE item.kind WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                              WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' END;
    FOR grantee IN SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
                     FROM aclexplode(item.acl) a LOOP
      EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s REVOKE ALL ON %s FROM %s', item.role, objects, grantee);
    END LOOP;
    -- PostgreSQL's defaults: all to the owner; EXECUTE and USAGE to PUBLIC on functions and types.
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s GRANT ALL ON %s TO %s', item.role, objects, item.role);
    IF item.kind = 'f' THEN
      EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s GRANT EXECUTE ON FUNCTIONS TO PUBLIC', item.role);
    ELSIF item.kind = 'T' THEN
      EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s GRANT USAGE ON TYPES TO PUBLIC', item.role);
    END IF;
  END LOOP;
END
$pgapply$;
