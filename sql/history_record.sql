-- One event in the ledger's history ($1 version, $2 event, $3 client,
-- $4 checksum, $5 reason, $6 pgapply version).
INSERT INTO {{history}} (version, event, client, checksum, reason, pgapply_version)
VALUES ($1, $2, $3, $4, $5, $6);
