// lint_scripts: what a command that has a Project (preflight) calls.
#include "engine/operations/lint_operation.hpp"

#include <doctest/doctest.h>

#include "support/run_process.hpp"

using namespace pgapply;

namespace {

std::vector<std::string> rules_of(const lint::LintResult& result) {
  std::vector<std::string> out;
  for (const auto& finding : result.findings) out.push_back(finding.rule + " " + finding.file + ":" + std::to_string(finding.line));
  return out;
}

}  // namespace

TEST_CASE("lint_scripts lints a project's pending scripts as one run, as they were loaded") {
  test::TempDir dir;
  dir.write("migrations/001_old.sql", "CREATE TABLE old (id bigint);\n");
  dir.write("migrations/002_new.sql", "CREATE TABLE fresh (id bigint);\n");
  dir.write("migrations/003_index.sql", "CREATE INDEX ON fresh (id);\nCREATE INDEX ON old (id);\n");
  dir.write("migrations/004_concurrently.sql", "BEGIN;\nSELECT 1;\nCOMMIT;\nCREATE INDEX ON old (id);\n");
  engine::ProjectOptions options;
  options.dir = dir.path() + "/migrations";
  const engine::Project project = engine::load_project(options, {});
  REQUIRE(project.scripts.size() == 4);
  // 001 is applied: only 002..004 are pending
  std::vector<const engine::MigrationScript*> pending;
  for (std::size_t i = 1; i < project.scripts.size(); ++i) pending.push_back(&project.scripts[i]);
  const auto result = engine::lint_scripts(pending, project, {});
  const std::string prefix = dir.path() + "/migrations/";
  CHECK(rules_of(result) ==
        std::vector<std::string>{"require-concurrent-index-creation " + prefix + "003_index.sql:2",
                                 "require-concurrent-index-creation " + prefix + "004_concurrently.sql:4"});
  CHECK(result.files == 3);
  CHECK(result.errors == 2);

  lint::LintSettings settings;
  settings.enabled["no-such-rule"] = true;
  CHECK_THROWS_AS(engine::lint_scripts(pending, project, settings), Error);
}

namespace {

struct QuietOutput : engine::RunOutput {
  std::vector<std::string> warnings;
  void notice(const std::string&) override {}
  void echo(const std::string&, bool) override {}
  void progress(const std::string&) override {}
  void warning(const std::string& line) override { warnings.push_back(line); }
};

}  // namespace

TEST_CASE("lint DIR lints Flyway's repeatable migrations too, after the versioned ones") {
  test::TempDir dir;
  dir.write("migrations/V1__t.sql", "CREATE TABLE t (id bigint);\n");
  // (The files of a whole directory are runs of their own: t is not new for V2.)
  dir.write("migrations/V2__old.sql", "CREATE INDEX CONCURRENTLY ON t (id);\n");
  dir.write("migrations/R__views.sql", "DROP TABLE other;\n");
  const std::string prefix = dir.path() + "/migrations/";
  QuietOutput output;
  engine::LintOptions options;
  options.project.dir = prefix;
  auto result = engine::run_lint(options, output);
  CHECK(result.files == 3);
  CHECK(rules_of(result) == std::vector<std::string>{"ban-drop-table " + prefix + "R__views.sql:1"});
  CHECK(output.warnings.empty());

  options.paths = {dir.path() + "/migrations"};  // lint DIR
  result = engine::run_lint(options, output);
  CHECK(result.files == 3);
  CHECK(rules_of(result) == std::vector<std::string>{"ban-drop-table " + prefix + "R__views.sql:1"});

  options.paths.clear();
  options.from_version = "1";  // a repeatable runs after every versioned migration: it stays
  result = engine::run_lint(options, output);
  CHECK(result.files == 2);
}

TEST_CASE("lint DIR reports a migration with no statements, as up refuses it, lint_scripts leaves that to its caller") {
  test::TempDir dir;
  dir.write("em/001_e.sql", "-- placeholder\n");
  dir.write("em/002_s.sql", "SELECT 1;\n");
  dir.write("em/R__nothing.sql", "");
  const std::string prefix = dir.path() + "/em/";
  QuietOutput output;
  engine::LintOptions options;
  options.project.dir = prefix;
  auto result = engine::run_lint(options, output);
  CHECK(rules_of(result) ==
        std::vector<std::string>{"empty-migration " + prefix + "001_e.sql:1", "empty-migration " + prefix + "R__nothing.sql:1"});
  CHECK(result.errors == 2);

  options.paths = {prefix + "001_e.sql"};  // lint FILE, named like a migration
  CHECK(rules_of(engine::run_lint(options, output)) == std::vector<std::string>{"empty-migration " + prefix + "001_e.sql:1"});

  engine::ProjectOptions project_options;
  project_options.dir = prefix;
  const engine::Project project = engine::load_project(project_options, {});
  std::vector<const engine::MigrationScript*> scripts;
  for (const auto& script : project.scripts) scripts.push_back(&script);
  CHECK(engine::lint_scripts(scripts, project, {}).findings.empty());  // preflight refused it already, or was allowed
}
