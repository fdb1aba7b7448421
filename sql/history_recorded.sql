-- Whether pgapply ever recorded a migration in this ledger: an event in its
-- history other than a failure's (applied, baseline, repair:mark-applied,
-- rolled-back...). An empty ledger is then pgapply's own doing (down,
-- repair --mark-pending), not a database another tool migrated.
SELECT EXISTS (SELECT FROM {{history}} WHERE event NOT IN ('failed', 'repair:clear-failed')) AS recorded;
