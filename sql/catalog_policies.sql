-- Row-level security policies.
SELECT schemaname, tablename, policyname, cmd, permissive = 'PERMISSIVE'
FROM pg_policies
ORDER BY 1, 2, 3;
