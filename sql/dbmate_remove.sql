-- Appended to the WITH list of a statement that removes a migration's ledger
-- row (--ledger-format dbmate): dbmate's row goes with it, as dbmate's
-- rollback deletes it (pkg/driver/postgres/postgres.go, DeleteMigration).
, dbmate_row AS (
    DELETE FROM {{table}} WHERE version = {{version}}
)
