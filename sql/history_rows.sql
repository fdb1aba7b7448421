-- The ledger's history, newest first ($1: only this version, NULL: all;
-- $2: at most this many rows, NULL: all); total: how many $1 selects, the
-- rows LIMIT leaves out counted.
SELECT id, version::text AS version, event,
       to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at,
       by_user, coalesce(client, '') AS client, coalesce(checksum, '') AS checksum,
       coalesce(reason, '') AS reason, pgapply_version, count(*) OVER () AS total
FROM {{history}}
WHERE $1::text IS NULL OR version::text = $1
ORDER BY id DESC
LIMIT $2::bigint;
