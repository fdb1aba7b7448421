#include "migrate/foreign_ledger.hpp"

#include <doctest/doctest.h>

#include "migrate/version.hpp"

using namespace pgapply::migrate;

namespace {

AdoptionFile file(const std::string& version, const std::string& file_name, const std::string& name = "x",
                  std::optional<std::int32_t> checksum = std::nullopt) {
  AdoptionFile f;
  f.version = version;
  f.file_name = file_name;
  f.name = name;
  f.repeatable = is_repeatable_key(version);
  if (checksum) f.flyway_checksums = std::vector<FlywayChecksum>{{"UTF-8", *checksum}};
  return f;
}

ForeignRow row(const std::string& version, std::int64_t position = 0) {
  ForeignRow r;
  r.version = version;
  r.position = position;
  return r;
}

// A row of Flyway's history table, of `kind` (SQL, BASELINE, UNDO_SQL...); a
// repeatable has an empty version and its description.
ForeignRow flyway_row(const std::string& kind, const std::string& version, std::int64_t position,
                      std::int64_t checksum = 0, const std::string& description = "") {
  ForeignRow r = row(version, position);
  r.kind = kind;
  r.checksum = checksum;
  r.description = description;
  return r;
}

const AdoptionEntry& entry_for(const Adoption& adoption, const std::string& version) {
  for (const auto& entry : adoption.entries) {
    if (entry.version == version) return entry;
  }
  FAIL("no entry for ", version);
  return adoption.entries.front();
}

}  // namespace

TEST_CASE("tools: names, defaults") {
  CHECK(parse_foreign_tool("golang-migrate") == ForeignTool::golang_migrate);
  CHECK_FALSE(parse_foreign_tool("liquibase"));
  CHECK(default_foreign_table(ForeignTool::supabase) == "supabase_migrations.schema_migrations");
  CHECK(default_foreign_table(ForeignTool::sqitch) == "sqitch.changes");
}

TEST_CASE("bookkeeping rows: Flyway's SCHEMA and TABLE rows, goose's version 0, nothing of the other tools") {
  ForeignRow schema = row("");
  schema.kind = "SCHEMA";
  CHECK(is_bookkeeping_row(ForeignTool::flyway, schema));
  schema.kind = "TABLE";
  CHECK(is_bookkeeping_row(ForeignTool::flyway, schema));
  schema.kind = "SQL";
  CHECK_FALSE(is_bookkeeping_row(ForeignTool::flyway, schema));
  CHECK(is_bookkeeping_row(ForeignTool::goose, row("0")));
  CHECK_FALSE(is_bookkeeping_row(ForeignTool::goose, row("1")));
  CHECK_FALSE(is_bookkeeping_row(ForeignTool::dbmate, row("0")));
  CHECK_FALSE(is_bookkeeping_row(ForeignTool::golang_migrate, row("0")));
}

TEST_CASE("Flyway: the last row of a version decides, failed refuses, checksums compared, repeatables by description") {
  std::vector<ForeignRow> rows;
  ForeignRow schema = row("", 0);
  schema.version = "";
  schema.kind = "SCHEMA";
  schema.description = "<< Flyway Schema Creation >>";
  // (a SCHEMA row has a NULL version: read like a repeatable's; it must not count)
  ForeignRow v1 = flyway_row("SQL", "1", 1, 10);
  v1.applied_at = "2024-01-01T00:00:00Z";
  v1.applied_by = "alice";
  const ForeignRow v3 = flyway_row("SQL", "3", 2, 30);  // out of order: 3 before 2
  const ForeignRow v2 = flyway_row("SQL", "2", 3, 99);  // the file's is 20
  const ForeignRow r1 = flyway_row("SQL", "", 4, 1, "views");
  const ForeignRow r2 = flyway_row("SQL", "", 5, 2, "views");  // the file's, now
  ForeignRow v4 = flyway_row("SQL", "4", 6);
  v4.failed = true;
  ForeignRow table = row("", -1);
  table.kind = "TABLE";
  table.description = "<< Flyway Schema History table created >>";
  rows = {schema, table, v1, v3, v2, r1, r2, v4};
  const std::vector<AdoptionFile> files = {file("1", "V1__a.sql", "a", 10), file("2", "V2__b.sql", "b", 20),
                                           file("3", "V3__c.sql", "c", 30), file("4", "V4__d.sql", "d", 40),
                                           file("5", "V5__e.sql", "e", 50), file("r:views", "R__views.sql", "views", 2)};
  const Adoption adoption = match_foreign_ledger(ForeignTool::flyway, rows, files, {});
  CHECK(entry_for(adoption, "1").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "1").applied_by == "alice");
  CHECK(entry_for(adoption, "2").state == AdoptionState::checksum_differs);
  CHECK(entry_for(adoption, "3").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "4").state == AdoptionState::failed);
  CHECK(entry_for(adoption, "5").state == AdoptionState::pending);
  CHECK(entry_for(adoption, "r:views").state == AdoptionState::matched);  // the latest row's checksum agrees
  CHECK(adoption.refused());
  CHECK_FALSE(adoption.consistent());
  CHECK(adoption.entries.size() == 6);
}

