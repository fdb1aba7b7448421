-- What a shadow of this database needs from it: who and where it is (so a
-- shadow that is the target itself is refused), its name (a throwaway
-- shadow database carries it), its encoding, search_path and the settings
-- its statements are read with, whether it holds rows.
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_setting('server_version') AS server_version,
       pg_encoding_to_char(d.encoding) AS encoding,
       current_setting('search_path') AS search_path,
       -- What a statement's literals mean (a timestamptz default's time zone,
       -- a date's field order): the session's, from wherever it came.
       current_setting('TimeZone') AS time_zone,
       current_setting('DateStyle') AS date_style,
       current_setting('IntervalStyle') AS interval_style,
       -- ALTER DATABASE and ALTER ROLE ... SET, custom ones (app.env) too,
       -- that this session started with, weakest first: all databases and
       -- roles, the database, the role, the two together (the server's order).
       array_to_json(ARRAY(SELECT u.setting FROM pg_db_role_setting r, unnest(r.setconfig) WITH ORDINALITY AS u(setting, n)
             WHERE r.setdatabase IN (0, d.oid)
               AND r.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = session_user))
             ORDER BY (r.setrole <> 0), (r.setdatabase <> 0), u.n))::text AS role_database_settings,
       -- Its server's tablespaces (a migration's CREATE TABLE ... TABLESPACE).
       array_to_json(ARRAY(SELECT spcname FROM pg_tablespace
                           WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY 1))::text AS tablespaces,
       -- Its public schema's grants to PUBLIC, as GRANT statements:
       -- PostgreSQL 14 and before (and a database upgraded from them) let
       -- PUBLIC create there, 15 does not. (Grants to roles are no server's
       -- default: a migration's, or drift.) NULL: no public schema.
       (SELECT array_to_json(ARRAY(
                 SELECT format('GRANT %s ON SCHEMA public TO %s%s', a.privilege_type,
                               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                               CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                 FROM aclexplode(coalesce(p.nspacl, acldefault('n', p.nspowner))) a
                 WHERE a.grantee = 0 ORDER BY 1))::text
        FROM pg_namespace p WHERE p.nspname = 'public') AS public_schema_grants,
       -- Its default privileges (ALTER DEFAULT PRIVILEGES, as a platform
       -- such as Supabase sets them before any migration), as the statements
       -- that make them: for all schemas, what the defaults lose first.
       array_to_json(ARRAY(
         SELECT s.statement FROM (
           SELECT d.oid, 0 AS step,
                  format('ALTER DEFAULT PRIVILEGES FOR ROLE %I REVOKE ALL ON %s FROM PUBLIC, %I',
                         pg_get_userbyid(d.defaclrole), o.name, pg_get_userbyid(d.defaclrole)) AS statement
           FROM pg_default_acl d JOIN (VALUES ('r', 'TABLES'), ('S', 'SEQUENCES'), ('f', 'FUNCTIONS'),
                                              ('T', 'TYPES'), ('n', 'SCHEMAS')) AS o(code, name)
                                   ON o.code = d.defaclobjtype::text
           WHERE d.defaclnamespace = 0
           UNION ALL
           SELECT d.oid, 1,
                  format('ALTER DEFAULT PRIVILEGES FOR ROLE %I%s GRANT %s ON %s TO %s%s',
                         pg_get_userbyid(d.defaclrole),
                         CASE WHEN d.defaclnamespace = 0 THEN '' ELSE ' IN SCHEMA ' || quote_ident(n.nspname) END,
                         a.privilege_type, o.name,
                         CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                         CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
           FROM pg_default_acl d
           JOIN (VALUES ('r', 'TABLES'), ('S', 'SEQUENCES'), ('f', 'FUNCTIONS'), ('T', 'TYPES'),
                        ('n', 'SCHEMAS')) AS o(code, name) ON o.code = d.defaclobjtype::text
           LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
           CROSS JOIN LATERAL aclexplode(d.defaclacl) a) s
         ORDER BY s.oid, s.step, s.statement))::text AS default_privileges,
       -- Its locale as CREATE DATABASE takes it ('' for C: the shadow's
       -- own), so that a text comparison (a CHECK, a range partition's
       -- bound) sorts there as here: datlocprovider is PostgreSQL 15's,
       -- daticulocale 15 and 16's, datlocale 17's (read through to_jsonb,
       -- so that an older server reads them as absent).
       CASE coalesce(to_jsonb(d) ->> 'datlocprovider', 'c')
         WHEN 'i' THEN format('LOCALE_PROVIDER icu ICU_LOCALE %L LC_COLLATE %L LC_CTYPE %L',
                              coalesce(to_jsonb(d) ->> 'daticulocale', to_jsonb(d) ->> 'datlocale'),
                              d.datcollate, d.datctype)
                       -- 16's tailoring rules ('&a < g'): they sort there as here
                       || CASE WHEN to_jsonb(d) ->> 'daticurules' IS NOT NULL
                               THEN format(' ICU_RULES %L', to_jsonb(d) ->> 'daticurules') ELSE '' END
         WHEN 'b' THEN format('LOCALE_PROVIDER builtin BUILTIN_LOCALE %L LC_COLLATE %L LC_CTYPE %L',
                              to_jsonb(d) ->> 'datlocale', d.datcollate, d.datctype)
         ELSE CASE WHEN d.datcollate IN ('C', 'POSIX') AND d.datctype IN ('C', 'POSIX') THEN ''
                   ELSE format('LC_COLLATE %L LC_CTYPE %L', d.datcollate, d.datctype) END
       END AS locale_clause,
       -- Large objects, which a copy of the schema lacks (they are data).
       EXISTS (SELECT FROM pg_largeobject_metadata) AS has_large_objects,
       -- What makes the shadow's copies of the roles no more privileged than
       -- they are here, run on the copy of the schema before the pending
       -- migrations, so that those fail there as they would here ("must be
       -- owner of table t", "permission denied to create role"): the
       -- database's owner and grants, the extensions' owners, the tablespace
       -- grants, the memberships, then each role's attributes (a "role" the
       -- statement is for: one pgapply did not make there, its bootstrap
       -- superuser, is left alone), current_user's last. A superuser's
       -- copy stays one, the other roles become what they are (a file's SET
       -- ROLE to one of them then fails there as here). NULL when
       -- current_user is a member of a managed platform's stand-in for a
       -- superuser, whose allowances no copy has: there every role stays a
       -- superuser. (Parameter privileges: sql/shadow_parameter_grants.sql.)
       -- ($1: the stand-in roles, $2: supautils's settings: engine/platform_admin.hpp)
       -- (a superuser is a member of every role: not asked)
       CASE WHEN NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                 AND (EXISTS (SELECT FROM pg_roles
                              WHERE rolname = ANY ($1::text[]) AND pg_has_role(current_user, oid, 'MEMBER'))
                      OR EXISTS (SELECT FROM unnest($2::text[]) AS s(name)
                                 WHERE coalesce(current_setting(s.name, true), '') <> ''))
            THEN NULL
       ELSE (SELECT json_agg(json_build_object('role', s.role, 'sql', s.statement, 'server', s.server)
                             ORDER BY s.step, s.statement)::text
             FROM (
           -- (the shadow's database has another name: each names it by
           -- current_database(), the role as an argument: a name with a % in it)
           SELECT 0 AS step, NULL::name AS role, NULL::text AS server,
                  format('DO $pgapply$BEGIN EXECUTE format(%L, current_database(), %L); END$pgapply$',
                         'ALTER DATABASE %I OWNER TO %I', pg_get_userbyid(d.datdba)) AS statement
           UNION ALL
           SELECT 1, NULL, NULL, format('DO $pgapply$BEGIN EXECUTE format(%L, current_database()); END$pgapply$',
                                        'REVOKE ALL ON DATABASE %I FROM PUBLIC')
           WHERE d.datacl IS NOT NULL
           UNION ALL
           SELECT 2, NULL, NULL,
                  format('DO $pgapply$BEGIN EXECUTE format(%L, current_database(), %L); END$pgapply$',
                         format('GRANT %s ON DATABASE %%I TO %%s%s', a.privilege_type,
                                CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END),
                         CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
           FROM aclexplode(d.datacl) a
           WHERE a.grantee <> d.datdba
           UNION ALL
           -- (as the catalog's row alone: pg_shdepend still names the
           -- shadow's owner, which no migration's DROP ROLE meets)
           SELECT 3, NULL, NULL,
                  format('UPDATE pg_catalog.pg_extension SET extowner = %L::regrole WHERE extname = %L',
                         quote_ident(pg_get_userbyid(e.extowner)), e.extname)
           FROM pg_extension e
           UNION ALL
           SELECT 4, NULL, NULL, format('GRANT CREATE ON TABLESPACE %I TO %s', t.spcname,
                                        CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                                             ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
           FROM pg_tablespace t CROSS JOIN LATERAL aclexplode(t.spcacl) a
           WHERE t.spcname NOT IN ('pg_default', 'pg_global') AND a.privilege_type = 'CREATE'
           UNION ALL
           -- every membership of a role pgapply copies (in predefined roles
           -- too), as a shadow server of 16 or later takes it ("16": with
           -- its INHERIT and SET options) and as an older one does ("15")
           SELECT DISTINCT 5, NULL::name, v.server,
                  format('GRANT %I TO %I%s', pg_get_userbyid(m.roleid), pg_get_userbyid(m.member),
                         CASE WHEN v.server = '16'
                              THEN format(' WITH ADMIN %s, INHERIT %s, SET %s',
                                          CASE WHEN m.admin_option THEN 'TRUE' ELSE 'FALSE' END,
                                          CASE WHEN coalesce((to_jsonb(m) ->> 'inherit_option')::boolean,
                                                             (SELECT rolinherit FROM pg_roles WHERE oid = m.member))
                                               THEN 'TRUE' ELSE 'FALSE' END,
                                          CASE WHEN coalesce((to_jsonb(m) ->> 'set_option')::boolean, true)
                                               THEN 'TRUE' ELSE 'FALSE' END)
                              WHEN m.admin_option THEN ' WITH ADMIN OPTION' ELSE '' END)
           FROM pg_auth_members m CROSS JOIN (VALUES ('16'), ('15')) AS v(server)
           WHERE pg_get_userbyid(m.member) !~ '^pg_'
           UNION ALL
           SELECT CASE WHEN r.rolname = current_user THEN 7 ELSE 6 END, r.rolname, NULL,
                  format('ALTER ROLE %I %s %s %s %s %s %s', r.rolname,
                         CASE WHEN r.rolsuper THEN 'SUPERUSER' ELSE 'NOSUPERUSER' END,
                         CASE WHEN r.rolcreatedb THEN 'CREATEDB' ELSE 'NOCREATEDB' END,
                         CASE WHEN r.rolcreaterole THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END,
                         CASE WHEN r.rolinherit THEN 'INHERIT' ELSE 'NOINHERIT' END,
                         CASE WHEN r.rolreplication THEN 'REPLICATION' ELSE 'NOREPLICATION' END,
                         CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END)
           FROM pg_roles r WHERE r.rolname !~ '^pg_') s)
       END AS target_role_statements,
       current_user AS current_user_name,
       current_database() AS database_name,
       -- The server (its postmaster) and the database in it: a --shadow
       -- with both is the target itself, one on the target's own server must
       -- not run what changes the server.
       pg_postmaster_start_time()::text AS postmaster_started,
       d.oid::text AS database_oid,
       -- Whether a table of the user's holds rows, which a shadow, a copy of
       -- the schema alone, lacks: by the planner's statistics or the
       -- cumulative ones (rows inserted, live: a table emptied since may
       -- count), never by its file, whose size takes a lock another session
       -- may hold. Migration ledgers, pgapply's (by its comment) and the
       -- other tools', do not count: no migration reads them.
       EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind = 'r' AND c.relpersistence <> 't'
                 AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                 AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
                 AND c.relname NOT IN ('schema_migrations', 'flyway_schema_history', 'goose_db_version')
                 AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE 'pgapply ledger%'
                 AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                                 AND e.objid = c.oid AND e.deptype = 'e')
                 AND (c.reltuples > 0 OR c.relpages > 0 OR pg_stat_get_live_tuples(c.oid) > 0
                      OR pg_stat_get_tuples_inserted(c.oid) > 0)) AS has_rows
FROM pg_database d
WHERE d.datname = current_database();
