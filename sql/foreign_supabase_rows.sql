-- The Supabase CLI's supabase_migrations.schema_migrations ({{table}}): one
-- row per applied migration (version, name, statements: the statements it
-- ran, as a text[] literal; NULL where an old CLI stored none).
SELECT 0::bigint AS position, version::text AS version, coalesce(name, '')::text AS description,
       ''::text AS kind, ''::text AS script, NULL::bigint AS checksum, NULL::text AS applied_by,
       NULL::text AS applied_at, false AS failed, true AS applied, statements::text AS statements, NULL::text AS script_hash
FROM {{table}};
