-- A printed script's check before anything of a file runs (up --dry-run):
-- the ledger holds of it what it held when the script was printed. The
-- script may run long after, after a pgapply up applied the file or ran
-- it part way, and psql would run it again; pgapply's own runs read the
-- ledger under the migration lock and need no such check. ($1 version, $2
-- the file's checksum, $3 the row's state when printed: '' none, NULL
-- unknown (--offline: then only a row applied with the file as it is now
-- counts), $4 that row's checksum, $5 and $6 the error's text around the
-- state: a cast error, the only one plain SQL can raise.)
SELECT (SELECT $5 || CASE l.state WHEN 'applied' THEN 'applied' ELSE 'recorded ' || l.state END || $6
        FROM {{ledger}} l
        WHERE l.version = $1
          AND CASE WHEN $3::text IS NULL THEN l.state = 'applied' AND l.checksum = $2
                   ELSE NOT (l.state = $3 AND l.checksum = $4) END)::integer AS still_pending;
