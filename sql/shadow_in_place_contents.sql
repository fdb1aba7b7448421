-- What a database given with --shadow holds before pgapply empties it in
-- place: its comment (pgapply's mark, once it has used the database; NULL
-- without one), and what an empty
-- database lacks: schemas beside public, extensions beside plpgsql, and the
-- tables, views, sequences, composite types, routines and types in public.
WITH public_schema AS (
    SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'public'
)
SELECT pg_catalog.shobj_description((SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()),
                                    'pg_database') AS comment,
       pg_catalog.current_database() AS database_name,
       (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(nspname), ', ' ORDER BY nspname)
          FROM pg_catalog.pg_namespace
         WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\_%') AS schemas,
       (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(extname), ', ' ORDER BY extname)
          FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql') AS extensions,
       (SELECT count(*) FROM pg_catalog.pg_class
         WHERE relnamespace IN (SELECT oid FROM public_schema)
           AND relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')) AS relations,
       (SELECT count(*) FROM pg_catalog.pg_proc
         WHERE pronamespace IN (SELECT oid FROM public_schema)) AS routines,
       (SELECT count(*) FROM pg_catalog.pg_type
         WHERE typnamespace IN (SELECT oid FROM public_schema) AND typtype IN ('d', 'e', 'r', 'm')) AS types;
