-- The Supabase CLI's supabase_migrations.schema_migrations ({{table}}): one
-- row per applied migration (version, name, statements: the statements it
-- ran, as a text[] literal). CLIs before mid-2023 made the table with
-- version alone (statements came on 2023-06-05, name on 2023-06-26, each
-- added by the next push): the row read as JSON has NULL for a column the
-- table lacks, where naming the column would fail.
SELECT 0::bigint AS position, t.version::text AS version, coalesce(to_jsonb(t) ->> 'name', '') AS description,
       ''::text AS kind, ''::text AS script, NULL::bigint AS checksum, NULL::text AS applied_by,
       NULL::text AS applied_at, false AS failed, true AS applied,
       CASE WHEN jsonb_typeof(to_jsonb(t) -> 'statements') = 'array' THEN
           coalesce((SELECT array_agg(s.statement ORDER BY s.n)
                     FROM jsonb_array_elements_text(to_jsonb(t) -> 'statements') WITH ORDINALITY AS s(statement, n)),
                    '{}'::text[])::text
       END AS statements,
       NULL::text AS script_hash
FROM {{table}} AS t;
