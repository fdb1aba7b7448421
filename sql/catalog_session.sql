-- Who and where we are: server version, database, user and privileges, search path.
SELECT current_setting('server_version_num')::int,
       current_setting('server_version'),
       current_database(),
       current_user,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
       has_database_privilege(current_database(), 'CREATE'),
       array_to_string(current_schemas(false), ',');
