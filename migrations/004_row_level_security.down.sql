DROP POLICY IF EXISTS user_alerts_owner ON user_alerts;
DROP POLICY IF EXISTS user_watchlists_owner ON user_watchlists;
ALTER TABLE user_alerts DISABLE ROW LEVEL SECURITY;
ALTER TABLE user_watchlists DISABLE ROW LEVEL SECURITY;
