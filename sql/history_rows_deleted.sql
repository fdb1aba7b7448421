-- The versions whose last event that records or removes them records them
-- (applied, baseline, repair:mark-applied) but that have no row in the
-- ledger, with that event and when: their rows were deleted outside pgapply
-- (a migration's DELETE or TRUNCATE of the ledger, or one by hand). Usually
-- none.
SELECT version, event, at
FROM (SELECT DISTINCT ON (version) version::text AS version, event,
             to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
      FROM {{history}}
      WHERE event IN ('applied', 'baseline', 'repair:mark-applied', 'rolled-back', 'repair:mark-pending')
      ORDER BY version, id DESC) AS last_event
WHERE event IN ('applied', 'baseline', 'repair:mark-applied')
  AND NOT EXISTS (SELECT FROM {{ledger}} AS l WHERE l.version::text = last_event.version);
