-- Every ledger row (pgapply orders them by version, part by part as numbers).
SELECT version::text AS version, name, file_name, checksum, state,
       to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS applied_at,
       -- to the microsecond, in UTC: sorts as the rows were applied
       to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS applied_at_us,
       applied_by, duration_ms, statements, statements_done, statement_running, earlier_statements_done,
       coalesce(error, '') AS error, method, source, pgapply_version
FROM {{ledger}};
