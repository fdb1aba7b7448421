#include "migrate/new_migration.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply::migrate;

namespace {

// 2026-11-21 09:30:05 UTC.
constexpr std::time_t fixed_now = 1795253405;

NewMigration create(const std::vector<std::string>& files, const std::string& description = "add audit log",
                    bool down = false, bool timestamp = false, std::time_t now = fixed_now) {
  NewMigrationRequest request;
  request.description = description;
  request.down = down;
  request.timestamp = timestamp;
  request.now = now;
  return new_migration(discover(files), request);
}

std::string next(const std::vector<std::string>& files) { return create(files).version_text; }

std::vector<std::string> names(const NewMigration& created) {
  std::vector<std::string> result;
  for (const auto& file : created.files) result.push_back(file.file_name);
  return result;
}

std::string usage_error(const std::string& description) {
  try {
    migration_name(description);
  } catch (const pgapply::Error& error) {
    CHECK(error.kind() == pgapply::ErrorKind::usage);
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("names are lower case with underscores") {
  CHECK(migration_name("add audit log") == "add_audit_log");
  CHECK(migration_name("  Add  Audit-Log!  ") == "add_audit_log");
  CHECK(migration_name("v2 users") == "v2_users");
  CHECK_THROWS_AS(migration_name("  --  "), pgapply::Error);
}

TEST_CASE("Latin letters with accents are transliterated, never dropped") {
  CHECK(migration_name("ünï") == "uni");
  CHECK(migration_name("Grüße für Ünï") == "grusse_fur_uni");
  CHECK(migration_name("Ærø Œuvre Łódź Þing") == "aero_oeuvre_lodz_thing");
  CHECK(migration_name("café crème") == "cafe_creme");
  CHECK(migration_name("Șoseaua Țării") == "soseaua_tarii");
  CHECK(migration_name("3×4 ÷ 2") == "3_4_2");  // × and ÷ are not letters
  CHECK(migration_name("cafe\xCC\x81 de\xCC\x81ja\xCC\x80") == "cafe_deja");  // decomposed accents
  CHECK(migration_name("naïve « quotes » ©") == "naive_quotes");
}

TEST_CASE("letters pgapply cannot write in ASCII are refused with the character named") {
  CHECK(usage_error("добавить users").find("cannot write 'д' (U+0434) of 'добавить users' in a file name") == 0);
  CHECK(usage_error("用户表").find("(U+7528)") != std::string::npos);
  CHECK(usage_error("αβ").find("(U+03B1)") != std::string::npos);
  CHECK(usage_error("bad \xFF byte") == "the migration name is not UTF-8 text (byte 5 of 'bad \xFF byte')");
  CHECK(usage_error("\xC0\x80").find("not UTF-8") != std::string::npos);       // overlong
  CHECK(usage_error("\xED\xA0\x80").find("not UTF-8") != std::string::npos);   // a surrogate
  CHECK(usage_error("x\xE2\x82").find("not UTF-8") != std::string::npos);      // cut short
}

TEST_CASE("the next version keeps the width of the existing files") {
  CHECK(next({}) == "001");
  CHECK(next({"001_a.sql", "002_b.sql", "003_c.sql"}) == "004");
  CHECK(next({"0009_a.sql", "0010_b.sql"}) == "0011");
  CHECK(next({"1_a.sql", "2_b.sql"}) == "3");
  CHECK(next({"098_a.sql", "099_b.sql"}) == "100");
  CHECK(next({"001_a.sql", "002_b.sql", "003_c.down.sql"}) == "004");
  CHECK(next({"001_a.sql", "notes.sql"}) == "002");
  CHECK(next({"9_a.sql", "10_b.sql"}) == "11");
}

TEST_CASE("a new pgapply migration has a header block, the down file only when asked, and named only then") {
  const auto created = create({"001_a.sql", "002_b.sql", "003_c.sql"}, "add audit log", true);
  CHECK(created.format == FileFormat::pgapply);
  CHECK(names(created) == std::vector<std::string>{"004_add_audit_log.sql", "004_add_audit_log.down.sql"});
  CHECK(created.files[0].content.find("-- Migration: 004_add_audit_log\n-- Purpose:   add audit log\n-- Date:      "
                                      "2026-11-21\n-- Breaking:  none\n-- Rollback:  004_add_audit_log.down.sql") == 0);
  CHECK(created.files[1].content.find("004_add_audit_log.sql") != std::string::npos);

  const auto alone = create({"001_a.sql"});
  CHECK(names(alone) == std::vector<std::string>{"002_add_audit_log.sql"});
  CHECK(alone.files[0].content.find("-- Rollback:  none\n") != std::string::npos);
  CHECK(alone.files[0].content.find(".down.sql") == std::string::npos);
}

TEST_CASE("a line break in the name stays in the header's comment: it never becomes a statement") {
  const auto created = create({"001_a.sql"}, "fix\nDROP TABLE users;\r\tagain");
  CHECK(names(created) == std::vector<std::string>{"002_fix_drop_table_users_again.sql"});
  CHECK(created.files[0].content.find("-- Purpose:   fix DROP TABLE users;  again\n") != std::string::npos);
  CHECK(created.files[0].content.find("\nDROP") == std::string::npos);
}

TEST_CASE("--timestamp names the file YYYYMMDDHHMMSS in UTC, automatic where the newest file is a timestamp") {
  CHECK(timestamp_version(fixed_now) == "20261121093005");
  CHECK(names(create({"001_a.sql"}, "x", false, true)) == std::vector<std::string>{"20261121093005_x.sql"});
  CHECK(names(create({"20240101120000_a.sql", "20250101120000_b.sql"}, "x")) ==
        std::vector<std::string>{"20261121093005_x.sql"});
  CHECK(names(create({}, "x", false, true)) == std::vector<std::string>{"20261121093005_x.sql"});
  // A clock behind the newest file: one past it, so the order holds.
  CHECK(names(create({"20301231235959_a.sql"}, "x")) == std::vector<std::string>{"20301231235960_x.sql"});
  // 14 digits that are not a date are not a timestamp.
  CHECK(next({"12345678901234_a.sql"}) == "12345678901235");
  CHECK(is_timestamp_version("20240229235960"));
  CHECK_FALSE(is_timestamp_version("20241301000000"));
  CHECK_FALSE(is_timestamp_version("2024010112000"));
}

TEST_CASE("in a golang-migrate directory: .up.sql and .down.sql") {
  const auto created = create({"000001_a.up.sql", "000001_a.down.sql"}, "add email");
  CHECK(created.format == FileFormat::golang_migrate);
  CHECK(names(created) == std::vector<std::string>{"000002_add_email.up.sql", "000002_add_email.down.sql"});
  CHECK(created.files[0].content.find("-- Rollback:  000002_add_email.down.sql") != std::string::npos);
  CHECK(names(create({"20240101120000_a.up.sql"}, "b")) ==
        std::vector<std::string>{"20261121093005_b.up.sql", "20261121093005_b.down.sql"});
}

TEST_CASE("in a Flyway directory: V<next>__name.sql, U with --down") {
  CHECK(names(create({"V1__init.sql", "V2__users.sql", "R__views.sql"}, "add email")) ==
        std::vector<std::string>{"V3__add_email.sql"});
  CHECK(names(create({"V1__init.sql", "V1_1__x.sql", "V1_9__y.sql"}, "z", true)) ==
        std::vector<std::string>{"V1_10__z.sql", "U1_10__z.sql"});
  CHECK(names(create({"V1.2__y.sql"}, "z")) == std::vector<std::string>{"V1.3__z.sql"});
  CHECK(names(create({"R__views.sql"}, "first")) == std::vector<std::string>{"V001__first.sql"});
  const auto created = create({"V001__a.sql"}, "b", true);
  CHECK(created.files[0].content.find("-- Migration: V002__b\n") == 0);
  CHECK(created.files[0].content.find("-- Rollback:  U002__b.sql (pgapply down)") != std::string::npos);
}

TEST_CASE("--ledger-format dbmate or golang-migrate: the format that tool reads, in an empty directory too") {
  NewMigrationRequest request;
  request.description = "b";
  request.now = fixed_now;
  request.required_format = FileFormat::dbmate;
  auto created = new_migration(discover({}), request);
  CHECK(created.format == FileFormat::dbmate);
  CHECK(parse_sections(created.files[0].content, "b.sql").format == SectionFormat::dbmate);
  request.required_format = FileFormat::golang_migrate;
  created = new_migration(discover({}), request);
  CHECK(names(created) == std::vector<std::string>{"001_b.up.sql", "001_b.down.sql"});
}

TEST_CASE("in a dbmate or goose directory: the markers, the rollback in the file") {
  auto dbmate = discover({"20240101120000_a.sql"});
  set_sections(dbmate, "20240101120000", parse_sections("-- migrate:up\n-- migrate:down\n", "a.sql"));
  NewMigrationRequest request;
  request.description = "b";
  request.down = true;  // the rollback is the down section: no file
  request.now = fixed_now;
  const auto created = new_migration(dbmate, request);
  CHECK(created.format == FileFormat::dbmate);
  REQUIRE(names(created) == std::vector<std::string>{"20261121093005_b.sql"});
  const std::string& text = created.files[0].content;
  CHECK(text.find("-- Rollback:  the -- migrate:down section below") != std::string::npos);
  CHECK(text.find("\"transaction:false\" after -- migrate:up forces that") != std::string::npos);
  const std::string_view tail = "\n-- migrate:up\n\n-- migrate:down\n";
  CHECK(text.substr(text.size() - tail.size()) == tail);
  // What `new` writes is a dbmate file pgapply reads back as one.
  CHECK(parse_sections(text, "b.sql").format == SectionFormat::dbmate);

  auto goose = discover({"00001_a.sql"});
  set_sections(goose, "1", parse_sections("-- +goose Up\nselect 1;\n", "a.sql"));
  request.down = false;
  const auto goose_file = new_migration(goose, request);
  CHECK(names(goose_file) == std::vector<std::string>{"00002_b.sql"});
  CHECK(goose_file.files[0].content.find("-- +goose Up\n\n-- +goose Down\n") != std::string::npos);
  CHECK(goose_file.files[0].content.find("goose's NO TRANSACTION annotation forces that") != std::string::npos);
  CHECK(parse_sections(goose_file.files[0].content, "b.sql").format == SectionFormat::goose);
}
