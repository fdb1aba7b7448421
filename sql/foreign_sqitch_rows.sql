-- sqitch's sqitch.changes ({{table}}): one row per deployed change (a revert
-- deletes it), matched to migration files by the change's name; script_hash is
-- the SHA-1 of the deploy script sqitch ran; project: one registry may hold
-- the changes of several sqitch projects.
SELECT (row_number() OVER (ORDER BY committed_at, change_id))::bigint AS position, ''::text AS version,
       change::text AS description, ''::text AS kind, ''::text AS script, NULL::bigint AS checksum,
       committer_name || coalesce(' <' || committer_email || '>', '') AS applied_by,
       to_char(committed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS applied_at,
       false AS failed, true AS applied, NULL::text AS statements, script_hash::text AS script_hash,
       project::text AS project
FROM {{table}};
