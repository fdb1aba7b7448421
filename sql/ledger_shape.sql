-- The columns of the relation named as the ledger ($1: its schema, $2: its
-- table, unquoted) and of its history ($3: the history's table), with each
-- relation's kind: to tell a pgapply ledger (and its format) from a table of
-- the same name that something else made. No rows of $2: absent. Looked up in the catalog by name, which needs no privilege
-- on the schema (a role without USAGE gets "cannot read the ledger" from the
-- rows, naming the GRANT, not a bare "permission denied for schema").
SELECT c.relname::text AS relation, c.relkind::text AS kind, a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS column_type
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = $1 AND c.relname IN ($2, $3)
ORDER BY c.relname, a.attnum;
