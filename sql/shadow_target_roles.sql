-- The roles a shadow of this server needs, since migrations name them
-- (GRANT ... TO, OWNER TO, CREATE POLICY ... TO, SET ROLE): all but the
-- predefined pg_* ones.
SELECT r.rolname AS role_name
FROM pg_roles r
WHERE r.rolname !~ '^pg_'
ORDER BY 1;
