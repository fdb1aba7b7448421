#include "migrate/companion_row.hpp"

#include <doctest/doctest.h>

using namespace pgapply::migrate;

namespace {

// The one migration of a directory holding `files`.
MigrationFile migration(const std::vector<std::string>& files) { return discover(files).migrations.front(); }

// The same, in dbmate's format (-- migrate:up / -- migrate:down sections).
MigrationFile dbmate_migration(const std::vector<std::string>& files) {
  MigrationFile file = migration(files);
  file.format = FileFormat::dbmate;
  return file;
}

std::string version(ForeignTool tool, const MigrationFile& file) {
  const auto found = companion_file(tool, file, "m/" + file.file_name);
  return found.row ? found.row->version : "refused: " + found.refusal;
}

}  // namespace

TEST_CASE("dbmate's version: the digits the file name starts with, as written (^(\\d+).*\\.sql$)") {
  CHECK(version(ForeignTool::dbmate, dbmate_migration({"004_users.sql"})) == "004");
  CHECK(version(ForeignTool::dbmate, dbmate_migration({"20240101120000_users.sql"})) == "20240101120000");
  // plain SQL: dbmate stops at it ("dbmate requires each migration to define an up block")
  CHECK(version(ForeignTool::dbmate, migration({"004_users.sql"})) ==
        "refused: --ledger-format dbmate: m/004_users.sql has no '-- migrate:up' section, which dbmate requires of "
        "every migration (it stops at such a file): put '-- migrate:up' above its statements, and "
        "'-- migrate:down' above its rollback (for a file already applied, pgapply up then names the repair that "
        "records its new checksum)");
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
        "refused: --ledger-format supabase: m/1_users.up.sql is a golang-migrate file, which the Supabase CLI would "
        "run as plain SQL, whole (its rollback file as another migration): write <version>_<name>.sql files of plain "
        "SQL, their rollbacks in down/");
  CHECK(version(ForeignTool::supabase, dbmate_migration({"20240101120000_users.sql"})).ends_with(
        "is a dbmate file, which the Supabase CLI would run as plain SQL, whole (its down section too): write "
        "<version>_<name>.sql files of plain SQL, their rollbacks in down/"));
  CHECK(version(ForeignTool::flyway, migration({"V1__a.sql"})).starts_with("refused: "));
  CHECK(companion_tool_name(ForeignTool::supabase) == "the Supabase CLI");
  CHECK(companion_tool_name(ForeignTool::golang_migrate) == "golang-migrate");
}

TEST_CASE("a rollback file the Supabase CLI or dbmate would read as a second migration of its version is refused") {
  // The CLI reads every ^([0-9]+)_(.*)\.sql$ file as a migration: 004_users.down.sql is version 004 again.
  CHECK(version(ForeignTool::supabase, migration({"004_users.sql", "004_users.down.sql"})) ==
        "refused: --ledger-format supabase: m/004_users.sql has its rollback in 004_users.down.sql, which the "
        "Supabase CLI would read as another migration of version 004: move it into down/ of the migrations "
        "directory, where pgapply reads rollback files and the Supabase CLI does not look");
  // There, no tool reads it: accepted.
  CHECK(version(ForeignTool::supabase, migration({"004_users.sql", "down/004_users.down.sql"})) == "004");
  CHECK(version(ForeignTool::dbmate, dbmate_migration({"004_users.sql", "down/004_users.down.sql"})) == "004");
  CHECK(rollback_read_as_migration(ForeignTool::supabase, "004_users.down.sql") == "004");
  CHECK(rollback_read_as_migration(ForeignTool::dbmate, "004_users.down.sql") == "004");
  // golang-migrate reads it as the rollback it is; a Flyway undo file is nobody's migration.
  CHECK_FALSE(rollback_read_as_migration(ForeignTool::golang_migrate, "4_users.down.sql"));
  CHECK_FALSE(rollback_read_as_migration(ForeignTool::supabase, "U4__users.sql"));
  // One whose migration is not in the directory is still a migration to the tool.
  CHECK(orphan_rollback_refusal(ForeignTool::supabase, "005_x.down.sql", "m/005_x.down.sql") ==
        "--ledger-format supabase: m/005_x.down.sql is a rollback file, which the Supabase CLI would read as a "
        "migration of version 005: move it into down/ of the migrations directory, which the Supabase CLI does not "
        "read");
  CHECK(orphan_rollback_refusal(ForeignTool::supabase, "down/005_x.down.sql", "m/down/005_x.down.sql").empty());
  CHECK(orphan_rollback_refusal(ForeignTool::dbmate, "005_x.down.sql", "m/005_x.down.sql").starts_with(
      "--ledger-format dbmate: m/005_x.down.sql is a rollback file, which dbmate would read as a migration of "
      "version 005"));
  CHECK(orphan_rollback_refusal(ForeignTool::golang_migrate, "5_x.down.sql", "m/5_x.down.sql").empty());
}

TEST_CASE("--ledger-format supabase: the files the Supabase CLI runs and pgapply does not, or the other way, refused") {
  using pgapply::migrate::discover;
  using pgapply::migrate::dbmate_reading_refusal;
  // dbmate reads ^(\d+).*\.sql$ (a hunt's find: these were warnings, and dbmate and pgapply disagreed)
  CHECK(dbmate_reading_refusal(discover({"20240101000000_a.sql", "V1__b.sql", "notes.sql"}), "m") == "");
  for (const std::string name : {"20240102000000-b.sql", "20240103000000.sql"}) {
    CAPTURE(name);
    const std::string refusal = dbmate_reading_refusal(discover({"20240101000000_a.sql", name}), "m");
    CHECK(refusal.starts_with("--ledger-format dbmate: m/" + name + " is a migration to dbmate (version 2024010"));
    CHECK(refusal.ends_with("_name.sql), so that both run it"));
  }
  using pgapply::migrate::supabase_reading_refusal;
  CHECK(supabase_reading_refusal(discover({"20240101000000_a.sql", "20240102000000_b.sql"}), "m") == "");
  // An empty name: the CLI applies it, pgapply passes it by.
  CHECK(supabase_reading_refusal(discover({"20240101000000_.sql", "20240102000000_b.sql"}), "m") ==
        "--ledger-format supabase: m/20240101000000_.sql is a migration to the Supabase CLI (version 20240101000000), "
        "which db push applies, but pgapply does not read as one: give it a name (20240101000000_name.sql), so that "
        "both run it");
  // A first <timestamp>_init.sql before 20211209000000: the CLI passes it by, pgapply runs it.
  CHECK(supabase_reading_refusal(discover({"20211208000000_init.sql", "20240102000000_b.sql"}), "m") ==
        "--ledger-format supabase: m/20211208000000_init.sql is passed by as a migration by the Supabase CLI (a first "
        "<timestamp>_init.sql from before 20211209000000 is the schema its early versions made): db push would not "
        "apply it, while up does. Rename it (20211208000000_<another name>.sql), as the CLI asks, so that both run it");
  // From that day on, or not the first, or not 14 digits: both run it.
  CHECK(supabase_reading_refusal(discover({"20211209000000_init.sql"}), "m") == "");
  CHECK(supabase_reading_refusal(discover({"20200101000000_a.sql", "20211208000000_init.sql"}), "m") == "");
  CHECK(supabase_reading_refusal(discover({"001_init.sql"}), "m") == "");
}
