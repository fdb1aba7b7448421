#include "migrate/discovery.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply::migrate;

namespace {

// The Error(input) message discover() throws, or "".
std::string discover_error(const std::vector<std::string>& files) {
  try {
    discover(files);
  } catch (const pgapply::Error& error) {
    CHECK(error.kind() == pgapply::ErrorKind::input);
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("migration files are NNN_name.sql in numeric order") {
  const auto found = discover({"10_y.sql", "9_x.sql", "001_init.sql", "README.md", "2_a.down.sql"});
  REQUIRE(found.migrations.size() == 3);
  CHECK(found.migrations[0].file_name == "001_init.sql");
  CHECK(found.migrations[0].version == "1");
  CHECK(found.migrations[0].version_text == "001");
  CHECK(found.migrations[0].name == "init");
  CHECK(found.migrations[0].format == FileFormat::pgapply);
  CHECK(found.migrations[0].rollback == RollbackSource::none);
  CHECK(found.migrations[1].file_name == "9_x.sql");
  CHECK(found.migrations[2].file_name == "10_y.sql");
  REQUIRE(found.down_files.size() == 1);
  CHECK(found.down_files.at("2").name == "a");
  CHECK(found.ignored.empty());
  CHECK(found.sql_files == 4);
  CHECK(found.find("9") == &found.migrations[1]);
  CHECK(found.find("8") == nullptr);
}

TEST_CASE("versions of any width: 14-digit timestamps and 20-digit pop versions") {
  const auto found = discover({"20240101120000000002_b.up.sql", "20240101120000000001_a.up.sql",
                               "20230101120000_first.sql", "99_early.sql"});
  REQUIRE(found.migrations.size() == 4);
  CHECK(found.migrations[0].version == "99");
  CHECK(found.migrations[1].version == "20230101120000");
  CHECK(found.migrations[2].version == "20240101120000000001");
  CHECK(found.migrations[3].version == "20240101120000000002");
}

TEST_CASE("a pgapply migration and its down file") {
  const auto found = discover({"1_a.sql", "1_a.down.sql", "2_b.sql"});
  REQUIRE(found.migrations.size() == 2);
  CHECK(found.migrations[0].rollback == RollbackSource::file);
  CHECK(found.migrations[0].rollback_file == "1_a.down.sql");
  CHECK(found.down_files.at("1").format == FileFormat::pgapply);
  CHECK(found.migrations[1].rollback == RollbackSource::none);
}

TEST_CASE("rollback files may be kept in down/, where the Supabase CLI and dbmate do not read them") {
  const auto found = discover({"1_a.sql", "2_b.sql", "down/1_a.down.sql", "down/3_c.sql", "down/U2__b.sql"});
  REQUIRE(found.migrations.size() == 2);
  CHECK(found.migrations[0].rollback == RollbackSource::file);
  CHECK(found.migrations[0].rollback_file == "down/1_a.down.sql");  // a path from the directory
  CHECK(found.down_files.at("1").file_name == "down/1_a.down.sql");
  CHECK(found.down_files.at("1").name == "a");
  CHECK(found.migrations[1].rollback_file == "down/U2__b.sql");
  // A migration there is not read: said so, not applied.
  REQUIRE(found.ignored.size() == 1);
  CHECK(found.ignored[0].first == "down/3_c.sql");
  CHECK(found.ignored[0].second.starts_with("not a rollback file: down/ holds only rollback files"));
  CHECK(discover_error({"1_a.sql", "1_a.down.sql", "down/1_a.down.sql"}) ==
        "two rollback files have version 1: 1_a.down.sql and down/1_a.down.sql (rename one of them: until then no "
        "pgapply command applies, or reads, the directory's migrations)");
}

TEST_CASE("golang-migrate pairs: the up file is the migration, the down file its rollback") {
  const auto found = discover({"000001_create_users.down.sql", "000001_create_users.up.sql",
                               "000002_add_email.up.sql", "000002_add_email.down.sql", "3_.up.sql"});
  REQUIRE(found.migrations.size() == 3);
  const auto& first = found.migrations[0];
  CHECK(first.version == "1");
  CHECK(first.name == "create_users");
  CHECK(first.format == FileFormat::golang_migrate);
  CHECK(first.rollback == RollbackSource::file);
  CHECK(first.rollback_file == "000001_create_users.down.sql");
  CHECK(found.down_files.at("1").format == FileFormat::golang_migrate);
  CHECK(found.migrations[1].rollback_file == "000002_add_email.down.sql");
  CHECK(found.migrations[2].name.empty());  // golang-migrate allows an empty title
  CHECK(found.ignored.empty());
}

TEST_CASE("Flyway: V, U and R files, dotted versions, repeatables in description order") {
  const auto found = discover({"V1__init.sql", "V1_1__add_email.sql", "V1.2__add_phone.sql", "V1.10__late.sql",
                               "V2__next.sql", "U2__next.sql", "R__views.sql", "R__a_view.sql", "R__a-view.sql",
                               "V3__.sql"});
  REQUIRE(found.migrations.size() == 6);
  std::vector<std::string> versions;
  for (const auto& migration : found.migrations) versions.push_back(migration.version);
  CHECK(versions == std::vector<std::string>{"1", "1.1", "1.2", "1.10", "2", "3"});
  CHECK(found.migrations[1].version_text == "1_1");
  CHECK(found.migrations[1].name == "add_email");
  CHECK(found.migrations[1].format == FileFormat::flyway);
  CHECK(found.migrations[4].rollback == RollbackSource::file);
  CHECK(found.migrations[4].rollback_file == "U2__next.sql");
  CHECK(found.down_files.at("2").format == FileFormat::flyway);
  CHECK(found.migrations[5].name.empty());
  // Flyway sorts repeatables by description, '_' read as ' ': "a view" < "a-view" < "views".
  REQUIRE(found.repeatables.size() == 3);
  CHECK(found.repeatables[0].file_name == "R__a_view.sql");
  CHECK(found.repeatables[1].file_name == "R__a-view.sql");
  CHECK(found.repeatables[2].file_name == "R__views.sql");
  CHECK(found.repeatables[0].version.empty());
  CHECK(found.repeatables[0].format == FileFormat::flyway);
  CHECK(flyway_description("a_view") == "a view");
  CHECK(found.ignored.empty());
}

TEST_CASE("Flyway: 1.0 is version 1, so V1__ and V1.0__ are one version twice") {
  const auto message = discover_error({"V1__a.sql", "V1.0__b.sql"});
  CHECK(message.find("two migrations have version 1: V1__a.sql and V1.0__b.sql") == 0);
  CHECK(discover_error({"R__x_y.sql", "R__x y.sql"}).find("two repeatable migrations have the description x y") == 0);
}

TEST_CASE("every format in one directory, each file's format reported") {
  const auto found = discover({"1_a.sql", "2_b.up.sql", "2_b.down.sql", "V3__c.sql", "U3__c.sql", "R__d.sql",
                               "4_e.sql", "4_e.down.sql"});
  REQUIRE(found.migrations.size() == 4);
  CHECK(found.migrations[0].format == FileFormat::pgapply);
  CHECK(found.migrations[1].format == FileFormat::golang_migrate);
  CHECK(found.migrations[2].format == FileFormat::flyway);
  CHECK(found.migrations[3].format == FileFormat::pgapply);
  CHECK(found.migrations[3].rollback_file == "4_e.down.sql");
  CHECK(found.repeatables.size() == 1);
  CHECK(to_string(FileFormat::golang_migrate) == "golang-migrate");
}

TEST_CASE("two files with the same version are an error naming both, across formats too") {
  const auto message = discover_error({"004_a.sql", "4_b.sql"});
  CHECK(message.find("004_a.sql") != std::string::npos);
  CHECK(message.find("4_b.sql") != std::string::npos);
  CHECK(message.find("until then no pgapply command applies") != std::string::npos);
  CHECK(discover_error({"1_a.up.sql", "V1__b.sql"}) ==
        "two migrations have version 1: 1_a.up.sql and V1__b.sql (rename one of them: until then no pgapply "
        "command applies, or reads, the directory's migrations)");
  CHECK(discover_error({"1_a.sql", "1_b.up.sql"}).find("1_a.sql and 1_b.up.sql") != std::string::npos);
  CHECK(discover_error({"1_a.down.sql", "01_b.down.sql"}).find("two rollback files have version 1") == 0);
  CHECK(discover_error({"1_a.down.sql", "U1__a.sql"}).find("two rollback files have version 1") == 0);
  // A migration and its rollback share a version legitimately.
  CHECK(discover_error({"1_a.sql", "1_a.down.sql"}).empty());
  CHECK(discover_error({"V1__a.sql", "U1__a.sql"}).empty());
}

TEST_CASE("sql files that match no format are reported, not applied") {
  const auto found = discover({"add_users.sql", "1-x.sql", "_x.sql", "1_.sql", "x1_a.sql", "1_ok.sql",
                               "V1_init.sql", "Va__x.sql", "R1__x.sql", "Report.sql", "V1.x__y.sql", "notes.txt"});
  CHECK(found.migrations.size() == 1);
  CHECK(found.sql_files == 11);
  REQUIRE(found.ignored.size() == 10);
  CHECK(found.ignored[0].first == "add_users.sql");
  CHECK(found.ignored[0].second.find("NNN_name.sql") != std::string::npos);
  CHECK(found.ignored[0].second.find("V<version>__name.sql") != std::string::npos);
  const auto reason = [&](const std::string& file) {
    for (const auto& [name, why] : found.ignored) {
      if (name == file) return why;
    }
    return std::string("not ignored");
  };
  CHECK(reason("V1_init.sql").find("needs '__' (two underscores)") != std::string::npos);
  CHECK(reason("R1__x.sql").find("repeatable migration has no version") != std::string::npos);
  CHECK(reason("V1.x__y.sql").find("'1.x' is not a Flyway version") != std::string::npos);
  CHECK(reason("Report.sql").find("expected NNN_name.sql") != std::string::npos);
  CHECK(reason("Va__x.sql").find("expected NNN_name.sql") != std::string::npos);
}

TEST_CASE("an editor's lock file (.#NNN_name.sql) is skipped in silence, a .SQL file is reported for its case") {
  const auto found = discover({".#001_a.sql", "001_a.sql", "003_c.SQL", "004_d.Sql", ".002_hidden.sql",
                               "down/.#001_a.down.sql", "notes.txt", "README.MD"});
  CHECK(found.migrations.size() == 1);
  CHECK(found.sql_files == 4);  // 001_a.sql, 003_c.SQL, 004_d.Sql, .002_hidden.sql
  REQUIRE(found.ignored.size() == 3);
  CHECK(found.ignored[0].first == "003_c.SQL");
  CHECK(found.ignored[0].second ==
        "not a migration: its extension is '.SQL', and only '.sql' (in lower case) is read: rename it 003_c.sql");
  CHECK(found.ignored[1].first == "004_d.Sql");
  CHECK(found.ignored[1].second.find("rename it 004_d.sql") != std::string::npos);
  CHECK(found.ignored[2].first == ".002_hidden.sql");
  CHECK(found.ignored[2].second.find("expected NNN_name.sql") != std::string::npos);
}

TEST_CASE("a directory whose .sql files are none of them migrations is an error, never up to date") {
  const auto strays = discover({"schema.sql", "seed.sql", "1_a.down.sql", "README.md"});
  try {
    require_migrations(strays, "db/migrations");
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(error.kind() == pgapply::ErrorKind::input);
    const std::string message = error.what();
    CHECK(message.find("db/migrations: none of its 3 .sql files is a migration (expected NNN_name.sql") == 0);
    CHECK(message.find("schema.sql, seed.sql, 1_a.down.sql (a rollback). Is --dir right?") != std::string::npos);
  }
  CHECK_NOTHROW(require_migrations(discover({"seed.sql", "1_a.sql"}), "m"));
  CHECK_NOTHROW(require_migrations(discover({"R__views.sql"}), "m"));
}

TEST_CASE("a directory without a .sql file is an error too, naming it and what the caller found elsewhere") {
  try {
    require_migrations(discover({"README.md"}), ".", "Did you mean --dir m? (it holds 2 migrations)");
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(error.kind() == pgapply::ErrorKind::input);
    const std::string message = error.what();
    CHECK(message.find("no migrations in .: it holds no .sql file (expected NNN_name.sql") == 0);
    CHECK(message.find(". Is --dir right? Did you mean --dir m? (it holds 2 migrations)") != std::string::npos);
  }
  try {
    require_migrations(discover({}), "db");
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(std::string(error.what()).ends_with("Is --dir right?"));
  }
  try {
    require_migrations(discover({"schema.sql"}), "db", "Did you mean --dir db/m? (it holds 1 migration)");
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(std::string(error.what()).ends_with("schema.sql. Is --dir right? Did you mean --dir db/m? (it holds 1 migration)"));
  }
}

TEST_CASE("sections make a NNN_name.sql file a dbmate or goose file, its down section the rollback") {
  auto found = discover({"1_a.sql", "2_b.sql", "3_c.up.sql"});
  CHECK(may_have_sections(found.migrations[0]));
  CHECK_FALSE(may_have_sections(found.migrations[2]));  // golang-migrate files run whole

  const std::string dbmate = "-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n";
  set_sections(found, "1", parse_sections(dbmate, "1_a.sql"));
  const auto& first = found.migrations[0];
  CHECK(first.format == FileFormat::dbmate);
  CHECK(first.rollback == RollbackSource::down_section);
  CHECK(first.rollback_file == "1_a.sql");
  REQUIRE(first.sections);
  CHECK(first.sections->down->span.line == 3);

  set_sections(found, "2", parse_sections("-- +goose Up\nselect 1;\n", "2_b.sql"));
  CHECK(found.migrations[1].format == FileFormat::goose);
  CHECK(found.migrations[1].rollback == RollbackSource::none);

  auto plain = discover({"1_a.sql"});
  set_sections(plain, "1", parse_sections("select 1;\n", "1_a.sql"));
  CHECK(plain.migrations[0].format == FileFormat::pgapply);
  CHECK_FALSE(plain.migrations[0].sections);

  // A goose file without a Down section may have a down file.
  auto goose_with_file = discover({"1_a.sql", "1_a.down.sql"});
  set_sections(goose_with_file, "1", parse_sections("-- +goose Up\nselect 1;\n", "1_a.sql"));
  CHECK(goose_with_file.migrations[0].rollback == RollbackSource::file);

  auto both = discover({"1_a.sql", "1_a.down.sql"});
  try {
    set_sections(both, "1", parse_sections(dbmate, "1_a.sql"));
    FAIL("no error");
  } catch (const pgapply::Error& error) {
    CHECK(std::string(error.what()) ==
          "1_a.sql has a down section (line 3) and a rollback file, 1_a.down.sql: keep one of them (nothing was "
          "applied)");
  }
}

TEST_CASE("a .sql file whose name is not UTF-8 is refused, its bytes shown") {
  CHECK(discover_error({"001_a.sql", "002_\xFF.sql"}) ==
        "002_\\xFF.sql: the file's name is not UTF-8 (byte 5), and the ledger records names as text: rename the file");
  // UTF-8 names are names like any other; other files are not looked at.
  CHECK(discover({"001_caf\xC3\xA9.sql", "notes_\xFF.txt"}).migrations.size() == 1);
}

TEST_CASE("a .sql file whose name holds a control character (a newline) is refused, the character shown") {
  CHECK(discover_error({"001_a\nb.sql"}) == "001_a\\x0Ab.sql: the file's name holds a control character (byte 6): "
                                              "rename the file");
}

TEST_CASE("Flyway's SQL callbacks are said to be callbacks, which pgapply does not run") {
  const auto found = discover({"V1__init.sql", "afterMigrate.sql", "beforeEachMigrate__grants.sql", "afterthought.sql"});
  REQUIRE(found.ignored.size() == 3);
  for (const auto& [name, reason] : found.ignored) {
    CAPTURE(name);
    CHECK(reason.starts_with(name == "afterthought.sql" ? "not a migration: expected" : "not a migration: a Flyway "
                                                                                         "callback"));
  }
}
