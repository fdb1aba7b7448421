// The split command, run as the real binary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/run_process.hpp"

using namespace pgapply::test;

TEST_CASE("pgapply split prints items as json lines") {
  TempDir dir;
  const auto file = dir.write("a.sql", "select 1;\n\\echo hi\nselect 'x;y'\n");
  const auto result = run_pgapply({"split", "--format", "json", file});
  CHECK(result.status == 0);
  CHECK(result.err.empty());
  std::vector<nlohmann::json> lines;
  std::size_t start = 0;
  while (start < result.out.size()) {
    const auto end = result.out.find('\n', start);
    lines.push_back(nlohmann::json::parse(result.out.substr(start, end - start)));
    start = end + 1;
  }
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["file"] == file);
  CHECK(lines[0]["index"] == 1);
  CHECK(lines[0]["kind"] == "sql");
  CHECK(lines[0]["text"] == "select 1;");
  CHECK(lines[1]["kind"] == "meta");
  CHECK(lines[1]["line"] == 2);
  CHECK(lines[2]["text"] == "select 'x;y'");
  CHECK(lines[2]["start"] == 19);
  CHECK(lines[2]["end"] == 31);
  CHECK(lines[2]["column"] == 1);
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