TEST_CASE("Flyway: BASELINE covers what is below it, UNDO and DELETE rows undo, a changed repeatable reruns") {
  ForeignRow base = row("2", 1);
  base.kind = "BASELINE";
  base.description = "<< Flyway Baseline >>";
  ForeignRow v3 = row("3", 2);
  v3.kind = "SQL";
  ForeignRow undo = row("3", 3);
  undo.kind = "UNDO_SQL";
  ForeignRow rep = row("", 4);
  rep.kind = "SQL";
  rep.description = "views";
  rep.checksum = 7;
  const Adoption adoption =
      match_foreign_ledger(ForeignTool::flyway, {base, v3, undo, rep},
                           {file("1", "V1__a.sql"), file("3", "V3__c.sql"), file("r:views", "R__views.sql", "views", 8)},
                           {});
  CHECK(entry_for(adoption, "1").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "3").state == AdoptionState::rolled_back);  // undone: up runs it
  CHECK(entry_for(adoption, "3").detail == "Flyway undid it (its newest row is an undo): up runs it");
  CHECK(entry_for(adoption, "r:views").state == AdoptionState::changed);
  CHECK(adoption.consistent());
  CHECK(adoption.entries.size() == 3);  // the baseline version 2 has no file, and needs none
}

TEST_CASE("Flyway: what it applied counts the same whether or not the files' checksums were read") {
  // The notice of up and status (applied_by_tool) reads no file for checksums:
  // a checksum that differs, or a repeatable changed since, is applied all the same.
  const std::vector<ForeignRow> rows = {flyway_row("SQL", "1", 1, 10),
                                        flyway_row("SQL", "2", 2, 99),            // the file's is 20
                                        flyway_row("SQL", "", 3, 7, "views")};  // the file's is 8
  const Adoption read = match_foreign_ledger(
      ForeignTool::flyway, rows,
      {file("1", "V1__a.sql", "a", 10), file("2", "V2__b.sql", "b", 20), file("3", "V3__c.sql", "c", 30),
       file("r:views", "R__views.sql", "views", 8)},
      {});
  const Adoption unread = match_foreign_ledger(
      ForeignTool::flyway, rows,
      {file("1", "V1__a.sql", "a"), file("2", "V2__b.sql", "b"), file("3", "V3__c.sql", "c"),
       file("r:views", "R__views.sql", "views")},
      {});
  CHECK(entry_for(read, "2").state == AdoptionState::checksum_differs);
  CHECK(entry_for(read, "r:views").state == AdoptionState::changed);
  CHECK(entry_for(unread, "2").state == AdoptionState::matched);
  CHECK(read.applied_by_tool() == 3);  // 1, 2 and the repeatable; 3 is pending
  CHECK(unread.applied_by_tool() == read.applied_by_tool());
}

