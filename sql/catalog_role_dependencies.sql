-- What the roles $1 own or have privileges on outside the current database
-- (pg_shdepend, as DROP ROLE's DETAIL words it), and the databases they own,
-- this one too: a DROP ROLE fails on them, and a shadow, a copy of this
-- database's schema alone, does not have them. database_name: the database
-- that owned or held (a DROP DATABASE of it takes them away).
SELECT r.rolname AS role_name,
       CASE s.deptype WHEN 'o' THEN 'owner of ' ELSE 'privileges for ' END ||
       CASE s.classid
         WHEN 'pg_catalog.pg_database'::pg_catalog.regclass THEN 'database ' || quote_ident(db.datname)
         WHEN 'pg_catalog.pg_tablespace'::pg_catalog.regclass THEN 'tablespace ' || quote_ident(ts.spcname)
         ELSE 'a shared object'
       END AS dependency,
       db.datname AS database_name,
       true AS shared,
       s.deptype = 'o' AS owner
FROM pg_catalog.pg_shdepend s
JOIN pg_catalog.pg_roles r ON s.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass AND r.oid = s.refobjid
LEFT JOIN pg_catalog.pg_database db ON s.classid = 'pg_catalog.pg_database'::pg_catalog.regclass AND db.oid = s.objid
LEFT JOIN pg_catalog.pg_tablespace ts ON s.classid = 'pg_catalog.pg_tablespace'::pg_catalog.regclass
                                     AND ts.oid = s.objid
WHERE s.dbid = 0 AND s.deptype <> 'p' AND r.rolname = ANY ($1::text[])
UNION ALL
SELECT r.rolname,
       count(*) || CASE WHEN count(*) = 1 THEN ' object' ELSE ' objects' END || ' in database ' ||
       quote_ident(db.datname),
       db.datname,
       false,
       false
FROM pg_catalog.pg_shdepend s
JOIN pg_catalog.pg_roles r ON s.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass AND r.oid = s.refobjid
JOIN pg_catalog.pg_database db ON db.oid = s.dbid
WHERE s.dbid <> 0 AND s.deptype <> 'p' AND db.datname <> current_database() AND r.rolname = ANY ($1::text[])
GROUP BY r.rolname, db.datname
ORDER BY 1, 2;
