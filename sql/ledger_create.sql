-- pgapply's ledger: one row per migration that has run, or started to run.
-- The two table names are filled in, quoted and schema-qualified, by pgapply,
-- which runs this (under its migration lock) when the ledger does not exist.
CREATE TABLE IF NOT EXISTS {{ledger}} (
    version          numeric      NOT NULL PRIMARY KEY
                                  CHECK (version >= 0 AND version = trunc(version)),
    name             text         NOT NULL,
    file_name        text         NOT NULL,
    checksum         text         NOT NULL,
    -- applied: ran to the end (or recorded by baseline/repair);
    -- running: a non-transactional file is running, or its run was killed;
    -- failed:  a non-transactional file failed after statements_done statements.
    state            text         NOT NULL DEFAULT 'applied'
                                  CHECK (state IN ('applied', 'running', 'failed')),
    applied_at       timestamptz  NOT NULL DEFAULT clock_timestamp(),
    applied_by       text         NOT NULL DEFAULT current_user,
    client           text,        -- operating-system user@host that ran pgapply
    duration_ms      bigint,
    statements       integer      NOT NULL DEFAULT 0,
    statements_done  integer      NOT NULL DEFAULT 0,
    transactional    boolean      NOT NULL DEFAULT true,
    error            text,
    method           text         NOT NULL DEFAULT 'up'
                                  CHECK (method IN ('up', 'baseline', 'repair')),
    pgapply_version  text         NOT NULL
);
COMMENT ON TABLE {{ledger}} IS 'pgapply ledger, format 1: migrations applied to this database';

-- Everything pgapply did to the ledger, for audits: applies, failures,
-- rollbacks, baselines and repairs, with who, when and why.
CREATE TABLE IF NOT EXISTS {{history}} (
    id               bigserial    PRIMARY KEY,
    version          numeric      NOT NULL,
    event            text         NOT NULL,
    at               timestamptz  NOT NULL DEFAULT clock_timestamp(),
    by_user          text         NOT NULL DEFAULT current_user,
    client           text,
    checksum         text,
    reason           text,
    pgapply_version  text         NOT NULL
);
COMMENT ON TABLE {{history}} IS 'pgapply ledger history, format 1';
