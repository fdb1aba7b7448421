#include "migrate/companion_row.hpp"

#include <doctest/doctest.h>

using namespace pgapply::migrate;

namespace {

// The one migration of a directory holding `files`.
MigrationFile migration(const std::vector<std::string>& files) { return discover(files).migrations.front(); }

std::string version(ForeignTool tool, const MigrationFile& file) {
  const auto found = companion_file(tool, file, "m/" + file.file_name);
  return found.row ? found.row->version : "refused: " + found.refusal;
}

}  // namespace

TEST_CASE("dbmate's version: the digits the file name starts with, as written (^(\\d+).*\\.sql$)") {
  CHECK(version(ForeignTool::dbmate, migration({"004_users.sql"})) == "004");
  CHECK(version(ForeignTool::dbmate, migration({"20240101120000_users.sql"})) == "20240101120000");
  CHECK(companion_version(ForeignTool::dbmate, "004_users.sql") == "004");
  CHECK_FALSE(companion_version(ForeignTool::dbmate, "V4__users.sql"));
  CHECK_FALSE(companion_version(ForeignTool::dbmate, "004_users.txt"));
  // A separate down file would be a second migration of that version to dbmate.
  CHECK(version(ForeignTool::dbmate, migration({"004_users.sql", "004_users.down.sql"})) ==
        "refused: --ledger-format dbmate: m/004_users.sql has its rollback in 004_users.down.sql, which dbmate would "
        "read as another migration of version 004: move it into a -- migrate:down section of the file");
  CHECK(version(ForeignTool::dbmate, migration({"V4__users.sql"})).starts_with(
      "refused: --ledger-format dbmate: m/V4__users.sql is not a file dbmate reads"));
  CHECK(version(ForeignTool::dbmate, migration({"4_users.up.sql"})).starts_with("refused: "));
}

TEST_CASE("golang-migrate's version: the number before '_' of an .up.sql file, within bigint") {
  CHECK(version(ForeignTool::golang_migrate, migration({"0004_users.up.sql"})) == "4");
  CHECK(version(ForeignTool::golang_migrate, migration({"0_users.up.sql"})) == "0");
  CHECK(version(ForeignTool::golang_migrate, migration({"9223372036854775807_x.up.sql"})) == "9223372036854775807");
  CHECK(version(ForeignTool::golang_migrate, migration({"9223372036854775808_x.up.sql"})) ==
        "refused: --ledger-format golang-migrate: m/9223372036854775808_x.up.sql: version 9223372036854775808 does "
        "not fit golang-migrate's schema_migrations.version (bigint, at most 9223372036854775807)");
  CHECK(version(ForeignTool::golang_migrate, migration({"00000000000000000000012_x.up.sql"})) == "12");
  CHECK(version(ForeignTool::golang_migrate, migration({"4_users.sql"})) ==
        "refused: --ledger-format golang-migrate: m/4_users.sql is not a file golang-migrate reads "
        "(<digits>_<name>.up.sql)");
  CHECK(companion_version(ForeignTool::golang_migrate, "007_x.up.sql") == "7");
  CHECK_FALSE(companion_version(ForeignTool::golang_migrate, "7_x.down.sql"));
}

TEST_CASE("the Supabase CLI's version and name, a tool pgapply keeps no ledger for") {
  const auto found = companion_file(ForeignTool::supabase, migration({"20240101120000_users.sql"}), "m/x");
  REQUIRE(found.row);
  CHECK(found.row->version == "20240101120000");
  CHECK(found.row->name == "users");
  CHECK(version(ForeignTool::supabase, migration({"1_users.up.sql"})) ==
        "refused: --ledger-format supabase: m/1_users.up.sql is not a file the Supabase CLI reads (<version>_<name>.sql, "
        "plain SQL)");
  CHECK(version(ForeignTool::flyway, migration({"V1__a.sql"})).starts_with("refused: "));
  CHECK(companion_tool_name(ForeignTool::supabase) == "the Supabase CLI");
  CHECK(companion_tool_name(ForeignTool::golang_migrate) == "golang-migrate");
}
