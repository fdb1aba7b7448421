-- What the connecting role may do with the ledger ($1: its schema, $2: its
-- table, $3: the history table, $4: the history's id sequence; unquoted)
-- and with the --ledger-format's table kept with it ($5 its schema, $6 its
-- table; NULL without one: up and down write it in each migration's
-- transaction, and dbmate's needs no UPDATE, the others' upserts do),
-- for preflight: up needs to read and write both tables (and to use the
-- sequence), or, when the ledger does not exist yet, to create it (CREATE on
-- its schema, or on the database when the schema is missing too). Read from
-- the catalog by name and oid, so that no lookup needs a privilege it checks.
WITH s AS (SELECT oid FROM pg_namespace WHERE nspname = $1),
     t AS (SELECT c.oid FROM pg_class c JOIN s ON c.relnamespace = s.oid WHERE c.relname = $2),
     h AS (SELECT c.oid FROM pg_class c JOIN s ON c.relnamespace = s.oid WHERE c.relname = $3),
     q AS (SELECT c.oid FROM pg_class c JOIN s ON c.relnamespace = s.oid WHERE c.relname = $4),
     o AS (SELECT c.oid, c.relnamespace FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = $5 AND c.relname = $6)
SELECT current_user::text AS role_name,
       current_database()::text AS database_name,
       EXISTS (SELECT FROM s) AS schema_exists,
       coalesce((SELECT has_schema_privilege(oid, 'USAGE') FROM s), false) AS schema_usage,
       coalesce((SELECT has_schema_privilege(oid, 'CREATE') FROM s), false) AS schema_create,
       has_database_privilege(current_database(), 'CREATE') AS database_create,
       EXISTS (SELECT FROM t) AS ledger_exists,
       coalesce((SELECT has_table_privilege(oid, 'SELECT') FROM t), false) AS ledger_read,
       coalesce((SELECT has_table_privilege(oid, 'INSERT') AND has_table_privilege(oid, 'UPDATE')
                        AND has_table_privilege(oid, 'DELETE') FROM t), false) AS ledger_write,
       EXISTS (SELECT FROM h) AS history_exists,
       coalesce((SELECT has_table_privilege(oid, 'SELECT') AND has_table_privilege(oid, 'INSERT') FROM h), false)
         AS history_write,
       coalesce((SELECT has_sequence_privilege(oid, 'USAGE') FROM q), true) AS sequence_usage,
       EXISTS (SELECT FROM o) AS companion_exists,
       coalesce((SELECT has_schema_privilege(relnamespace, 'USAGE') FROM o), false) AS companion_schema_usage,
       coalesce((SELECT has_table_privilege(oid, 'SELECT') FROM o), false) AS companion_select,
       coalesce((SELECT has_table_privilege(oid, 'INSERT') FROM o), false) AS companion_insert,
       coalesce((SELECT has_table_privilege(oid, 'UPDATE') FROM o), false) AS companion_update,
       coalesce((SELECT has_table_privilege(oid, 'DELETE') FROM o), false) AS companion_delete;
