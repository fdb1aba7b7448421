-- goose's goose_db_version ({{table}}): one row per up (and, in older goose,
-- per down, is_applied false); the newest row of a version decides. tstamp is
-- a timestamp without time zone filled with now(): read in the session's zone.
SELECT id::bigint AS position, version_id::text AS version, ''::text AS description, ''::text AS kind,
       ''::text AS script, NULL::bigint AS checksum, NULL::text AS applied_by,
       to_char(tstamp::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS applied_at,
       false AS failed, is_applied AS applied, NULL::text AS statements, NULL::text AS script_hash
FROM {{table}};
