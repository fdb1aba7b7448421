-- A printed script's check at the start of a file's run (up --dry-run): the
-- ledger does not already record this file, as it is, as applied. The script
-- may run long after it was printed, after a pgapply up applied the file,
-- and psql would run it again; pgapply's own runs read the ledger under the
-- migration lock and need no such check. ($1 version, $2 checksum, $3 the
-- error's text: a cast error, the only one plain SQL can raise. A repeatable
-- migration changed since it was applied runs again: its checksum differs.)
SELECT (CASE WHEN EXISTS (SELECT FROM {{ledger}}
                          WHERE version = $1 AND state = 'applied' AND checksum = $2)
             THEN $3 END)::integer AS still_pending;
