-- The settings ALTER DATABASE ... SET and ALTER ROLE ... SET store for this
-- database and the session's user, as a new session starts with them:
-- after a file that may have changed them, the next file's session reset
-- applies them again (RESET ALL goes back to what they were when pgapply
-- connected). Applied from the weakest to the strongest, as PostgreSQL
-- ranks them: for all, for the database, for the role, for both; never over
-- a value the connection itself set (PGOPTIONS, options=), which ranks
-- above them, nor role or session_authorization. One that cannot be set
-- (a superuser's setting for a role that is not one, a value no longer
-- valid) is left as it was, as a new session only warns of it; a DO block,
-- so that a printed script shows none of their values.
DO $pgapply$
DECLARE
  s record;
BEGIN
  FOR s IN
    SELECT split_part(u.setting, '=', 1) AS name, substr(u.setting, strpos(u.setting, '=') + 1) AS value
    FROM pg_catalog.pg_db_role_setting d,
         unnest(d.setconfig) WITH ORDINALITY AS u(setting, n)
    WHERE d.setdatabase IN (0, (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()))
      AND d.setrole IN (0, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = session_user))
      AND lower(split_part(u.setting, '=', 1)) NOT IN ('role', 'session_authorization')
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_settings p
                      WHERE p.name = lower(split_part(u.setting, '=', 1)) AND p.source IN ('client', 'override'))
    ORDER BY (d.setdatabase <> 0)::int + 2 * (d.setrole <> 0)::int, u.n
  LOOP
    BEGIN
      PERFORM pg_catalog.set_config(s.name, s.value, false);
    EXCEPTION WHEN OTHERS THEN
      NULL;
    END;
  END LOOP;
END
$pgapply$;
