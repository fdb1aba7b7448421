-- What the migrations session runs ($1: its pid) while pgapply waits for the
-- server to answer a batch, for the progress line: the file (the session's
-- application_name is "pgapply: FILE") and, when it waits for a lock, which
-- kind. Asked on the migration lock's connection, once a second at most. No
-- row: not running a statement now.
SELECT substr(application_name, 10) AS file,
       CASE WHEN wait_event_type = 'Lock' THEN wait_event END AS lock_kind
FROM pg_catalog.pg_stat_activity
WHERE pid = $1::int AND state = 'active' AND application_name LIKE 'pgapply: %';
