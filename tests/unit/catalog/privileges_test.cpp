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