TEST_CASE("dbmate and Supabase: by version, a gap is no_row, a row without a file is no_file, recorded is skipped") {
  const std::vector<AdoptionFile> files = {file("20240101000000", "20240101000000_a.sql"),
                                           file("20240102000000", "20240102000000_b.sql"),
                                           file("20240103000000", "20240103000000_c.sql"),
                                           file("20240105000000", "20240105000000_e.sql")};
  const Adoption adoption = match_foreign_ledger(
      ForeignTool::dbmate, {row("20240101000000"), row("20240103000000"), row("20240104000000")}, files,
      {"20240101000000"});
  CHECK(entry_for(adoption, "20240101000000").state == AdoptionState::already_recorded);
  CHECK(entry_for(adoption, "20240102000000").state == AdoptionState::no_row);
  CHECK(entry_for(adoption, "20240103000000").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "20240104000000").state == AdoptionState::no_file);
  CHECK(entry_for(adoption, "20240105000000").state == AdoptionState::pending);
  CHECK_FALSE(adoption.consistent());
  CHECK_FALSE(adoption.refused());
}

TEST_CASE("Supabase: the statements the CLI stored are compared with the file's, as the CLI splits it") {
  std::vector<AdoptionFile> files = {file("20240101000000", "20240101000000_a.sql"),
                                     file("20240102000000", "20240102000000_b.sql"),
                                     file("20240103000000", "20240103000000_c.sql")};
  files[0].supabase_statements = {"create table a (id int)"};
  files[1].supabase_statements = {"create table b (id int)", "insert into b values (2)"};
  files[2].supabase_statements = {"create table c (id int)"};
  ForeignRow a = row("20240101000000");
  a.statements = std::vector<std::string>{"create table a (id int)"};
  ForeignRow b = row("20240102000000");  // the file edited since it was pushed
  b.statements = std::vector<std::string>{"create table b (id int)", "insert into b values (1)"};
  const ForeignRow c = row("20240103000000");  // an old CLI stored no statements
  const Adoption adoption = match_foreign_ledger(ForeignTool::supabase, {a, b, c}, files, {});
  CHECK(entry_for(adoption, "20240101000000").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "20240101000000").detail == "applied by supabase; its 1 statement agrees with the file's");
  CHECK(entry_for(adoption, "20240102000000").state == AdoptionState::checksum_differs);
  CHECK(entry_for(adoption, "20240102000000").detail ==
        "statement 2 differs: the Supabase CLI stored 'insert into b values (1)', the file has 'insert into b values "
        "(2)': the file is not what the Supabase CLI applied");
  CHECK(entry_for(adoption, "20240103000000").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "20240103000000").detail ==
        "applied by supabase; the Supabase CLI stored no statements to compare");
  CHECK_FALSE(adoption.consistent());
  CHECK_FALSE(adoption.refused());  // --force records it
}

TEST_CASE("golang-migrate: its one row covers every file up to it, dirty refuses") {
  const std::vector<AdoptionFile> files = {file("1", "1_a.up.sql"), file("2", "2_b.up.sql"), file("3", "3_c.up.sql")};
  Adoption adoption = match_foreign_ledger(ForeignTool::golang_migrate, {row("2")}, files, {});
  CHECK(entry_for(adoption, "1").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "2").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "3").state == AdoptionState::pending);
  CHECK(adoption.consistent());
  ForeignRow dirty = row("2");
  dirty.failed = true;
  adoption = match_foreign_ledger(ForeignTool::golang_migrate, {dirty}, files, {});
  CHECK(entry_for(adoption, "2").state == AdoptionState::failed);
  CHECK(entry_for(adoption, "1").state == AdoptionState::matched);
  CHECK(adoption.refused());
  // its NilVersion, dirty: the first migration's run failed part way; nothing applied
  ForeignRow nil = row("-1");
  nil.failed = true;
  adoption = match_foreign_ledger(ForeignTool::golang_migrate, {nil}, files, {});
  CHECK(adoption.applied_by_tool() == 0);
  CHECK(adoption.count(AdoptionState::failed) == 1);
  CHECK(adoption.refused());
  CHECK(entry_for(adoption, "1").state == AdoptionState::pending);
}

