-- PostgreSQL 15's privileges on settings (GRANT SET | ALTER SYSTEM ON
-- PARAMETER), as the statements that give them: with the roles' own
-- attributes (sql/shadow_target_facts.sql), what a role that is no superuser
-- may set in a throwaway shadow as on the target.
SELECT format('GRANT %s ON PARAMETER %s TO %s%s', a.privilege_type, p.parname,
              CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
              CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS statement
FROM pg_catalog.pg_parameter_acl p CROSS JOIN LATERAL aclexplode(p.paracl) a
ORDER BY 1;
