-- Migration: 001_initial_schema
-- Purpose:   users, market tickers, news articles and daily prices.
-- Rollback:  001_initial_schema.down.sql

CREATE TABLE IF NOT EXISTS users (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text        NOT NULL UNIQUE CHECK (position('@' in email) > 1),
    display_name text       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tickers (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    symbol      varchar(12) NOT NULL UNIQUE,
    name        text        NOT NULL,
    exchange    varchar(10) NOT NULL DEFAULT 'NYSE'
);

CREATE TABLE IF NOT EXISTS articles (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticker_id    integer     REFERENCES tickers (id) ON DELETE SET NULL,
    title        text        NOT NULL,
    url          text        NOT NULL UNIQUE,
    published_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS prices (
    ticker_id   integer       NOT NULL REFERENCES tickers (id) ON DELETE CASCADE,
    day         date          NOT NULL,
    open        numeric(12,4) NOT NULL,
    close       numeric(12,4) NOT NULL,
    volume      bigint        NOT NULL DEFAULT 0,
    PRIMARY KEY (ticker_id, day)
);

COMMENT ON TABLE prices IS 'Daily open/close per ticker; one row per trading day';

INSERT INTO tickers (symbol, name, exchange) VALUES
    ('ACME', 'Acme Corp; "the" widget company', 'NYSE'),
    ('INIT', 'Initech $ Holdings', 'NASDAQ')
ON CONFLICT (symbol) DO NOTHING;
