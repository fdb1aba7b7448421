-- The extensions this server can install (their files are there): a
-- CREATE EXTENSION of any other fails.
-- needs_superuser: its default version is not trusted and needs a superuser
-- (pg_available_extension_versions' trusted is PostgreSQL 13's: read
-- through to_jsonb, so that an older server reads it as not trusted).
SELECT e.name AS extension_name,
       coalesce((SELECT v.superuser AND NOT coalesce((to_jsonb(v) ->> 'trusted')::boolean, false)
                 FROM pg_available_extension_versions v
                 WHERE v.name = e.name AND v.version = e.default_version), true) AS needs_superuser
FROM pg_available_extensions e
ORDER BY 1;
