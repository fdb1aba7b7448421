-- Run on the shadow after the target's schema is restored there: its user
-- mappings go, so that nothing run on the copy (a migration's UPDATE of a
-- postgres_fdw foreign table) reaches the servers the target reaches, the
-- target itself among them. What needs one fails there with "user mapping
-- not found", which preflight reports as what the shadow cannot tell.
DO $pgapply$
DECLARE
  mapping record;
BEGIN
  FOR mapping IN SELECT srvname, umuser, usename FROM pg_catalog.pg_user_mappings LOOP
    EXECUTE pg_catalog.format('DROP USER MAPPING FOR %s SERVER %I',
                              CASE WHEN mapping.umuser = 0 THEN 'PUBLIC'
                                   ELSE pg_catalog.quote_ident(mapping.usename) END,
                              mapping.srvname);
  END LOOP;
END
$pgapply$;
