-- The extensions this server can install (their files are there): a
-- CREATE EXTENSION of any other fails.
SELECT name AS extension_name
FROM pg_available_extensions
ORDER BY 1;
