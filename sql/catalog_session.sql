-- Who and where we are: server version, database, user, its privileges and
-- roles, search path.
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_setting('server_version') AS server_version,
       current_database() AS database_name,
       current_user AS user_name,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
       has_database_privilege(current_database(), 'CREATE') AS can_create_schema,
       -- The roles current_user is a member of (itself too): ALTER ... OWNER
       -- TO one of them is what a user who is not a superuser may do.
       (SELECT string_agg(rolname, E'\n' ORDER BY rolname) FROM pg_roles
        WHERE pg_has_role(current_user, oid, 'MEMBER')) AS member_of,
       array_to_string(current_schemas(false), ',') AS search_path;
