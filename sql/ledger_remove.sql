-- A migration was rolled back (or forgotten by a repair): its row goes, its
-- history event stays ($1 version, $2 event, $3 client, $4 reason, $5 pgapply version;
-- with --ledger-format supabase or dbmate, $6 that tool's version, whose row goes
-- too; golang-migrate's one row is set to what stays applied). Returns a row
-- when the row went (a trigger or rule on the ledger may keep it), with the
-- rollback's duration as the server measured it since pgapply.started (set
-- when the rollback's transaction began; NULL for a repair, which sets none).
-- The history keeps no duration.
WITH removed AS (
    DELETE FROM {{ledger}} WHERE version = $1 RETURNING version, checksum
){{companion}}
INSERT INTO {{history}} (version, event, client, checksum, reason, pgapply_version)
SELECT version, $2, $3, checksum, $4, $5 FROM removed
RETURNING ((extract(epoch FROM pg_catalog.clock_timestamp())
                  - nullif(pg_catalog.current_setting('pgapply.started', true), '')::numeric)
           * 1000)::bigint AS duration_ms;
