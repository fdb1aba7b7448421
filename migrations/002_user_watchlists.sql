-- Migration: 002_user_watchlists
-- Purpose:   per-user watchlists and price alerts (additive: new tables only).
-- Rollback:  002_user_watchlists.down.sql

CREATE TABLE IF NOT EXISTS user_watchlists (
    user_id    bigint  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ticker_id  integer NOT NULL REFERENCES tickers (id) ON DELETE CASCADE,
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, ticker_id)
);

CREATE TABLE IF NOT EXISTS user_alerts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ticker_id  integer       NOT NULL REFERENCES tickers (id) ON DELETE CASCADE,
    threshold  numeric(12,4) NOT NULL,
    direction  text          NOT NULL CHECK (direction IN ('above', 'below')),
    created_at timestamptz   NOT NULL DEFAULT now()
);
