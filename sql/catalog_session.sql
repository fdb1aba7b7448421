-- Who and where we are: server version, database, user, its privileges and
-- roles, search path.
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_setting('server_version') AS server_version,
       current_database() AS database_name,
       current_user AS user_name,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
       has_database_privilege(current_database(), 'CREATE') AS can_create_schema,
       -- The roles current_user may give an object to (itself too), as ALTER
       -- ... OWNER TO asks one who is not a superuser: a member of them
       -- (PostgreSQL 16: with the SET option).
       (SELECT string_agg(rolname, E'\n' ORDER BY rolname) FROM pg_roles
        WHERE pg_has_role(current_user, oid,
                          CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET'
                               ELSE 'MEMBER' END)) AS member_of,
       -- A managed platform's stand-in for a superuser, which may do some of
       -- what only one may elsewhere (event triggers, extensions it allows):
       -- the role of it current_user is a member of, or supautils (Supabase).
       -- $1: the stand-in roles, $2: supautils's settings (engine/platform_admin.hpp)
       coalesce((SELECT min(rolname) FROM pg_roles
                 WHERE rolname = ANY ($1::text[]) AND pg_has_role(current_user, oid, 'MEMBER')),
                CASE WHEN EXISTS (SELECT FROM unnest($2::text[]) AS s(name)
                                  WHERE coalesce(current_setting(s.name, true), '') <> '')
                     THEN 'supautils' END) AS platform_admin,
       -- An operator or a cast a user made (not an extension's), or a
       -- function of the user's named as one of PostgreSQL's own (an
       -- overload a call may resolve to): what a statement may call that
       -- preflight cannot see (schema/preflight_row_checks.cpp).
       (EXISTS (SELECT 1 FROM pg_operator o
                WHERE o.oid >= 16384
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_operator'::regclass
                                  AND d.objid = o.oid AND d.deptype = 'e'))
        OR EXISTS (SELECT 1 FROM pg_cast c
                   WHERE c.oid >= 16384 AND c.castmethod = 'f'
                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass
                                     AND d.objid = c.oid AND d.deptype = 'e'))
        OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                     AND p.proname IN (SELECT b.proname FROM pg_proc b
                                       WHERE b.pronamespace = 'pg_catalog'::regnamespace)
                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                     AND d.objid = p.oid AND d.deptype = 'e'))) AS unseen_calls,
       -- search_path's schemas as the server finds them (current_schemas),
       -- one a line, after a "$user" first whose schema does not exist yet
       -- (as the user's name): one a migration makes (CREATE SCHEMA app
       -- AUTHORIZATION app) is where what follows it goes.
       array_to_string(
         CASE WHEN btrim(split_part(current_setting('search_path'), ',', 1)) IN ('"$user"', '$user')
                   AND NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = current_user)
              THEN ARRAY[current_user::text] || current_schemas(false)::text[]
              ELSE current_schemas(false)::text[] END, E'\n') AS search_path;
