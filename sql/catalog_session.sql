-- Who and where we are: server version, database, user and privileges, search path.
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_setting('server_version') AS server_version,
       current_database() AS database_name,
       current_user AS user_name,
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
       has_database_privilege(current_database(), 'CREATE') AS can_create_schema,
       array_to_string(current_schemas(false), ',') AS search_path;
