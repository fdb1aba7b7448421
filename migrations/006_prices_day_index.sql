-- Migration: 006_prices_day_index
-- Purpose:   index prices by day for the market-wide daily report, built
--            CONCURRENTLY so that writers are never blocked on a big table.
--            pgapply sees CONCURRENTLY and runs this file outside a transaction.
-- Rollback:  006_prices_day_index.down.sql

CREATE INDEX CONCURRENTLY IF NOT EXISTS prices_day_idx ON prices (day);