TEST_CASE("goose: version 0 is goose's own, the newest row of a version decides") {
  ForeignRow zero = row("0", 1);
  ForeignRow one = row("1", 2);
  ForeignRow two = row("2", 3);
  ForeignRow two_down = row("2", 4);
  two_down.applied = false;
  ForeignRow three = row("3", 5);
  const Adoption adoption =
      match_foreign_ledger(ForeignTool::goose, {three, two_down, zero, two, one},
                           {file("1", "001_a.sql"), file("2", "002_b.sql"), file("3", "003_c.sql")}, {});
  CHECK(entry_for(adoption, "1").state == AdoptionState::matched);
  // goose rolled it back, below a version it applied: not "no row", and up runs it out of order
  CHECK(entry_for(adoption, "2").state == AdoptionState::rolled_back);
  CHECK(entry_for(adoption, "2").row == "version_id 2 (id 4)");
  CHECK(entry_for(adoption, "2").detail ==
        "goose rolled it back (its newest row has is_applied = false): up runs it with --allow-out-of-order (it is "
        "below version 3, which goose applied)");
  CHECK(entry_for(adoption, "3").state == AdoptionState::matched);
  CHECK(adoption.entries.size() == 3);
  CHECK(adoption.consistent());
}

TEST_CASE("goose: a version rolled back at the top is up's to run, applied again, it is matched") {
  ForeignRow one = row("1", 1);
  ForeignRow two = row("2", 2);
  ForeignRow two_down = row("2", 3);
  two_down.applied = false;
  const std::vector<AdoptionFile> files = {file("1", "001_a.sql"), file("2", "002_b.sql")};
  Adoption adoption = match_foreign_ledger(ForeignTool::goose, {one, two, two_down}, files, {});
  CHECK(entry_for(adoption, "2").state == AdoptionState::rolled_back);
  CHECK(entry_for(adoption, "2").detail == "goose rolled it back (its newest row has is_applied = false): up runs it");
  ForeignRow two_again = row("2", 4);
  adoption = match_foreign_ledger(ForeignTool::goose, {one, two, two_down, two_again}, files, {});
  CHECK(entry_for(adoption, "2").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "2").row == "version_id 2 (id 4)");
}

TEST_CASE("sqitch: a registry shared by several projects counts the changes of the project the files are") {
  const auto change = [](const std::string& project, const std::string& name, std::int64_t position) {
    ForeignRow row;
    row.project = project;
    row.description = name;
    row.position = position;
    return row;
  };
  const std::vector<AdoptionFile> files = {file("1", "001_users.sql", "users"), file("2", "002_orders.sql", "orders")};
  // billing's changes are not this directory's: left out, not "no file".
  const Adoption one = match_foreign_ledger(
      ForeignTool::sqitch, {change("shop", "users", 1), change("billing", "invoices", 2), change("shop", "orders", 3)},
      files, {});
  CHECK(entry_for(one, "1").state == AdoptionState::matched);
  CHECK(entry_for(one, "2").state == AdoptionState::matched);
  CHECK(one.count(AdoptionState::no_file) == 0);
  CHECK(one.consistent());
  // Both projects have a change the files name: which is this directory is not known.
  const Adoption both = match_foreign_ledger(
      ForeignTool::sqitch, {change("shop", "users", 1), change("billing", "orders", 2)}, files, {});
  CHECK_FALSE(both.consistent());
  CHECK(entry_for(both, "users").state == AdoptionState::no_file);
  CHECK(entry_for(both, "users").detail.find("the files here name changes of the sqitch projects billing and shop") ==
        0);
  CHECK(entry_for(both, "1").state != AdoptionState::matched);
}

