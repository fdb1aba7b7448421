-- Migration: 003_lookup_indexes
-- Purpose:   indexes for the dashboard queries. IF NOT EXISTS keeps the file
--            safe to run against a database where someone added them by hand.
-- Rollback:  003_lookup_indexes.down.sql

CREATE INDEX IF NOT EXISTS articles_published_at_idx ON articles (published_at DESC);
CREATE INDEX IF NOT EXISTS articles_ticker_idx ON articles (ticker_id) WHERE ticker_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS user_alerts_user_idx ON user_alerts (user_id);
