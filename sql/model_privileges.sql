-- The catalog model: grants on schemas, tables, views, sequences, columns,
-- functions and types, one row per privilege (aclexplode). A NULL ACL is the
-- object kind's default (acldefault). The grantee is PUBLIC, (owner) for the
-- object's owner (whoever that is: the shadow applies as another role), or
-- the role's name; the grantor is left out for the same reason. Rows for
-- objects outside the model (pg_catalog, an extension's) are dropped by the
-- reader.
WITH acls AS (
  SELECT 'schema' AS object_kind, n.nspname AS schema_name, '' AS parent_name, n.nspname AS object_name,
         n.nspowner AS owner_id, coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl
  FROM pg_namespace n
  UNION ALL
  SELECT 'relation', n.nspname, '', c.relname, c.relowner,
         coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
  UNION ALL
  SELECT 'column', n.nspname, c.relname, a.attname, c.relowner, a.attacl
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  UNION ALL
  SELECT 'function', n.nspname, '', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.proowner,
         coalesce(p.proacl, acldefault('f', p.proowner))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  UNION ALL
  SELECT 'type', n.nspname, '', t.typname, t.typowner, coalesce(t.typacl, acldefault('T', t.typowner))
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'r')
     OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c'))
)
SELECT a.object_kind,
       a.schema_name,
       a.parent_name,
       a.object_name,
       CASE WHEN x.grantee = 0 THEN 'PUBLIC'
            WHEN x.grantee = a.owner_id THEN '(owner)'
            ELSE pg_get_userbyid(x.grantee)::text END AS grantee,
       x.privilege_type AS privilege,
       x.is_grantable AS grantable
FROM acls a
CROSS JOIN LATERAL aclexplode(a.acl) AS x
WHERE a.schema_name NOT IN ('pg_catalog', 'information_schema')
  AND a.schema_name NOT LIKE 'pg\_toast%' AND a.schema_name NOT LIKE 'pg\_temp%'
ORDER BY 1, 2, 3, 4;
