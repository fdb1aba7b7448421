-- Row-level security policies.
SELECT schemaname AS schema_name, tablename AS relation_name, policyname AS policy_name, cmd AS command,
       permissive = 'PERMISSIVE' AS permissive
FROM pg_policies
ORDER BY 1, 2, 3;
