DROP INDEX IF EXISTS user_alerts_user_idx;
DROP INDEX IF EXISTS articles_ticker_idx;
DROP INDEX IF EXISTS articles_published_at_idx;
