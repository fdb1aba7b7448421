-- Flyway's schema history (flyway_schema_history, {{table}}), every row.
-- installed_on is a timestamp without time zone that Flyway fills with now():
-- read in the session's time zone. Columns: see foreign_ledger_reader.cpp.
SELECT installed_rank::bigint AS position, version::text AS version, description::text AS description,
       type::text AS kind, script::text AS script, checksum::bigint AS checksum,
       installed_by::text AS applied_by,
       to_char(installed_on::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS applied_at,
       NOT success AS failed, true AS applied, NULL::text AS statements, NULL::text AS script_hash
FROM {{table}};
