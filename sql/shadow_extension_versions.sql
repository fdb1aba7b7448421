-- The extension versions a shadow's server can install, each marked when it
-- is the one CREATE EXTENSION makes without VERSION, with the name as
-- pg_dump writes it (quoted only where it must be).
SELECT v.name, pg_catalog.quote_ident(v.name) AS dumped_name, v.version, v.version = a.default_version AS is_default
FROM pg_catalog.pg_available_extension_versions v
JOIN pg_catalog.pg_available_extensions a ON a.name = v.name;
