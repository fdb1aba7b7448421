-- Where a change of a table's rows may run a function of the user's (not
-- an extension's) that the statement does not name, which may change other
-- tables' rows (schema/preflight_row_checks.cpp, runs_no_user_code):
--   one row ('anywhere'): an operator, a cast or an operator class of the
--   user's, a function of the user's named as one of PostgreSQL's own (an
--   overload a call may resolve to), or a domain whose CHECK or DEFAULT
--   calls one (a value cast to it), may run in any statement;
--   a row ('table', schema, name) for each table whose row changes run one:
--   a column DEFAULT or generated expression, a CHECK, an index's
--   expression or WHERE, a policy (row security on), or a column of a
--   domain whose CHECK or DEFAULT calls one (or of a type of the user's
--   that is not an enum, whose functions are not read).
WITH user_functions AS (
  SELECT p.oid, p.proname
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                    AND d.objid = p.oid AND d.deptype = 'e')
),
-- What calls one, as pg_depend records it; and what calls one of
-- PostgreSQL's own that run a query given as text, which may call one
-- (query_to_xml('select fix()', ...), ts_stat, ts_rewrite), which pg_depend
-- does not record (nothing depends on a pinned object): by its text.
calling AS (
  SELECT d.classid, d.objid
  FROM pg_depend d
  WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid IN (SELECT oid FROM user_functions)
  UNION
  SELECT 'pg_attrdef'::regclass, ad.oid FROM pg_attrdef ad
  WHERE pg_get_expr(ad.adbin, ad.adrelid) ~ '_to_xml|ts_stat|ts_rewrite'
  UNION
  SELECT 'pg_constraint'::regclass, co.oid FROM pg_constraint co
  WHERE co.contype = 'c' AND pg_get_constraintdef(co.oid) ~ '_to_xml|ts_stat|ts_rewrite'
  UNION
  SELECT 'pg_class'::regclass, i.indexrelid FROM pg_index i
  WHERE (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)
    AND pg_get_indexdef(i.indexrelid) ~ '_to_xml|ts_stat|ts_rewrite'
  UNION
  SELECT 'pg_policy'::regclass, po.oid FROM pg_policy po
  WHERE coalesce(pg_get_expr(po.polqual, po.polrelid), '') || coalesce(pg_get_expr(po.polwithcheck, po.polrelid), '')
        ~ '_to_xml|ts_stat|ts_rewrite'
  UNION
  SELECT 'pg_type'::regclass, t.oid FROM pg_type t
  WHERE t.typtype = 'd' AND t.typdefault ~ '_to_xml|ts_stat|ts_rewrite'
),
users_types AS (
  SELECT t.oid, t.typtype, t.typbasetype
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                    AND d.objid = t.oid AND d.deptype = 'e')
),
-- Types whose values run a function of the user's: a domain whose CHECK
-- or DEFAULT calls one, or over such a type; a composite, base, range or
-- multirange type of the user's (not a table's row type).
running_types AS (
  WITH RECURSIVE running(oid) AS (
    SELECT t.oid FROM users_types t
    WHERE (t.typtype = 'd' AND (EXISTS (SELECT 1 FROM calling k WHERE k.classid = 'pg_type'::regclass
                                                                    AND k.objid = t.oid)
                                OR EXISTS (SELECT 1 FROM pg_constraint co JOIN calling k
                                             ON k.classid = 'pg_constraint'::regclass AND k.objid = co.oid
                                           WHERE co.contypid = t.oid)))
       OR t.typtype IN ('b', 'r', 'm')
       OR (t.typtype = 'c' AND NOT EXISTS (SELECT 1 FROM pg_class r JOIN pg_type rt ON rt.typrelid = r.oid
                                           WHERE rt.oid = t.oid AND r.relkind <> 'c'))
    UNION
    SELECT t.oid FROM users_types t JOIN running r ON r.oid = t.typbasetype
  )
  SELECT oid FROM running
)
SELECT 'anywhere' AS reach, NULL::name AS schema_name, NULL::name AS table_name
WHERE EXISTS (SELECT 1 FROM pg_operator o JOIN user_functions f ON f.oid = o.oprcode)
   OR EXISTS (SELECT 1 FROM pg_cast c JOIN user_functions f ON f.oid = c.castfunc)
   OR EXISTS (SELECT 1 FROM pg_opclass oc JOIN pg_namespace n ON n.oid = oc.opcnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_opclass'::regclass
                                AND d.objid = oc.oid AND d.deptype = 'e'))
   OR EXISTS (SELECT 1 FROM user_functions f JOIN pg_proc b ON b.proname = f.proname
              WHERE b.pronamespace = 'pg_catalog'::regnamespace)
   -- (a cast of a value to such a domain in any statement runs its CHECK)
   OR EXISTS (SELECT 1 FROM running_types r JOIN pg_type t ON t.oid = r.oid WHERE t.typtype = 'd')
UNION ALL
SELECT 'table', n.nspname, c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND (EXISTS (SELECT 1 FROM pg_attrdef ad JOIN calling k ON k.classid = 'pg_attrdef'::regclass AND k.objid = ad.oid
               WHERE ad.adrelid = c.oid)
       OR EXISTS (SELECT 1 FROM pg_constraint co JOIN calling k
                    ON k.classid = 'pg_constraint'::regclass AND k.objid = co.oid
                  WHERE co.conrelid = c.oid)
       OR EXISTS (SELECT 1 FROM pg_index i JOIN calling k ON k.classid = 'pg_class'::regclass AND k.objid = i.indexrelid
                  WHERE i.indrelid = c.oid)
       OR (c.relrowsecurity AND EXISTS (SELECT 1 FROM pg_policy po JOIN calling k
                                          ON k.classid = 'pg_policy'::regclass AND k.objid = po.oid
                                        WHERE po.polrelid = c.oid))
       OR EXISTS (SELECT 1 FROM pg_attribute a
                  JOIN pg_type t ON t.oid = a.atttypid
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    AND (t.oid IN (SELECT oid FROM running_types) OR t.typelem IN (SELECT oid FROM running_types))))
ORDER BY 1, 2, 3;
