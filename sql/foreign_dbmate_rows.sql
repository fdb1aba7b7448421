-- dbmate's schema_migrations ({{table}}): one row per applied version, nothing more.
SELECT 0::bigint AS position, version::text AS version, ''::text AS description, ''::text AS kind,
       ''::text AS script, NULL::bigint AS checksum, NULL::text AS applied_by, NULL::text AS applied_at,
       false AS failed, true AS applied, NULL::text AS statements, NULL::text AS script_hash
FROM {{table}};
