-- What pgapply says of a shadow's server, and whether its role may create
-- the scratch database (else the --shadow database is emptied in place).
SELECT current_setting('server_version') AS server_version,
       (SELECT r.rolcreatedb OR r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) AS may_create_database;
