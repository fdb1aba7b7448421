-- The columns of the relation named as the ledger ($1: its quoted, qualified
-- name), with the relation's kind: to tell a pgapply ledger (and its format)
-- from a table of the same name that something else made. No rows: absent.
SELECT c.relkind::text AS kind, a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS column_type
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.oid = to_regclass($1)
ORDER BY a.attnum;