TEST_CASE("sqitch: by change name, an unknown or ambiguous change is no_file") {
  ForeignRow users;
  users.description = "users";
  ForeignRow gone;
  gone.description = "gone";
  ForeignRow twice;
  twice.description = "twice";
  const Adoption adoption = match_foreign_ledger(
      ForeignTool::sqitch, {users, gone, twice},
      {file("1", "001_users.sql", "users"), file("2", "002_twice.sql", "twice"), file("3", "003_twice.sql", "twice")},
      {});
  CHECK(entry_for(adoption, "1").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "gone").state == AdoptionState::no_file);
  CHECK(entry_for(adoption, "twice").state == AdoptionState::no_file);
  CHECK(entry_for(adoption, "2").state == AdoptionState::pending);
}

TEST_CASE("Flyway: a Java migration's row has no file here, and says why pgapply cannot run it") {
  ForeignRow java = row("2", 2);
  java.kind = "JDBC";
  java.script = "db.migration.V2__Fill";
  const Adoption adoption =
      match_foreign_ledger(ForeignTool::flyway, {row("1", 1), java}, {file("1", "V1__a.sql")}, {});
  CHECK(entry_for(adoption, "2").state == AdoptionState::no_file);
  CHECK(entry_for(adoption, "2").detail.find("a Java migration (JDBC, db.migration.V2__Fill)") != std::string::npos);
}

TEST_CASE("sqitch: a reworked change's deploys are told apart by script_hash, and none is dropped") {
  const auto deploy = [](const std::string& hash, std::int64_t position) {
    ForeignRow row;
    row.project = "shop";
    row.description = "users";
    row.position = position;
    row.script_hash = hash;
    return row;
  };
  const auto hashed = [](const std::string& version, const std::string& file_name, const std::string& name,
                         const std::string& hash) {
    AdoptionFile f = file(version, file_name, name);
    f.sqitch_hash = hash;
    return f;
  };
  // both scripts kept: 001 the one sqitch ran first, 004 the rework (or users@v1, as sqitch names it)
  for (const std::string first_name : {"users", "users@v1"}) {
    CAPTURE(first_name);
    const Adoption both = match_foreign_ledger(
        ForeignTool::sqitch, {deploy("aaa", 1), deploy("bbb", 2)},
        {hashed("1", "001_" + first_name + ".sql", first_name, "aaa"), hashed("4", "004_users.sql", "users", "bbb")},
        {});
    CHECK(entry_for(both, "1").state == AdoptionState::matched);
    CHECK(entry_for(both, "4").state == AdoptionState::matched);
    CHECK(both.entries.size() == 2);
  }
  // only the reworked script kept: the earlier deploy is reported, not dropped
  const Adoption one = match_foreign_ledger(ForeignTool::sqitch, {deploy("aaa", 1), deploy("bbb", 2)},
                                            {hashed("4", "004_users.sql", "users", "bbb")}, {});
  CHECK(entry_for(one, "4").state == AdoptionState::matched);
  CHECK(one.entries.size() == 2);
  CHECK(one.count(AdoptionState::no_file) == 1);
}

TEST_CASE("Flyway: a file that is not UTF-8 matches the checksum of the encoding Flyway read it in") {
  AdoptionFile latin1 = file("1", "V1__a.sql", "a");
  latin1.flyway_checksums = std::vector<FlywayChecksum>{{"ISO-8859-1", 11}, {"windows-1252", 12}};
  AdoptionFile other = file("2", "V2__b.sql", "b");
  other.flyway_checksums = std::vector<FlywayChecksum>{{"ISO-8859-1", 21}};
  const Adoption adoption = match_foreign_ledger(
      ForeignTool::flyway, {flyway_row("SQL", "1", 1, 12), flyway_row("SQL", "2", 2, 99)}, {latin1, other}, {});
  CHECK(entry_for(adoption, "1").state == AdoptionState::matched);
  CHECK(entry_for(adoption, "1").detail == "applied by flyway; checksum 12 agrees (the file read as windows-1252)");
  CHECK(entry_for(adoption, "2").state == AdoptionState::checksum_differs);
  CHECK(entry_for(adoption, "2").detail ==
        "Flyway's checksum 99, the file's 21 read as ISO-8859-1 (it is not UTF-8: Flyway read it as flyway.encoding "
        "said): the file is not what Flyway applied");
}
