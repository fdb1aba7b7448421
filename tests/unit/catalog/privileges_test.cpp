#include "catalog/privileges.hpp"

#include <doctest/doctest.h>

using namespace pgapply::catalog;

TEST_CASE("privileges: grantees sorted, duplicates dropped, grant options starred") {
  CHECK(format_privileges({}) == "");
  CHECK(format_privileges({{"reader", "SELECT", false},
                           {"(owner)", "UPDATE", false},
                           {"(owner)", "SELECT", false},
                           {"PUBLIC", "USAGE", false},
                           {"reader", "SELECT", false},
                           {"app", "INSERT", true}}) ==
        "(owner): SELECT, UPDATE; PUBLIC: USAGE; app: INSERT*; reader: SELECT");
}

TEST_CASE("privileges: the grantees whose privileges differ") {
  CHECK(grantees_differing("(owner): SELECT; reader: SELECT", "(owner): SELECT; reader: SELECT").empty());
  CHECK(grantees_differing("(owner): SELECT; PUBLIC: DELETE, TRUNCATE", "(owner): SELECT; reader: SELECT") ==
        std::vector<std::string>{"PUBLIC", "reader"});
  CHECK(grantees_differing("app: INSERT*", "app: INSERT") == std::vector<std::string>{"app"});
  CHECK(grantees_differing("", "anon: SELECT") == std::vector<std::string>{"anon"});
}
