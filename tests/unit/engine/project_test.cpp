// load_project's two modes: ProjectLoad::checksums_only (what `status`
// reads) gives every migration the checksum the full load gives it.
#include "engine/project.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "migrate/checksum.hpp"
#include "support/run_process.hpp"

using namespace pgapply;

namespace {

engine::ProjectOptions options_for(const test::TempDir& dir) {
  engine::ProjectOptions options;
  options.dir = dir.path() + "/m";
  options.variables = {{"who", "me"}};
  return options;
}

// The versions whose file was checksummed as it is, without a load: no
// script (ProjectLoad::checksums_only makes none for them), or one not loaded.
std::vector<std::string> taken_as_they_are(const engine::Project& project) {
  std::vector<std::string> out;
  for (const auto& file : project.discovery.migrations) {
    const engine::MigrationScript* script = project.find(file.version);
    if (script == nullptr || script->analysis().checksum.empty()) out.push_back(file.version);
  }
  return out;
}

std::string error_of(const engine::ProjectOptions& options, engine::ProjectLoad load) {
  try {
    engine::load_project(options, {}, load);
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("checksums only: the same checksum as the full load for every kind of file") {
  test::TempDir dir;
  dir.write("m/001_plain.sql", "create table t (id int);\nselect 1::int, now()::date;\n");
  dir.write("m/002_crlf.sql", "create table c (id int);\r\nselect 'a';\r\n");
  dir.write("m/003_bom.sql", "\xEF\xBB\xBFselect 1;\n");
  dir.write("m/004_string_colon.sql", "select ':name', ':''x''', ':\"y\"';\n");
  dir.write("m/005_comment_backslash.sql", "-- a path: C:\\dir\\file\nselect 1;\n/* \\i nothing.sql */\n");
  dir.write("m/inc/common.sql", "create table common (id int);\r\n");
  dir.write("m/inc/other.sql", "select 'other: \\\\', :'who';\r\n");
  dir.write("m/006_include.sql", "\\ir inc/common.sql\nselect 6;\n");
  dir.write("m/007_vars.sql", "select :'who', :\"who\";\n");
  dir.write("m/008_dbmate.sql", "-- migrate:up\ncreate table d (id int);\n-- migrate:down\ndrop table d;\n");
  dir.write("m/009_goose_crlf.sql",
            "-- +goose Up\r\n-- +goose StatementBegin\r\nselect 1;\r\n-- +goose StatementEnd\r\n"
            "-- +goose Down\r\nselect 2;\r\n");
  // Only the up section is interpreted: its variable counts, the down section's does not.
  dir.write("m/010_dbmate_var.sql", "-- migrate:up\nselect :'who';\n-- migrate:down\nselect :'nobody';\n");
  dir.write("m/011_dollar.sql", "create function f() returns int language sql as $$ select 1 $$;\n");
  dir.write("m/012_crlf_include.sql", "-- pgapply: transaction\r\n\\ir inc/other.sql\r\nselect :'who';\r\n");
  // The down section is not interpreted: its variable does not count.
  dir.write("m/015_dbmate_down_var.sql",
            "-- migrate:up transaction:false\nselect 1;\n-- migrate:down\nselect :'nobody';\n");
  dir.write("m/13_go.up.sql", "select 13;\n");
  dir.write("m/V14__fly.sql", "select 14;\n");
  dir.write("m/R__view.sql", "select 'r';\n");
  const auto options = options_for(dir);
  const engine::Project full = engine::load_project(options, {});
  const engine::Project quick = engine::load_project(options, {}, engine::ProjectLoad::checksums_only);
  CHECK(quick.checksums == full.checksums);
  REQUIRE(full.checksums.size() == 16);
  for (const auto& script : full.scripts) CHECK(full.checksums.at(script.file.version) == script.analysis().checksum);
  // Both kinds were seen: files psql finds nothing in were not loaded ...
  const auto taken = taken_as_they_are(quick);
  std::string listed;
  for (const auto& version : taken) listed += version + " ";
  INFO("taken as they are: ", listed);
  CHECK(taken == std::vector<std::string>{"1", "2", "3", "8", "9", "11", "13", "15"});
  CHECK(taken_as_they_are(full).empty());
  // ... and the same directory, formats and rollbacks (every file in the
  // discovery; a script for each file loaded, the same as the full load's).
  std::vector<migrate::MigrationFile> files = quick.discovery.migrations;
  files.insert(files.end(), quick.discovery.repeatables.begin(), quick.discovery.repeatables.end());
  REQUIRE(files.size() == full.scripts.size());
  for (std::size_t i = 0; i < full.scripts.size(); ++i) {
    CHECK(files[i].file_name == full.scripts[i].file.file_name);
    CHECK(files[i].format == full.scripts[i].file.format);
    CHECK(files[i].rollback == full.scripts[i].file.rollback);
  }
  CHECK(files[7].format == migrate::FileFormat::dbmate);
  CHECK(files[8].format == migrate::FileFormat::goose);
  CHECK(quick.scripts.size() == full.scripts.size() - taken.size());
  for (const auto& script : quick.scripts) {
    REQUIRE(full.find(script.file.version) != nullptr);
    CHECK(script.file.file_name == full.find(script.file.version)->file.file_name);
    CHECK(script.analysis().checksum == full.find(script.file.version)->analysis().checksum);
  }
  // A file taken as it is: its checksum is its bytes' with CRLF read as LF.
  CHECK(quick.checksums.at("2") == migrate::checksum_of("create table c (id int);\nselect 'a';\n"));
}

TEST_CASE("checksums only: a file the full load refuses is refused the same way") {
  test::TempDir dir;
  dir.write("m/001_ok.sql", "select 1;\n");
  SUBCASE("an undefined variable where an array slice was meant") {
    dir.write("m/002_slice.sql", "select (array[1,2,3])[1:2];\n");
  }
  SUBCASE("not UTF-8") { dir.write("m/002_latin1.sql", "select 'caf\xE9';\n"); }
  SUBCASE("a malformed dbmate marker") { dir.write("m/002_marker.sql", "-- migrate:up\nselect 1;\n-- migrate:Down\n"); }
  const auto options = options_for(dir);
  const std::string full = error_of(options, engine::ProjectLoad::full);
  CHECK(full != "no error");
  CHECK(error_of(options, engine::ProjectLoad::checksums_only) == full);
}

TEST_CASE("find: every script by its version, repeatables by their key, nothing for another text") {
  test::TempDir dir;
  dir.write("m/001_a.sql", "select 1;\n");
  dir.write("m/2_b.up.sql", "select 2;\n");
  dir.write("m/10_c.sql", "select 10;\n");
  dir.write("m/V9__d.sql", "select 9;\n");
  dir.write("m/R__later.sql", "select 'r';\n");
  dir.write("m/R__early.sql", "select 'r';\n");
  const engine::Project project = engine::load_project(options_for(dir), {});
  REQUIRE(project.scripts.size() == 6);
  for (const auto& script : project.scripts) {
    CAPTURE(script.file.version);
    CHECK(project.find(script.file.version) == &script);
  }
  CHECK(project.find("10")->file.file_name == "10_c.sql");
  CHECK(project.find("r:later")->file.file_name == "R__later.sql");
  CHECK(project.find("001") == nullptr);  // the exact text only: "1" is its version
  CHECK(project.find("1.0") == nullptr);
  CHECK(project.find("3") == nullptr);
  CHECK(project.find("r:none") == nullptr);
}
