#include "ddl/truncate_statement.hpp"

#include <doctest/doctest.h>

using pgapply::ddl::truncate_targets;

TEST_CASE("a TRUNCATE of tables alone names them") {
  auto tables = truncate_targets("TRUNCATE app.sessions");
  REQUIRE(tables);
  REQUIRE(tables->size() == 1);
  CHECK((*tables)[0].schema == "app");
  CHECK((*tables)[0].name == "sessions");
  tables = truncate_targets("truncate table \"Cache\" *, jobs restart identity restrict;");
  REQUIRE(tables);
  REQUIRE(tables->size() == 2);
  CHECK((*tables)[0].name == "Cache");
  CHECK((*tables)[0].schema.empty());
  CHECK((*tables)[1].name == "jobs");
  CHECK(truncate_targets("TRUNCATE jobs CONTINUE IDENTITY"));
}

TEST_CASE("a TRUNCATE that empties more than it names, or keeps rows of them, is not one of them") {
  CHECK_FALSE(truncate_targets("truncate jobs cascade"));          // the tables whose keys reference it too
  CHECK_FALSE(truncate_targets("truncate only jobs"));             // its children keep their rows
  CHECK_FALSE(truncate_targets("truncate jobs, only archive"));
  CHECK_FALSE(truncate_targets("truncate jobs restart identity cascade"));
  CHECK_FALSE(truncate_targets("truncate"));
  CHECK_FALSE(truncate_targets("delete from jobs"));
}
