-- User types: enums (with their labels in order), standalone composite types,
-- domains and ranges; not the row types of tables, not array types.
-- domain_constrained: a domain with a CHECK or NOT NULL, its own or a base
-- domain's (DomainHasConstraints: ADD COLUMN of it rewrites the table).
-- domain_has_default: a domain with a DEFAULT (CREATE DOMAIN copies its base
-- domain's): ADD COLUMN ... NOT NULL of it fills existing rows from it.
-- domain_not_null: a domain that is NOT NULL, or whose base domain is: ADD
-- COLUMN of it without a DEFAULT fails on a table with rows.
SELECT n.nspname AS schema_name, t.typname AS type_name, t.typtype::text AS type_kind,
       coalesce((SELECT string_agg(e.enumlabel, E'\n' ORDER BY e.enumsortorder)
                 FROM pg_enum e WHERE e.enumtypid = t.oid), '') AS enum_labels,
       t.typtype = 'd' AND EXISTS (
         WITH RECURSIVE chain(oid) AS (
           SELECT t.oid
           UNION ALL
           SELECT b.typbasetype FROM pg_type b JOIN chain ON b.oid = chain.oid WHERE b.typtype = 'd')
         SELECT 1 FROM chain JOIN pg_type d ON d.oid = chain.oid
         WHERE d.typtype = 'd'
           AND (d.typnotnull OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.contypid = d.oid))) AS domain_constrained,
       t.typtype = 'd' AND t.typdefault IS NOT NULL AS domain_has_default,
       t.typtype = 'd' AND EXISTS (
         WITH RECURSIVE chain(oid) AS (
           SELECT t.oid
           UNION ALL
           SELECT b.typbasetype FROM pg_type b JOIN chain ON b.oid = chain.oid WHERE b.typtype = 'd')
         SELECT 1 FROM chain JOIN pg_type d ON d.oid = chain.oid WHERE d.typtype = 'd' AND d.typnotnull)
         AS domain_not_null
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND c.relkind = 'c'))
ORDER BY 1, 2;
