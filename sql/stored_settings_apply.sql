-- The settings ALTER DATABASE ... SET and ALTER ROLE ... SET store for this
-- database and the session's user, as a new session starts with them:
-- after a file that may have changed them, the next file's session reset
-- applies them again (RESET ALL goes back to what they were when pgapply
-- connected). Applied from the weakest to the strongest, as PostgreSQL
-- ranks them: for all, for the database, for the role, for both. Only
-- those this session may set (a superuser's setting for a role that is
-- not one is left as it was), and never role or session_authorization.
-- (set_config runs after the sort: PostgreSQL evaluates a volatile function
-- of the select list above its ORDER BY.)
SELECT pg_catalog.set_config(s.name, s.value, false) AS applied
FROM (SELECT split_part(u.setting, '=', 1) AS name, substr(u.setting, strpos(u.setting, '=') + 1) AS value,
             (d.setdatabase <> 0)::int + 2 * (d.setrole <> 0)::int AS rank, u.n
      FROM pg_catalog.pg_db_role_setting d,
           unnest(d.setconfig) WITH ORDINALITY AS u(setting, n)
      WHERE d.setdatabase IN (0, (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()))
        AND d.setrole IN (0, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = session_user))) s
LEFT JOIN pg_catalog.pg_settings p ON p.name = lower(s.name)
WHERE lower(s.name) NOT IN ('role', 'session_authorization')
  AND (p.name IS NULL OR p.context = 'user'
       OR (p.context = 'superuser' AND (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)))
ORDER BY s.rank, s.n;
