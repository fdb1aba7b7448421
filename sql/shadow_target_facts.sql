-- What a shadow of this database needs from it: who and where it is (so a
-- shadow that is the target itself is refused), its name (a throwaway
-- shadow database carries it), its encoding and search_path.
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_setting('server_version') AS server_version,
       pg_encoding_to_char(d.encoding) AS encoding,
       current_setting('search_path') AS search_path,
       current_user AS current_user_name,
       current_database() AS database_name,
       -- The server (its postmaster) and the database in it: a --shadow
       -- with both is the target itself, one on the target's own server must
       -- not run what changes the server.
       pg_postmaster_start_time()::text AS postmaster_started,
       d.oid::text AS database_oid
FROM pg_database d
WHERE d.datname = current_database();
