-- The versions pgapply recorded once and took back out of its ledger since:
-- the last event of each version that records or removes it is a removal
-- (down's rolled-back, repair --mark-pending's), with when.
SELECT version, event, at
FROM (SELECT DISTINCT ON (version) version::text AS version, event,
             to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
      FROM {{history}}
      WHERE event NOT IN ('failed', 'repair:clear-failed', 'repair:accept-checksum')
      ORDER BY version, id DESC) AS last_event
WHERE event IN ('rolled-back', 'repair:mark-pending');
