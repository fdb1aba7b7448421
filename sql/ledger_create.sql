-- pgapply's ledger, format 3: one row per migration that has run, or started
-- to run. The two table names are filled in, quoted and schema-qualified, by
-- pgapply, which runs this (under its migration lock) when the ledger does
-- not exist. Format 1 (version numeric) is upgraded by ledger_upgrade.sql,
-- format 2 (no earlier_statements_done) by ledger_upgrade_3.sql.
CREATE TABLE IF NOT EXISTS {{ledger}} (
    -- canonical: 4 for 004_x.sql, 20240101120000 for a timestamp, 1.1 for
    -- Flyway's V1_1__x.sql; compared part by part as numbers by pgapply
    version            text         NOT NULL PRIMARY KEY,
    name               text         NOT NULL,
    file_name          text         NOT NULL,
    checksum           text         NOT NULL,
    -- applied: ran to the end (or recorded by baseline/repair);
    -- running: a non-transactional file is running, or its run was killed;
    -- failed:  a non-transactional file failed after statements_done statements.
    state              text         NOT NULL DEFAULT 'applied'
                                    CHECK (state IN ('applied', 'running', 'failed')),
    applied_at         timestamptz  NOT NULL DEFAULT clock_timestamp(),
    applied_by         text         NOT NULL DEFAULT current_user,
    client             text,        -- operating-system user@host that ran pgapply
    duration_ms        bigint,      -- as the server measured it
    statements         integer      NOT NULL DEFAULT 0,
    statements_done    integer      NOT NULL DEFAULT 0,
    -- a non-transactional file: the statement that was sent and had not
    -- answered yet (one that cannot run in a transaction block: it may have
    -- taken effect if pgapply died meanwhile)
    statement_running  integer,
    -- a non-transactional file that failed or was interrupted, then changed
    -- and ran again (from its first statement): the most statements a run of
    -- an earlier version had committed (they took effect, whatever the runs
    -- since did); NULL when none, and once the file is applied
    earlier_statements_done integer,
    transactional      boolean      NOT NULL DEFAULT true,
    error              text,
    method             text         NOT NULL DEFAULT 'up'
                                    CHECK (method IN ('up', 'baseline', 'repair')),
    source             text,        -- baseline --from: the tool whose ledger it came from
    pgapply_version    text         NOT NULL
);
COMMENT ON TABLE {{ledger}} IS 'pgapply ledger, format 3: migrations applied to this database';

-- Everything pgapply did to the ledger, for audits: applies, failures,
-- rollbacks, baselines and repairs, with who, when and why.
CREATE TABLE IF NOT EXISTS {{history}} (
    id               bigserial    PRIMARY KEY,
    version          text         NOT NULL,
    event            text         NOT NULL,
    at               timestamptz  NOT NULL DEFAULT clock_timestamp(),
    by_user          text         NOT NULL DEFAULT current_user,
    client           text,
    checksum         text,
    reason           text,
    pgapply_version  text         NOT NULL
);
COMMENT ON TABLE {{history}} IS 'pgapply ledger history, format 3';
