-- golang-migrate's schema_migrations ({{table}}): ONE row, the version the
-- database is at, dirty when a run failed part way.
SELECT 0::bigint AS position, version::text AS version, ''::text AS description, ''::text AS kind,
       ''::text AS script, NULL::bigint AS checksum, NULL::text AS applied_by, NULL::text AS applied_at,
       dirty AS failed, true AS applied, NULL::text AS statements, NULL::text AS script_hash
FROM {{table}};
