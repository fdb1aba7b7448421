-- What a database given with --shadow holds before pgapply empties it in
-- place: its comment (pgapply's mark, once it has used the database; NULL
-- without one), and, one row each, what a new database lacks: schemas beside
-- public, extensions beside plpgsql, objects in public, and what belongs to
-- the database in no schema (objects made after initdb have OIDs from 16384,
-- FirstNormalObjectId). `what` names the kind, `names` lists schemas and
-- extensions, `objects` counts the rest.
WITH public_schema AS (
    SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'public'
), found (position, what, names, objects) AS (
    SELECT 1, 'schemas', pg_catalog.string_agg(pg_catalog.quote_ident(nspname), ', ' ORDER BY nspname), count(*)
      FROM pg_catalog.pg_namespace
     WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\_%'
    UNION ALL
    SELECT 2, 'extensions', pg_catalog.string_agg(pg_catalog.quote_ident(extname), ', ' ORDER BY extname), count(*)
      FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql'
    UNION ALL
    SELECT 3, 'tables, views, sequences or composite types in public', NULL, count(*) FROM pg_catalog.pg_class
     WHERE relnamespace IN (SELECT oid FROM public_schema) AND relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
    UNION ALL
    SELECT 4, 'functions or procedures in public', NULL, count(*) FROM pg_catalog.pg_proc
     WHERE pronamespace IN (SELECT oid FROM public_schema)
    UNION ALL
    SELECT 5, 'types, domains or enums in public', NULL, count(*) FROM pg_catalog.pg_type
     WHERE typnamespace IN (SELECT oid FROM public_schema) AND typtype IN ('b', 'd', 'e', 'r', 'm', 'p')
       AND typrelid = 0 AND NOT (typcategory = 'A' AND typelem <> 0)
    UNION ALL
    SELECT 6, 'other objects in public (collations, operators, text search, conversions, statistics)', NULL,
           (SELECT count(*) FROM pg_catalog.pg_collation WHERE collnamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_operator WHERE oprnamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_opfamily WHERE opfnamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_conversion WHERE connamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_ts_config WHERE cfgnamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_ts_dict WHERE dictnamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_ts_parser WHERE prsnamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_ts_template WHERE tmplnamespace IN (SELECT oid FROM public_schema))
         + (SELECT count(*) FROM pg_catalog.pg_statistic_ext WHERE stxnamespace IN (SELECT oid FROM public_schema))
    UNION ALL
    SELECT 7, 'large objects', NULL, count(*) FROM pg_catalog.pg_largeobject_metadata
    UNION ALL
    SELECT 8, 'publications', NULL, count(*) FROM pg_catalog.pg_publication
    UNION ALL
    SELECT 9, 'default privileges', NULL, count(*) FROM pg_catalog.pg_default_acl
    UNION ALL
    SELECT 10, 'foreign data wrappers or servers', NULL,
           (SELECT count(*) FROM pg_catalog.pg_foreign_data_wrapper WHERE oid >= 16384)
         + (SELECT count(*) FROM pg_catalog.pg_foreign_server)
    UNION ALL
    SELECT 11, 'event triggers', NULL, count(*) FROM pg_catalog.pg_event_trigger
    UNION ALL
    SELECT 12, 'casts, languages, access methods or transforms', NULL,
           (SELECT count(*) FROM pg_catalog.pg_cast WHERE oid >= 16384)
         + (SELECT count(*) FROM pg_catalog.pg_language WHERE oid >= 16384 AND lanname <> 'plpgsql')
         + (SELECT count(*) FROM pg_catalog.pg_am WHERE oid >= 16384)
         + (SELECT count(*) FROM pg_catalog.pg_transform)
)
SELECT pg_catalog.shobj_description(
           (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()),
           'pg_database') AS comment,
       pg_catalog.current_database() AS database_name, what, names, objects
  FROM found
 ORDER BY position;
