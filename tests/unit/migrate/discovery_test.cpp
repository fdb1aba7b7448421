#include "migrate/discovery.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply::migrate;

TEST_CASE("migration files are NNN_name.sql in numeric order") {
  const auto found = discover({"10_y.sql", "9_x.sql", "001_init.sql", "README.md", "2_a.down.sql"});
  REQUIRE(found.migrations.size() == 3);
  CHECK(found.migrations[0].file_name == "001_init.sql");
  CHECK(found.migrations[0].version == "1");
  CHECK(found.migrations[0].name == "init");
  CHECK(found.migrations[1].file_name == "9_x.sql");
  CHECK(found.migrations[2].file_name == "10_y.sql");
  REQUIRE(found.down_files.size() == 1);
  CHECK(found.down_files.at("2").name == "a");
  CHECK(found.ignored.empty());
  CHECK(found.find("9") == &found.migrations[1]);
  CHECK(found.find("8") == nullptr);
}

TEST_CASE("sql files that do not match the pattern are reported, not applied") {
  const auto found = discover({"add_users.sql", "1-x.sql", "_x.sql", "1_.sql", "x1_a.sql", "1_ok.sql"});
  CHECK(found.migrations.size() == 1);
  REQUIRE(found.ignored.size() == 5);
  CHECK(found.ignored[0].first == "add_users.sql");
  CHECK(found.ignored[0].second.find("NNN_name.sql") != std::string::npos);
}

TEST_CASE("two files with the same version are an error naming both") {
  try {
    discover({"004_a.sql", "4_b.sql"});
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(error.kind() == pgapply::ErrorKind::input);
    const std::string message = error.what();
    CHECK(message.find("004_a.sql") != std::string::npos);
    CHECK(message.find("4_b.sql") != std::string::npos);
  }
  CHECK_THROWS_AS(discover({"1_a.down.sql", "01_b.down.sql"}), pgapply::Error);
  // A migration and its down file share a version legitimately.
  CHECK_NOTHROW(discover({"1_a.sql", "1_a.down.sql"}));
}

TEST_CASE("file name parsing") {
  CHECK(parse_migration_file_name("0003_add_x.sql", false)->version == "3");
  CHECK_FALSE(parse_migration_file_name("0003_add_x.down.sql", false));
  CHECK(parse_migration_file_name("0003_add_x.down.sql", true)->name == "add_x");
  CHECK_FALSE(parse_migration_file_name("0003_add_x.sql", true));
  CHECK(parse_migration_file_name("5_with_more_underscores.sql", false)->name == "with_more_underscores");
}
