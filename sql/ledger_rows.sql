-- Every ledger row, in version order.
SELECT version::text, name, file_name, checksum, state,
       to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS applied_at,
       applied_by, duration_ms, statements, statements_done, coalesce(error, '') AS error,
       method, pgapply_version
FROM {{ledger}}
-- (qualified: a bare "version" would be the text column above, and 10 would sort before 9)
ORDER BY {{ledger}}.version;
