-- Migration: 004_row_level_security
-- Purpose:   users see only their own watchlists and alerts. The application
--            sets app.user_id for each request: SET app.user_id = '42'.
-- Rollback:  004_row_level_security.down.sql

ALTER TABLE user_watchlists ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_alerts ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS user_watchlists_owner ON user_watchlists;
CREATE POLICY user_watchlists_owner ON user_watchlists
    USING (user_id = nullif(current_setting('app.user_id', true), '')::bigint)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::bigint);

DROP POLICY IF EXISTS user_alerts_owner ON user_alerts;
CREATE POLICY user_alerts_owner ON user_alerts
    USING (user_id = nullif(current_setting('app.user_id', true), '')::bigint)
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::bigint);
