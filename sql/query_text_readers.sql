-- What on the target reads the text of the query a statement belongs to,
-- which in one of up's batches is the whole batch: the first function of
-- the user's whose body names current_query() (an audit trigger's), and
-- pgaudit when it logs (pgaudit.log set and not 'none': it logs a batch's
-- whole text for each statement). '' each when none.
SELECT coalesce((SELECT format('%s %s()', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                               p.oid::regproc)
                 FROM pg_catalog.pg_proc p
                 JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                 -- (the cheap test first: PostgreSQL runs the cheaper of a scan's conditions first)
                 WHERE p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
                   AND (p.prosrc ILIKE '%current\_query%'
                        -- (a SQL-standard body, BEGIN ATOMIC, has no prosrc: its definition, for those only)
                        OR (p.prosrc = '' AND p.prolang = (SELECT oid FROM pg_catalog.pg_language
                                                           WHERE lanname = 'sql')
                            AND pg_catalog.pg_get_functiondef(p.oid) ILIKE '%current\_query%'))
                 ORDER BY n.nspname, p.proname LIMIT 1), '') AS function_name,
       CASE WHEN coalesce(lower(current_setting('pgaudit.log', true)), 'none') NOT IN ('none', '')
            THEN 'pgaudit (pgaudit.log = ' || current_setting('pgaudit.log', true) || ')' ELSE '' END AS audit_log;
