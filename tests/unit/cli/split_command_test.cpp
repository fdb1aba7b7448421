// The split command, run as the real binary.
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/run_process.hpp"

using namespace pgapply::test;

TEST_CASE("pgapply split --format json prints one document with the items of every file") {
  TempDir dir;
  const auto file = dir.write("a.sql", "select 1;\n\\echo hi\nselect 'x;y'\n");
  const auto result = run_pgapply({"split", "--format", "json", file});
  CHECK(result.status == 0);
  CHECK(result.err.empty());
  const auto document = nlohmann::json::parse(result.out);
  CHECK(document["format_version"] == 1);
  CHECK(document["command"] == "split");
  REQUIRE(document["files"].size() == 1);
  CHECK(document["files"][0]["file"] == file);
  CHECK(document["files"][0]["statements"] == 2);
  const auto& items = document["files"][0]["items"];
  REQUIRE(items.size() == 3);
  CHECK(items[0]["index"] == 1);
  CHECK(items[0]["kind"] == "sql");
  CHECK(items[0]["text"] == "select 1;");
  CHECK(items[1]["kind"] == "meta");
  CHECK(items[1]["line"] == 2);
  CHECK(items[2]["text"] == "select 'x;y'");
  CHECK(items[2]["start"] == 19);
  CHECK(items[2]["end"] == 31);
  CHECK(items[2]["column"] == 1);
  CHECK(!document.contains("error"));
}

TEST_CASE("pgapply split --format json names a file that cannot be split in its error object") {
  TempDir dir;
  const auto bad = dir.write("bad.sql", "select 1;\nselect $x$ never closed;\n");
  const auto good = dir.write("good.sql", "select 1;");
  const auto result = run_pgapply({"split", "--format", "json", bad, good});
  CHECK(result.status == 1);
  const auto document = nlohmann::json::parse(result.out);
  REQUIRE(document["files"].size() == 2);
  CHECK(document["files"][0]["error"]["file"] == bad);
  CHECK(document["files"][0]["error"]["line"] == 2);
  CHECK(document["files"][0]["error"]["column"] == 8);
  CHECK(document["files"][0]["error"]["kind"] == "input");
  CHECK(document["files"][1]["statements"] == 1);
  CHECK(document["error"]["exit_status"] == 1);
  CHECK(document["error"]["message"] == "unterminated dollar-quoted string: no closing $x$");
}

TEST_CASE("pgapply split --format json names a file it cannot read in its error object") {
  TempDir dir;
  const std::string missing = dir.path() + "/missing.sql";
  const auto result = run_pgapply({"split", "--format", "json", missing});
  CHECK(result.status == 1);
  const auto document = nlohmann::json::parse(result.out);
  REQUIRE(document["files"].size() == 1);
  CHECK(document["files"][0]["error"]["file"] == missing);
  CHECK(document["files"][0]["error"]["line"].is_null());
  CHECK(document["error"]["file"] == missing);
}

TEST_CASE("pgapply split counts statements per file and prints text") {
  TempDir dir;
  const auto a = dir.write("a.sql", "select 1; select 2;");
  const auto b = dir.write("b.sql", "\\echo only meta\n");
  auto result = run_pgapply({"split", "--format", "count", a, b});
  CHECK(result.status == 0);
  CHECK(result.out == "2 " + a + "\n0 " + b + "\n");
  result = run_pgapply({"split", a});
  CHECK(result.out == "-- " + a + ":1:1 sql [0,9)\nselect 1;\n-- " + a + ":1:11 sql [10,19)\nselect 2;\n");
}

TEST_CASE("pgapply split reports errors as FILE:LINE:COL and exits 1") {
  TempDir dir;
  const auto bad = dir.write("bad.sql", "select 1;\nselect $x$ never closed;\n");
  const auto good = dir.write("good.sql", "select 1;");
  const auto result = run_pgapply({"split", "--format", "count", bad, good});
  CHECK(result.status == 1);
  CHECK(result.err == bad + ":2:8: error: unterminated dollar-quoted string: no closing $x$\n");
  CHECK(result.out == "1 " + good + "\n");
  CHECK(run_pgapply({"split", dir.path() + "/missing.sql"}).status == 1);
  CHECK(run_pgapply({"split", "--format", "yaml", good}).status == 1);
  CHECK(run_pgapply({"split"}).status == 1);
}

namespace {

// The indented lines of README.md after the line `    LEAD`, without their
// indent, up to the first line that is not indented (blank lines kept).
std::string readme_block_after(const std::string& lead) {
  std::ifstream readme(source_path("README.md"));
  std::string line, block;
  bool in_block = false;
  while (std::getline(readme, line)) {
    if (!in_block) {
      in_block = line == "    " + lead;
      continue;
    }
    if (line.rfind("    ", 0) != 0) break;
    block += line.substr(4) + "\n";
  }
  return block;
}

}  // namespace

TEST_CASE("README's pgapply split --format json example is what the binary prints") {
  const std::string file = readme_block_after("$ cat 001_a.sql");
  const std::string content = file.substr(0, file.find("$ pgapply split"));
  REQUIRE(content == "create table a (id int);\n\\echo created a\n");
  const std::string shown = readme_block_after("$ pgapply split --format json 001_a.sql");
  REQUIRE(!shown.empty());
  TempDir dir;
  dir.write("001_a.sql", content);
  const auto result = run_pgapply({"split", "--format", "json", "001_a.sql"}, without_ambient_settings(dir.path()));
  CHECK(result.status == 0);
  CHECK(result.out == shown);
}
