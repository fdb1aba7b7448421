// DROP DATABASE, TRUNCATE CASCADE, domains, enums, VACUUM FULL / CLUSTER.
#include <doctest/doctest.h>

#include "lint_test_support.hpp"

using namespace pgapply::lint;
using test::fires;

TEST_CASE("ban-drop-database and ban-truncate-cascade") {
  CHECK(fires("DROP DATABASE analytics;", "ban-drop-database"));
  CHECK(fires("DROP DATABASE IF EXISTS analytics WITH (FORCE);", "ban-drop-database"));
  CHECK_FALSE(fires("DROP TABLE database;", "ban-drop-database"));
  CHECK(fires("TRUNCATE accounts CASCADE;", "ban-truncate-cascade"));
  CHECK(fires("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE;", "ban-truncate-cascade"));
  CHECK(fires("DO $$ BEGIN TRUNCATE a CASCADE; END $$;", "ban-truncate-cascade"));
  CHECK_FALSE(fires("TRUNCATE accounts;", "ban-truncate-cascade"));
  CHECK_FALSE(fires("TRUNCATE a, b RESTRICT;", "ban-truncate-cascade"));
}

TEST_CASE("domains with constraints") {
  CHECK(fires("CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);", "ban-create-domain-with-constraint"));
  CHECK(fires("CREATE DOMAIN email AS text CONSTRAINT e CHECK (VALUE LIKE '%@%');",
              "ban-create-domain-with-constraint"));
  CHECK(fires("CREATE DOMAIN id AS bigint NOT NULL;", "ban-create-domain-with-constraint"));
  CHECK_FALSE(fires("CREATE DOMAIN id AS bigint;", "ban-create-domain-with-constraint"));
  CHECK_FALSE(fires("CREATE DOMAIN id AS bigint DEFAULT 0;", "ban-create-domain-with-constraint"));
  CHECK(fires("ALTER DOMAIN positive_int ADD CONSTRAINT nonzero CHECK (VALUE <> 0);",
              "ban-alter-domain-with-add-constraint"));
  CHECK(fires("ALTER DOMAIN app.positive_int ADD CHECK (VALUE <> 0) NOT VALID;",
              "ban-alter-domain-with-add-constraint"));
  CHECK_FALSE(fires("ALTER DOMAIN positive_int DROP CONSTRAINT nonzero;", "ban-alter-domain-with-add-constraint"));
  CHECK_FALSE(fires("ALTER DOMAIN positive_int RENAME TO pos;", "ban-alter-domain-with-add-constraint"));
}

TEST_CASE("require-enum-value-ordering") {
  const char* rule = "require-enum-value-ordering";
  CHECK(fires("ALTER TYPE status ADD VALUE 'pending_review';", rule));
  CHECK(fires("ALTER TYPE status ADD VALUE IF NOT EXISTS 'pending_review';", rule));
  CHECK(fires("DO $$ BEGIN ALTER TYPE status ADD VALUE 'x'; END $$;", rule));
  CHECK_FALSE(fires("ALTER TYPE status ADD VALUE 'pending_review' BEFORE 'approved';", rule));
  CHECK_FALSE(fires("ALTER TYPE status ADD VALUE IF NOT EXISTS 'pending_review' AFTER 'submitted';", rule));
  CHECK_FALSE(fires("ALTER TYPE status RENAME VALUE 'a' TO 'b';", rule));
}

TEST_CASE("prefer-repack: VACUUM FULL and CLUSTER, from PostgreSQL 19") {
  CHECK(fires("VACUUM FULL events;", "prefer-repack", 190000));
  CHECK(fires("VACUUM (FULL, ANALYZE) events;", "prefer-repack", 190000));
  CHECK(fires("CLUSTER events USING events_pkey;", "prefer-repack", 190000));
  CHECK_FALSE(fires("VACUUM (FULL false) events;", "prefer-repack", 190000));
  CHECK_FALSE(fires("VACUUM events;", "prefer-repack", 190000));
  CHECK_FALSE(fires("VACUUM FULL events;", "prefer-repack", 180000));
}

TEST_CASE("rewriting-table: VACUUM FULL and CLUSTER before PostgreSQL 19 (prefer-repack's from 19)") {
  CHECK(fires("VACUUM FULL events;", "rewriting-table", 180000));
  CHECK(fires("CLUSTER events USING events_pkey;", "rewriting-table", 140000));
  CHECK(fires("CLUSTER events_pkey ON events;", "rewriting-table", 140000));
  CHECK_FALSE(fires("VACUUM events;", "rewriting-table", 180000));
  CHECK_FALSE(fires("VACUUM (FULL false) events;", "rewriting-table", 180000));
  CHECK_FALSE(fires("VACUUM FULL events;", "rewriting-table", 190000));
  CHECK_FALSE(fires("CLUSTER events USING events_pkey;", "rewriting-table", 190000));
  // every table, or those clustered before
  CHECK(fires("VACUUM FULL;", "rewriting-table", 180000));
  CHECK(fires("CLUSTER;", "rewriting-table", 180000));
  // a table the run made is new and empty (a hunt's find)
  CHECK_FALSE(fires("CREATE TABLE nt (id int primary key);\nCLUSTER nt USING nt_pkey;", "rewriting-table", 180000));
  CHECK_FALSE(fires("CREATE TABLE nt (id int);\nVACUUM FULL nt;", "rewriting-table", 180000));
  CHECK(fires("CREATE TABLE nt (id int);\nVACUUM FULL nt, events;", "rewriting-table", 180000));
  CHECK(fires("ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE archive;", "rewriting-table"));
  CHECK(fires("ALTER INDEX events_pkey SET TABLESPACE archive;", "rewriting-table"));
  CHECK(fires("ALTER INDEX ALL IN TABLESPACE pg_default SET TABLESPACE archive;", "rewriting-table"));
  CHECK(fires("ALTER MATERIALIZED VIEW IF EXISTS totals SET TABLESPACE archive;", "rewriting-table"));
  CHECK_FALSE(fires("ALTER INDEX events_pkey RENAME TO events_key;", "rewriting-table"));
  CHECK_FALSE(fires("ALTER INDEX events_pkey SET (fillfactor = 70);", "rewriting-table"));
  CHECK_FALSE(fires("ALTER MATERIALIZED VIEW totals SET SCHEMA archive;", "rewriting-table"));
}
