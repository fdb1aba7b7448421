SELECT e.extname AS extension_name, n.nspname AS schema_name, e.extversion AS version
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
ORDER BY 1;
