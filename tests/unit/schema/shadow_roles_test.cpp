#include <doctest/doctest.h>

#include "schema/shadow_roles.hpp"
#include "schema_fixtures.hpp"

using namespace pgapply::schema;
using schema_fixtures::migration;

using Roles = std::vector<std::string>;

TEST_CASE("roles before a replay: the target's, less those the migrations create, plus those they drop") {
  const std::vector<MigrationFacts> migrations = {
      migration("001_roles.sql",
                "create role app_reader nologin;\n"
                "grant app_reader to app;\n"
                "alter role legacy rename to legacy_old;\n"
                "drop role gone;\n"
                "drop role if exists maybe;\n"),
      migration("002_guarded.sql",
                "do $$ begin\n"
                "  if not exists (select from pg_roles where rolname = 'auditor') then\n"
                "    create role auditor;\n"
                "  end if;\n"
                "end $$;\n"
                "drop role app_reader;\ncreate role app_reader;\n"),
  };
  // The target after them: app_reader and auditor made by them, legacy_old
  // renamed by them, app and postgres made by hand.
  const Roles target = {"app", "app_reader", "auditor", "legacy_old", "postgres"};
  CHECK(roles_before(migrations, target) == Roles{"app", "gone", "legacy", "postgres"});
  CHECK(roles_created(migrations) == Roles{"app_reader", "auditor", "legacy_old"});
  CHECK(roles_before({}, target) == target);
}
