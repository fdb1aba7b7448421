-- The catalog model: user types: enums (labels in their order), domains
-- (base type, default, NOT NULL; their CHECKs are in model_constraints.sql),
-- standalone composite types (attributes) and range types (subtype). Not the
-- array and multirange types PostgreSQL makes with them, nor a table's row type.
SELECT n.nspname AS schema_name,
       t.typname AS type_name,
       t.typtype::text AS type_kind,
       CASE WHEN t.typtype = 'e' THEN
         (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
          FROM pg_enum e WHERE e.enumtypid = t.oid)
       END AS labels,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
       CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END AS default_value,
       t.typnotnull AS not_null,
       CASE WHEN t.typtype = 'c' THEN
         (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                            ORDER BY a.attnum)
          FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
       END AS attributes,
       CASE WHEN t.typtype = 'r' THEN
         (SELECT format_type(r.rngsubtype, NULL)
                 || coalesce(' SUBTYPE_DIFF ' || nullif(r.rngsubdiff, 0)::regproc::text, '')
                 || coalesce(' CANONICAL ' || nullif(r.rngcanonical, 0)::regproc::text, '')
          FROM pg_range r WHERE r.rngtypid = t.oid)
       END AS range_subtype,
       pg_get_userbyid(t.typowner) AS owner,
       obj_description(t.oid, 'pg_type') AS comment
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE (t.typtype IN ('e', 'd', 'r')
       OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2;
