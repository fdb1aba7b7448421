-- The catalog model: the server it was read from.
SELECT current_setting('server_version') AS server_version,
       current_setting('server_version_num')::int AS server_version_num;
