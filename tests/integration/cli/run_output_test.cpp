// Where a run's output goes: with --format json standard output carries the
// document and nothing else; \echo and \qecho go to standard error then, and
// stay on standard output in text mode, as in psql.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// Standard output is exactly one JSON document (parse throws on anything else).
nlohmann::json one_document(const ProcessResult& result) {
  INFO("stdout: ", result.out, "\nstderr: ", result.err);
  nlohmann::json document;
  CHECK_NOTHROW(document = nlohmann::json::parse(result.out));
  return document;
}

}  // namespace

TEST_CASE("with --format json, echo and qecho go to standard error, not before the document") {
  MigrationProject project;
  project.write("001_a.sql", "\\echo hello from echo\n\\qecho hello from qecho\n\\warn hello from warn\n"
                             "create table a (id int);\n");
  project.write("001_a.down.sql", "\\echo dropping a\ndrop table a;\n");

  const auto up = project.pgapply({"up", "--no-verify", "--format", "json"});
  CHECK(up.status == 0);
  CHECK(one_document(up)["migrations"][0]["outcome"] == "applied");
  CHECK(contains(up.err, "hello from echo\nhello from qecho\nhello from warn\n"));

  const auto down = project.pgapply({"down", "--format", "json"});
  CHECK(down.status == 0);
  CHECK(one_document(down)["migrations"][0]["outcome"] == "rolled_back");
  CHECK(contains(down.err, "dropping a\n"));

  // A failing run: the document with its error, and the echo before the failure on stderr.
  project.write("002_b.sql", "\\echo before the failure\nselect no_such_function();\n");
  project.write("003_c.sql", "\\echo never\ncreate table c (id int);\n");
  const auto failed = project.pgapply({"up", "--no-verify", "--format", "json"});
  CHECK(failed.status == 3);
  const auto document = one_document(failed);
  CHECK(document["error"]["kind"] == "sql");
  CHECK(contains(failed.err, "before the failure\n"));
  CHECK(!contains(failed.err, "never"));
  // The file after the failing one did not run: no attempt.
  REQUIRE(document["migrations"].size() == 3);
  CHECK(document["migrations"][1]["outcome"] == "failed");
  CHECK(document["migrations"][1]["attempts"] == 1);
  CHECK(document["migrations"][2]["outcome"] == "not_run");
  CHECK(document["migrations"][2]["attempts"] == 0);
}

TEST_CASE("in text mode echo and qecho stay on standard output and warn on standard error, as in psql") {
  MigrationProject project;
  project.write("001_a.sql", "\\echo hello from echo\n\\qecho hello from qecho\n\\warn hello from warn\n"
                             "create table a (id int);\n");
  const auto up = project.pgapply({"up", "--no-verify"});
  CHECK(up.status == 0);
  CHECK(contains(up.out, "hello from echo\nhello from qecho\n"));
  CHECK(!contains(up.err, "hello from echo"));
  CHECK(contains(up.err, "hello from warn\n"));
  CHECK(!contains(up.out, "hello from warn"));

  const auto script = project.write_file("script.sql", "\\echo from exec\n\\warn warned by exec\nselect 1;\n");
  const auto exec = project.pgapply({"exec", script});
  CHECK(exec.status == 0);
  CHECK(exec.out == "from exec\n");
  CHECK(exec.err == "warned by exec\n");
}

// `word` painted as a report paints it (SGR `code`), between `before` and `after`.
std::string painted(const std::string& before, const std::string& code, const std::string& word,
                    const std::string& after) {
  std::string out = before;
  out.append("\x1b[").append(code).append("m").append(word).append("\x1b[0m").append(after);
  return out;
}

TEST_CASE("colour paints what a report marks, a state or a verdict, never the same words elsewhere") {
  MigrationProject project;
  // Names that are states' words: a file, a table, an \echo.
  project.write("001_applied.sql", "\\echo failed pending applied\ncreate table failed (id int);\n");
  project.write("002_pending.sql", "create table pending (id int);\n");
  const auto up = project.pgapply({"up", "--target", "1", "--no-verify", "--color", "always"});
  INFO(up.out, up.err);
  REQUIRE(up.status == 0);
  CHECK(contains(up.out, "failed pending applied\n"));  // the migration's own words
  CHECK(contains(up.out, painted("", "32", "Applied", " 001_applied.sql in ")));
  const auto status = project.pgapply({"status", "--color", "always"});
  INFO(status.out);
  REQUIRE(status.status == 0);
  CHECK(contains(status.out, "  version  state      applied at  "));  // the header is plain
  CHECK(contains(status.out, painted("  1        ", "32", "applied", "    ")));
  CHECK(contains(status.out, painted("  2        ", "33", "pending", "  ")));
  CHECK(contains(status.out, "  001_applied.sql\n"));
  CHECK(contains(status.out, "  002_pending.sql\n"));
  CHECK(contains(status.out, "2 migrations: 1 applied, 1 pending.\n"));
  const auto history = project.pgapply({"history", "--color", "always"});
  CHECK(contains(history.out, painted("  ", "32", "applied", "  ")));
  // Not asked for, or NO_COLOR: plain.
  CHECK(!contains(project.pgapply({"status"}).out, "\x1b["));
  ProcessOptions no_color;
  no_color.env.emplace("NO_COLOR", "1");
  CHECK(!contains(project.pgapply({"status"}, no_color).out, "\x1b["));
  CHECK(!contains(project.pgapply({"status", "--color", "never"}).out, "\x1b["));
}

TEST_CASE("without a terminal (a CI log), a batch the server runs for long says which file it runs, once") {
  MigrationProject project;
  project.write("001_a.sql", "create table a (id int);\n");
  // (logged from 5 s, asked each second: 6.5 s, so that no asking falls on the moment it ends and 003 begins)
  project.write("002_slow.sql", "select pg_sleep(6.5);\n");
  project.write("003_c.sql", "create table c (id int);\n");
  const auto result = project.pgapply({"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  const std::string running = "Running 002_slow.sql (the server has run this batch for ";  // as Applied names it
  CHECK(contains(result.out, running));
  CHECK(result.out.find("Running ") == result.out.rfind("Running "));  // once
  // 001, which committed on the server before it, is said to be done first, once, without
  // the time the batch's answer brings; 002 and 003 after it, as the answer comes
  const std::string done_first = "Applied 001_a.sql (in a transaction; 1 statement)\n";
  CHECK(contains(result.out, done_first));
  CHECK(result.out.find("Applied 001_a.sql") == result.out.rfind("Applied 001_a.sql"));
  CHECK(result.out.find(done_first) < result.out.find(running));
  CHECK(result.out.find(running) < result.out.find("Applied 002_slow.sql in "));
  CHECK(result.out.find("Applied 002_slow.sql in ") < result.out.find("Applied 003_c.sql in "));
}
