-- Appended to the WITH list of a statement that records a migration as
-- applied (--ledger-format dbmate): dbmate's row for it, in the same statement
-- and so the same transaction. dbmate inserts the version alone, the digits
-- the file name starts with (amacneil/dbmate, pkg/driver/postgres/postgres.go,
-- InsertMigration); a row it already wrote is kept.
, dbmate_row AS (
    INSERT INTO {{table}} (version) VALUES ({{version}}) ON CONFLICT (version) DO NOTHING
)
