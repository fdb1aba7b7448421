-- The catalog model: sequences of user schemas with their settings (not
-- their current value: that is data) and the column that owns them
-- (serial: deptype a; identity: i).
SELECT n.nspname AS schema_name,
       c.relname AS sequence_name,
       format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart::text AS start_value,
       s.seqincrement::text AS increment_by,
       s.seqmin::text AS min_value,
       s.seqmax::text AS max_value,
       s.seqcache::text AS cache_size,
       s.seqcycle AS cycles,
       o.owner_schema,
       o.owner_table,
       o.owner_column,
       o.identity,
       pg_get_userbyid(c.relowner) AS owner,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c
JOIN pg_sequence s ON s.seqrelid = c.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT tn.nspname AS owner_schema, t.relname AS owner_table, a.attname AS owner_column,
         d.deptype = 'i' AS identity
  FROM pg_depend d
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_namespace tn ON tn.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  LIMIT 1
) o ON true
WHERE c.relkind = 'S'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2;
