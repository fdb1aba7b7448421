DROP TABLE IF EXISTS user_alerts;
DROP TABLE IF EXISTS user_watchlists;
