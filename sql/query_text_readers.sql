-- What on the target reads the text of the query a statement belongs to,
-- which in one of up's batches is the whole batch: the first function of
-- the user's whose body names current_query() (an audit trigger's), and
-- pgaudit when it logs (pgaudit.log set and not 'none': it logs a batch's
-- whole text for each statement). '' each when none.
SELECT coalesce((SELECT format('%s %s()', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                               p.oid::regproc)
                 FROM pg_catalog.pg_proc p
                 JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND (p.prosrc ILIKE '%current\_query%'
                        -- (a SQL-standard body, BEGIN ATOMIC, has no prosrc: its definition, for those only;
                        -- prosqlbody is PostgreSQL 14's, read through to_jsonb for older servers)
                        OR (to_jsonb(p) ->> 'prosqlbody' IS NOT NULL
                            AND pg_catalog.pg_get_functiondef(p.oid) ILIKE '%current\_query%'))
                 ORDER BY n.nspname, p.proname LIMIT 1), '') AS function_name,
       CASE WHEN coalesce(lower(current_setting('pgaudit.log', true)), 'none') NOT IN ('none', '')
            THEN 'pgaudit (pgaudit.log = ' || current_setting('pgaudit.log', true) || ')' ELSE '' END AS audit_log;
