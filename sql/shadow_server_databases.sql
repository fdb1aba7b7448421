-- The databases of a --shadow server: whether the target's is among them
-- (the same OID and name: with the same postmaster, the target's own
-- server), and which names are taken; in a throwaway cluster, the databases
-- an earlier replay made.
SELECT d.oid::text AS database_oid, d.datname AS database_name, d.datistemplate AS is_template
FROM pg_database d
ORDER BY 2;
