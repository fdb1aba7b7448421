-- The catalog model: installed extensions (their own objects are left out of
-- every other model query).
SELECT e.extname AS extension_name,
       e.extversion AS version,
       n.nspname AS schema_name
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
ORDER BY 1;
