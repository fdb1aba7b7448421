// What statements do to objects the whole cluster shares (roles...).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ddl/declarations.hpp"

using namespace pgapply::ddl;

namespace {

// "create role:r@1" per change, in order.
std::vector<std::string> changes(std::string_view sql) {
  std::vector<std::string> out;
  for (const auto& change : facts_of(sql).cluster_changes) {
    out.push_back(std::string(to_string(change.action)) + " " + std::string(to_string(change.kind)) + ":" +
                  change.name + "@" + std::to_string(change.location.line) + (change.if_exists ? "?" : "") +
                  (change.location.conditional ? " (conditional)" : ""));
  }
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("CREATE, ALTER and DROP ROLE, USER and GROUP change roles, USER MAPPING does not") {
  CHECK(changes("CREATE ROLE app_reader NOLOGIN") == Lines{"create role:app_reader@1"});
  CHECK(changes("create user \"Bob\" with password 'role'") == Lines{"create role:Bob@1"});
  CHECK(changes("CREATE GROUP readers") == Lines{"create role:readers@1"});
  CHECK(changes("CREATE ROLE a IN ROLE b, c\n  ADMIN d") ==
        Lines{"create role:a@1", "alter role:b@1", "alter role:c@1", "alter role:d@2"});
  CHECK(facts_of("CREATE ROLE a").cluster_changes[0].command == "CREATE ROLE");
  CHECK(facts_of("ALTER GROUP g ADD USER a").cluster_changes[1].command == "ALTER GROUP");
  CHECK(facts_of("REVOKE a FROM b").cluster_changes[1].command == "REVOKE");
  CHECK_FALSE(facts_of("CREATE ROLE a").recognised);  // the schema model has no roles

  CHECK(changes("ALTER ROLE app SET search_path = app") == Lines{"alter role:app@1"});
  CHECK(changes("alter user current_user set work_mem = '1MB'") == Lines{"alter role:@1"});
  CHECK(changes("ALTER ROLE ALL SET work_mem = '1MB'") == Lines{"alter role:@1"});
  CHECK(changes("ALTER ROLE old RENAME TO new") == Lines{"drop role:old@1", "create role:new@1"});
  CHECK(changes("ALTER GROUP g ADD USER a, b") == Lines{"alter role:g@1", "alter role:a@1", "alter role:b@1"});

  CHECK(changes("DROP ROLE IF EXISTS a, b") == Lines{"drop role:a@1?", "drop role:b@1?"});
  CHECK(changes("drop user x") == Lines{"drop role:x@1"});

  CHECK(changes("CREATE USER MAPPING FOR app SERVER s").empty());
  CHECK(changes("ALTER USER MAPPING FOR app SERVER s OPTIONS (SET user 'x')").empty());
  CHECK(changes("DROP USER MAPPING FOR app SERVER s").empty());
  CHECK(changes("CREATE TABLE role (a int)").empty());
}

TEST_CASE("GRANT and REVOKE of memberships change roles, privileges on objects do not") {
  CHECK(changes("GRANT app_reader TO app, bob WITH ADMIN OPTION") ==
        Lines{"alter role:app_reader@1", "alter role:app@1", "alter role:bob@1"});
  CHECK(changes("REVOKE ADMIN OPTION FOR app_reader FROM app") == Lines{"alter role:app_reader@1", "alter role:app@1"});
  CHECK(changes("GRANT SELECT ON t TO app_reader").empty());
  CHECK_FALSE(facts_of("GRANT SELECT ON t TO app_reader").recognised);
  CHECK(changes("REVOKE ALL ON SCHEMA s FROM PUBLIC").empty());
}

TEST_CASE("a role created in a DO block's IF NOT EXISTS guard is a conditional create at its line") {
  const std::string sql =
      "DO $$\n"
      "BEGIN\n"
      "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_reader') THEN\n"
      "    CREATE ROLE app_reader NOLOGIN;\n"
      "  END IF;\n"
      "  GRANT app_reader TO app;\n"
      "END $$";
  CHECK(changes(sql) ==
        Lines{"create role:app_reader@4 (conditional)", "alter role:app_reader@6", "alter role:app@6"});
  const auto facts = facts_of(sql);
  REQUIRE(facts.cluster_changes.size() == 3);
  CHECK(facts.cluster_changes[0].location.from_do_block);
  CHECK_FALSE(facts.cluster_changes[0].location.data_dependent);  // it reads the catalog only
  CHECK(facts.cluster_changes[0].command == "CREATE ROLE");
}

TEST_CASE("CREATE, ALTER and DROP DATABASE change databases") {
  CHECK(changes("CREATE DATABASE app_copy TEMPLATE app") == Lines{"create database:app_copy@1"});
  CHECK(changes("ALTER DATABASE d20 SET work_mem = '64MB'") == Lines{"alter database:d20@1"});
  CHECK(changes("alter database \"Old\" rename to new") == Lines{"drop database:Old@1", "create database:new@1"});
  CHECK(changes("DROP DATABASE IF EXISTS scratch WITH (FORCE)") == Lines{"drop database:scratch@1?"});
  CHECK(facts_of("ALTER DATABASE d20 SET work_mem = '64MB'").cluster_changes[0].command == "ALTER DATABASE");
  CHECK_FALSE(facts_of("ALTER DATABASE d20 SET work_mem = '64MB'").recognised);
}

TEST_CASE("tablespaces, ALTER SYSTEM, privileges and comments on the server's objects, OWNED BY") {
  CHECK(changes("CREATE TABLESPACE fast LOCATION '/ssd'") == Lines{"create tablespace:fast@1"});
  CHECK(changes("ALTER TABLESPACE fast OWNER TO app") == Lines{"alter tablespace:fast@1"});
  CHECK(changes("DROP TABLESPACE IF EXISTS fast") == Lines{"drop tablespace:fast@1?"});
  CHECK(changes("ALTER SYSTEM SET work_mem = '64MB'") == Lines{"alter setting:work_mem@1"});
  CHECK(changes("ALTER SYSTEM RESET ALL") == Lines{"alter setting:@1"});
  CHECK(changes("GRANT CONNECT, TEMP ON DATABASE app, app2 TO reader") ==
        Lines{"alter database:app@1", "alter database:app2@1"});
  CHECK(changes("REVOKE CREATE ON TABLESPACE fast FROM PUBLIC") == Lines{"alter tablespace:fast@1"});
  CHECK(changes("GRANT SET ON PARAMETER work_mem TO app") == Lines{"alter setting:work_mem@1"});
  CHECK(changes("COMMENT ON ROLE app IS 'the application'") == Lines{"alter role:app@1"});
  CHECK(changes("COMMENT ON DATABASE app IS 'x'") == Lines{"alter database:app@1"});
  CHECK(changes("COMMENT ON TABLE t IS 'x'").empty());
  CHECK(changes("DROP OWNED BY old_app, other CASCADE") == Lines{"alter role:old_app@1", "alter role:other@1"});
  CHECK(changes("REASSIGN OWNED BY old_app TO app") == Lines{"alter role:old_app@1", "alter role:app@1"});
  CHECK_FALSE(facts_of("ALTER SYSTEM SET work_mem = '64MB'").recognised);
  CHECK(facts_of("ALTER SYSTEM SET work_mem = '64MB'").cluster_changes[0].command == "ALTER SYSTEM");
}

TEST_CASE("GRANT and REVOKE ON DATABASE name their grantees, ALTER DATABASE ... OWNER TO says it moves the ownership") {
  const auto revoke = facts_of("REVOKE CONNECT, TEMP ON DATABASE app, other FROM alice, \"Bob\", PUBLIC CASCADE");
  REQUIRE(revoke.cluster_changes.size() == 2);
  CHECK(revoke.cluster_changes[0].name == "app");
  CHECK(revoke.cluster_changes[1].name == "other");
  CHECK(revoke.cluster_changes[1].grantees == std::vector<std::string>{"alice", "Bob", ""});
  const auto grant = facts_of("GRANT CONNECT ON DATABASE app TO carol WITH GRANT OPTION");
  REQUIRE(grant.cluster_changes.size() == 1);
  CHECK(grant.cluster_changes[0].grantees == std::vector<std::string>{"carol"});
  CHECK(facts_of("ALTER DATABASE app OWNER TO carol").cluster_changes.at(0).owner_change);
  CHECK_FALSE(facts_of("ALTER DATABASE app SET work_mem = '8MB'").cluster_changes.at(0).owner_change);
  // a rename: a's drop, then b's create, which says what it was
  const auto renamed = facts_of("ALTER DATABASE app RENAME TO app2").cluster_changes;
  REQUIRE(renamed.size() == 2);
  CHECK(renamed[1].name == "app2");
  CHECK(renamed[1].renamed_from == "app");
}
