-- Printed in a message, not run by pgapply: every table {{role}} may not
-- read (pg_dump locks each table it dumps, and stops at the first it may
-- not), each with the GRANT that lets it. {{role}}: the role, as a quoted
-- literal. The message prints the line below these comments.
SELECT pg_catalog.format('GRANT SELECT ON TABLE %s.%I TO %I;', c.relnamespace::regnamespace, c.relname, {{role}}) FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p') AND c.relnamespace::regnamespace::text NOT IN ('pg_catalog', 'information_schema') AND NOT pg_catalog.has_table_privilege({{role}}, c.oid, 'SELECT');
