// pgapply lint, run as the real binary on small migration directories: each
// output format, exit statuses, settings, lint-ignore, --changed-since in a
// scratch git repository. No database: lint never connects.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/migration_project.hpp"
#include "support/run_process.hpp"

using namespace pgapply::test;

namespace {

// Where a connection attempt would fail at once: lint must not need one.
ProcessOptions in(const TempDir& dir) {
  ProcessOptions options;
  options.cwd = dir.path();
  options.env = {{"PGHOST", "/nonexistent"}, {"PGPORT", "1"}, {"DATABASE_URL", "postgresql://nobody@/nowhere"}};
  return options;
}

// Three migrations: a table created (new), indexed without CONCURRENTLY (fine:
// it is new); an old table indexed without CONCURRENTLY inside a DO block (an
// error); a column renamed (a warning) and then used by its old name (an
// error); an int column (a warning); a lint-ignored DROP TABLE.
void write_project(const TempDir& dir) {
  dir.write("migrations/001_events.sql",
            "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind text, n int);\n"
            "CREATE INDEX events_kind ON events (kind);\n");
  dir.write("migrations/002_users.sql",
            "DO $$\n"
            "BEGIN\n"
            "  CREATE INDEX IF NOT EXISTS users_email ON users (email);\n"
            "END $$;\n"
            "ALTER TABLE users RENAME COLUMN name TO full_name;\n");
  dir.write("migrations/003_cleanup.sql",
            "-- pgapply: lint-ignore ban-drop-table sessions moved to redis in release 41\n"
            "DROP TABLE sessions;\n"
            "UPDATE users SET name = 'x';\n");
}

nlohmann::json parse(const std::string& text) { return nlohmann::json::parse(text); }

}  // namespace

TEST_CASE("pgapply lint prints findings compiler style, with the line, a caret, why and the safe way") {
  TempDir dir;
  write_project(dir);
  const auto result = run_pgapply({"lint"}, in(dir));
  CHECK(result.status == 4);
  CHECK(contains(result.out,
                 "migrations/002_users.sql:3:3: error: CREATE INDEX users_email ON users without CONCURRENTLY "
                 "(in DO block) [require-concurrent-index-creation]\n"
                 "      CREATE INDEX IF NOT EXISTS users_email ON users (email);\n"
                 "      ^\n"
                 "  why: takes SHARE on the table: INSERT, UPDATE and DELETE wait until the whole index is built\n"
                 "  safe way: CREATE INDEX CONCURRENTLY"));
  CHECK(contains(result.out, "migrations/003_cleanup.sql:3:18: error: column name of users was renamed to full_name "
                             "at migrations/002_users.sql:5 [uses-renamed-column]"));
  CHECK(contains(result.out, "migrations/001_events.sql:1:85: warning: column n is int [prefer-bigint-over-int]"));
  CHECK_FALSE(contains(result.out, "events_kind"));  // events is new: no finding
  CHECK_FALSE(contains(result.out, "DROP TABLE sessions"));  // ignored
  CHECK(contains(result.out, "2 errors, 2 warnings in 3 files (1 ignored by lint-ignore)\n"));
}

TEST_CASE("pgapply lint --format json lists every finding, ignored ones with their reason") {
  TempDir dir;
  write_project(dir);
  const auto result = run_pgapply({"lint", "--format", "json"}, in(dir));
  CHECK(result.status == 4);
  const auto json = parse(result.out);
  CHECK(json["counts"]["files"] == 3);
  CHECK(json["counts"]["errors"] == 2);
  CHECK(json["counts"]["warnings"] == 2);
  CHECK(json["counts"]["ignored"] == 1);
  bool saw_ignored = false, saw_do_block = false;
  for (const auto& finding : json["findings"]) {
    CHECK(finding.contains("why"));
    CHECK(finding.contains("safe_way"));
    // Always there, null unless ignored: as every other key that may have no value.
    REQUIRE(finding.contains("ignore_reason"));
    if (finding["ignored"] == false) CHECK(finding["ignore_reason"].is_null());
    if (finding["ignored"] == true) {
      saw_ignored = true;
      CHECK(finding["rule"] == "ban-drop-table");
      CHECK(finding["ignore_reason"] == "sessions moved to redis in release 41");
      CHECK(finding["file"] == "migrations/003_cleanup.sql");
      CHECK(finding["line"] == 2);
    }
    if (finding["rule"] == "require-concurrent-index-creation") {
      saw_do_block = true;
      CHECK(finding["context"] == "DO block");
      CHECK(finding["severity"] == "error");
      CHECK(finding["line"] == 3);
      CHECK(finding["column"] == 3);
      CHECK(finding["source_line"] == "  CREATE INDEX IF NOT EXISTS users_email ON users (email);");
    }
  }
  CHECK(saw_ignored);
  CHECK(saw_do_block);
}

TEST_CASE("pgapply lint --format sarif is SARIF 2.1.0 with the rules and located results") {
  TempDir dir;
  write_project(dir);
  const auto result = run_pgapply({"lint", "--format", "sarif"}, in(dir));
  CHECK(result.status == 4);
  const auto sarif = parse(result.out);
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(sarif["runs"].size() == 1);
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "pgapply");
  const auto& rules = run["tool"]["driver"]["rules"];
  std::vector<std::string> ids;
  for (const auto& rule : rules) {
    ids.push_back(rule["id"]);
    CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
  }
  CHECK(std::find(ids.begin(), ids.end(), "require-concurrent-index-creation") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "uses-renamed-column") != ids.end());
  REQUIRE(run["results"].size() == 5);  // 4 findings and the ignored one
  int suppressed = 0;
  for (const auto& item : run["results"]) {
    const std::string rule_id = item["ruleId"];
    CHECK(rules[item["ruleIndex"].get<std::size_t>()]["id"] == rule_id);
    const auto& location = item["locations"][0]["physicalLocation"];
    CHECK(location["artifactLocation"]["uri"].get<std::string>().rfind("migrations/", 0) == 0);
    CHECK(location["region"]["startLine"].get<int>() >= 1);
    CHECK(location["region"]["startColumn"].get<int>() >= 1);
    if (rule_id == "uses-renamed-column") {
      CHECK(item["level"] == "error");
      CHECK(location["artifactLocation"]["uri"] == "migrations/003_cleanup.sql");
      CHECK(location["region"]["startLine"] == 3);
      CHECK(location["region"]["startColumn"] == 18);
    }
    if (item.contains("suppressions")) {
      ++suppressed;
      CHECK(item["suppressions"][0]["kind"] == "inSource");
      CHECK(item["suppressions"][0]["justification"] == "sessions moved to redis in release 41");
    }
  }
  CHECK(suppressed == 1);

  // an absolute path is a file: URI
  const auto absolute = parse(run_pgapply({"lint", "--format", "sarif", dir.path() + "/migrations/003_cleanup.sql"},
                                          in(dir)).out);
  const auto& uri = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
  CHECK(uri == "file://" + dir.path() + "/migrations/003_cleanup.sql");
}

TEST_CASE("pgapply lint --format sarif that cannot lint still writes a SARIF log: the invocation failed, and why") {
  TempDir dir;
  write_project(dir);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"lint", "--format", "sarif", "nosuch.sql"},
                                              std::vector<std::string>{"lint", "--format=sarif", "--max-warnings", "x"}}) {
    CAPTURE(args.back());
    const auto result = run_pgapply(args, in(dir));
    CHECK(result.status == 1);
    const auto sarif = parse(result.out);
    CHECK(sarif["version"] == "2.1.0");
    const auto& run = sarif["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "pgapply");
    CHECK(run["results"].empty());
    CHECK(run["invocations"][0]["executionSuccessful"] == false);
    CHECK(run["invocations"][0]["exitCode"] == 1);
    CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error");
    CHECK(contains(result.err, "error:"));
  }
}

TEST_CASE("pgapply lint --format github prints workflow annotations") {
  TempDir dir;
  write_project(dir);
  const auto result = run_pgapply({"lint", "--format", "github"}, in(dir));
  CHECK(result.status == 4);
  CHECK(contains(result.out, "::error file=migrations/002_users.sql,line=3,col=3,"
                             "title=require-concurrent-index-creation::CREATE INDEX users_email ON users without "
                             "CONCURRENTLY (in DO block)%0Awhy: takes SHARE on the table"));
  CHECK(contains(result.out, "::warning file=migrations/001_events.sql,line=1,col=85,title=prefer-bigint-over-int::"));
  CHECK_FALSE(contains(result.out, "ban-drop-table"));
  CHECK(contains(result.out, "\npgapply lint: 2 errors, 2 warnings in 3 files (1 ignored by lint-ignore)\n"));
}

TEST_CASE("pgapply lint exit statuses: clean, warnings only, --max-warnings, errors, usage") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "CREATE TABLE a (id bigint);\n");
  auto result = run_pgapply({"lint"}, in(dir));
  CHECK(result.status == 0);
  CHECK(result.out == "no findings in 1 file\n");

  dir.write("migrations/002_b.sql", "ALTER TABLE old ADD COLUMN note varchar(20);\n");
  result = run_pgapply({"lint"}, in(dir));
  CHECK(result.status == 0);  // warnings only
  CHECK(contains(result.out, "0 errors, 1 warning in 2 files"));
  CHECK(run_pgapply({"lint", "--max-warnings", "1"}, in(dir)).status == 0);
  CHECK(run_pgapply({"lint", "--max-warnings", "0"}, in(dir)).status == 4);
  // the warning made an error, the rule turned off
  CHECK(run_pgapply({"lint", "--severity", "prefer-text-field=error"}, in(dir)).status == 4);
  result = run_pgapply({"lint", "--disable", "prefer-text-field", "--max-warnings", "0"}, in(dir));
  CHECK(result.status == 0);
  // an opt-in rule turned on
  result = run_pgapply({"lint", "--enable", "require-table-schema,prefer-robust-stmts"}, in(dir));
  CHECK(contains(result.out, "[require-table-schema]"));

  // squawk's other names for rules, on the command line and in pgapply.toml
  result = run_pgapply({"lint", "--enable", "require-timeout-settings", "--disable", "prefer-timestamp-tz"}, in(dir));
  CHECK(result.status == 0);
  CHECK(contains(result.out, "[require-lock-timeout]"));
  CHECK(contains(result.out, "[require-statement-timeout]"));
  TempDir configured;
  configured.write("migrations/001_b.sql", "ALTER TABLE old ADD COLUMN note text;\n");
  configured.write("pgapply.toml", "[lint]\nenable = [\"require-timeout-settings\"]\ndisable = [\"unused-ignore\"]\n");
  CHECK(contains(run_pgapply({"lint"}, in(configured)).out, "[require-statement-timeout]"));

  result = run_pgapply({"lint", "--enable", "no-such-rule"}, in(dir));
  CHECK(result.status == 1);
  CHECK(contains(result.err, "unknown lint rule 'no-such-rule' (known: adding-field-with-default,"));
  CHECK(run_pgapply({"lint", "--format", "xml"}, in(dir)).status == 1);
  CHECK(run_pgapply({"lint", "--severity", "ban-drop-table=fatal"}, in(dir)).status == 1);
  CHECK(run_pgapply({"lint", "--pg-version", "eleven"}, in(dir)).status == 1);
  CHECK(run_pgapply({"lint", "--dir", "nowhere"}, in(dir)).status == 1);
  CHECK(run_pgapply({"lint", "migrations/009_missing.sql"}, in(dir)).status == 1);
}

TEST_CASE("pgapply lint FILE and DIR arguments, --from, --pg-version") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "ALTER TABLE a ADD COLUMN b text DEFAULT 'x';\n");
  dir.write("migrations/002_b.sql", "DROP TABLE c;\n");
  dir.write("other/schema.sql", "REINDEX TABLE t;\n");
  // a constant default rewrites the table before PostgreSQL 11 only
  CHECK(run_pgapply({"lint", "migrations/001_a.sql"}, in(dir)).status == 0);
  auto result = run_pgapply({"lint", "--pg-version", "10", "migrations/001_a.sql"}, in(dir));
  CHECK(result.status == 4);
  CHECK(contains(result.out, "[adding-field-with-default]"));
  result = run_pgapply({"lint", "--from", "1"}, in(dir));
  CHECK(contains(result.out, "in 1 file"));
  CHECK(contains(result.out, "002_b.sql:1:12: warning: DROP TABLE c"));
  result = run_pgapply({"lint", "other", "migrations/002_b.sql"}, in(dir));
  CHECK(contains(result.out, "in 1 file"));  // other/ holds no migration
  result = run_pgapply({"lint", "other/schema.sql", "migrations/002_b.sql", "migrations"}, in(dir));
  CHECK(contains(result.out, "in 3 files"));  // 002_b.sql once
  CHECK(contains(result.out, "other/schema.sql:1:1: error: REINDEX TABLE without CONCURRENTLY"));
  CHECK(run_pgapply({"lint", "--pg-version", "11", "other/schema.sql"}, in(dir)).status == 0);  // no CONCURRENTLY then
  CHECK(run_pgapply({"lint", "--from", "1", "migrations"}, in(dir)).status == 1);  // choose one way
}

TEST_CASE("pgapply lint of a directory that holds no migration is an error, as up's, not a pass on 0 files") {
  TempDir dir;
  dir.write("migrations/schema.sql", "select 1;\n");
  dir.write("empty/.keep", "");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"lint"}, std::vector<std::string>{"lint", "empty"}}) {
    CAPTURE(args.back());
    const auto result = run_pgapply(args, in(dir));
    CHECK(result.status == 1);
    CHECK(contains(result.err, "Is --dir right?"));
    CHECK_FALSE(contains(result.out, "in 0 files"));
  }
  // One named file is enough: the directory beside it may hold none.
  dir.write("other/001_a.sql", "select 1;\n");
  CHECK(run_pgapply({"lint", "empty", "other/001_a.sql"}, in(dir)).status == 0);
}

TEST_CASE("pgapply lint: a whole directory's migrations each run on their own, the pending ones chosen as one run") {
  TempDir dir;
  dir.write("migrations/001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
  dir.write("migrations/050_users_email.sql", "CREATE INDEX users_email ON users (email);\n");
  // 001 may have been applied months ago: users is not new for 050.
  auto result = run_pgapply({"lint"}, in(dir));
  CHECK(result.status == 4);
  CHECK(contains(result.out, "migrations/050_users_email.sql:1:1: error: CREATE INDEX users_email ON users without "
                             "CONCURRENTLY [require-concurrent-index-creation]"));
  CHECK(run_pgapply({"lint", "migrations"}, in(dir)).status == 4);
  // Named together, they are pending together: users is created by the same run, empty.
  result = run_pgapply({"lint", "migrations/001_users.sql", "migrations/050_users_email.sql"}, in(dir));
  CHECK(result.status == 0);
  CHECK(result.out == "no findings in 2 files\n");
  CHECK(run_pgapply({"lint", "--from", "0"}, in(dir)).status == 0);
  CHECK(run_pgapply({"lint", "--from", "1"}, in(dir)).status == 4);
}

TEST_CASE("pgapply lint reads files as they run: includes, variables, \\if branches, a file it cannot run is an error") {
  TempDir dir;
  dir.write("migrations/001_a.sql",
            "\\set big false\n"
            "\\if :big\n"
            "DROP TABLE never_runs;\n"
            "\\else\n"
            "ALTER TABLE :\"tbl\" DROP COLUMN legacy;\n"
            "\\endif\n"
            "\\ir parts/more.sql\n");
  dir.write("migrations/parts/more.sql", "\n\nTRUNCATE accounts CASCADE;\n");
  dir.write("migrations/002_b.sql", "SELECT 1;\n\\connect other\n");
  auto options = in(dir);
  auto result = run_pgapply({"lint", "-v", "tbl=users"}, options);
  CHECK(result.status == 4);
  CHECK_FALSE(contains(result.out, "never_runs"));
  CHECK(contains(result.out, "migrations/001_a.sql:5:20: warning: DROP COLUMN legacy of users [ban-drop-column]"));
  CHECK(contains(result.out, "migrations/parts/more.sql:3:1: error: TRUNCATE ... CASCADE [ban-truncate-cascade]"));
  CHECK(contains(result.out, "migrations/002_b.sql:2:1: error: \\connect is not supported"));
  CHECK(contains(result.out, "[invalid-file]"));
  // an undefined variable stops the file, as up would
  result = run_pgapply({"lint", "migrations/001_a.sql"}, options);
  CHECK(contains(result.out, "migrations/001_a.sql:5:13: error: undefined variable"));
}

TEST_CASE("pgapply lint: a dbmate file's misplaced marker is its finding and lint goes on, and its down "
          "section is read for what stops down, not for the rules") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "-- migrate:up\nTRUNCATE a CASCADE;\n  -- migrate:down\nselect 1;\n");
  dir.write("migrations/002_b.sql", "SELECT 1;\n\\connect other\n");
  dir.write("migrations/003_c.sql", "-- migrate:up\ncreate table c (id bigint);\n-- migrate:down\n"
                                    "drop table c;\nselect 'oops;\n");
  const auto options = in(dir);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"lint"}, {"lint", "migrations/001_a.sql", "migrations/002_b.sql",
                                           "migrations/003_c.sql"}}) {
    const auto result = run_pgapply(args, options);
    INFO(result.out, result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.out, "migrations/001_a.sql:3:1: error: -- migrate:down must start at the beginning of its "
                               "line"));
    CHECK_FALSE(contains(result.out, "ban-truncate-cascade"));  // the file is not read past its markers
    CHECK(contains(result.out, "migrations/002_b.sql:2:1: error: \\connect is not supported"));
    CHECK(contains(result.out, "migrations/003_c.sql:5:8: error: unterminated quoted string [invalid-file]"));
    CHECK_FALSE(contains(result.out, "ban-drop-table"));  // a rollback drops what up made
    CHECK(contains(result.out, "3 errors, 0 warnings in 3 files"));
  }
}

TEST_CASE("pgapply lint-ignore needs a reason and a known rule, up accepts the comment in a header") {
  TempDir dir;
  dir.write("migrations/001_a.sql",
            "-- pgapply: lint-ignore ban-drop-table\n"
            "DROP TABLE a;\n"
            "-- pgapply: lint-ignore ban-drop-tabel the table is empty\n"
            "DROP TABLE b;\n");
  const auto result = run_pgapply({"lint", "--format", "json"}, in(dir));
  CHECK(result.status == 4);
  const auto json = parse(result.out);
  CHECK(json["counts"]["ignored"] == 0);
  std::vector<std::string> seen;
  for (const auto& finding : json["findings"]) {
    seen.push_back(finding["rule"].get<std::string>() + ":" + std::to_string(finding["line"].get<int>()));
  }
  CHECK(seen == std::vector<std::string>{"invalid-lint-ignore:1", "ban-drop-table:2", "invalid-lint-ignore:3",
                                         "ban-drop-table:4"});
  CHECK(json["findings"][0]["message"] ==
        "lint-ignore without a reason: say why the finding does not apply here");
  CHECK(json["findings"][2]["message"] == "lint-ignore names an unknown rule: ban-drop-tabel");

  // up reads the same header without complaint (the dry run does not connect)
  dir.write("migrations/001_a.sql", "-- pgapply: lint-ignore ban-drop-table it is empty\nDROP TABLE a;\n");
  CHECK(run_pgapply({"up", "--dry-run", "--offline"}, in(dir)).status == 0);
}

TEST_CASE("pgapply lint --changed-since lints the migrations a branch adds or changes") {
  TempDir dir;
  ProcessOptions options = in(dir);
  auto git = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv{"git", "-c", "user.name=t", "-c", "user.email=t@example.com",
                                  "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = run_process(argv, options);
    REQUIRE_MESSAGE(result.status == 0, result.err);
  };
  git({"init", "-q"});
  dir.write("migrations/001_a.sql", "DROP TABLE one;\n");
  dir.write("migrations/002_b.sql", "DROP TABLE two;\n");
  git({"add", "."});
  git({"commit", "-qm", "base"});
  git({"checkout", "-qb", "feature"});
  dir.write("migrations/003_c.sql", "DROP TABLE three;\n");          // committed on the branch
  git({"add", "migrations/003_c.sql"});
  git({"commit", "-qm", "three"});
  dir.write("migrations/002_b.sql", "DROP TABLE two_changed;\n");  // changed, not committed
  dir.write("migrations/004_d.sql", "DROP TABLE four;\n");         // untracked
  dir.write("notes.sql", "DROP TABLE outside;\n");                  // outside --dir

  const auto result = run_pgapply({"lint", "--changed-since", "main"}, options);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "in 3 files"));
  CHECK_FALSE(contains(result.out, "DROP TABLE one"));
  CHECK(contains(result.out, "two_changed"));
  CHECK(contains(result.out, "three"));
  CHECK(contains(result.out, "four"));
  CHECK_FALSE(contains(result.out, "outside"));

  // What the branch adds is pending as one run: a table it creates is new for its later files; an
  // older table is not.
  git({"add", "."});
  git({"commit", "-qm", "more"});
  git({"checkout", "-qb", "indexes"});
  dir.write("migrations/005_tags.sql", "CREATE TABLE tags (id bigint PRIMARY KEY, label text);\n");
  dir.write("migrations/006_tags_label.sql", "CREATE INDEX tags_label ON tags (label);\n");
  dir.write("migrations/007_one_kind.sql", "CREATE INDEX one_kind ON one (kind);\n");
  const auto pending = run_pgapply({"lint", "--changed-since", "feature", "--format", "github"}, options);
  CHECK(pending.status == 4);
  CHECK_FALSE(contains(pending.out, "tags_label"));
  CHECK(contains(pending.out, "::error file=migrations/007_one_kind.sql,line=1,col=1,"
                              "title=require-concurrent-index-creation::CREATE INDEX one_kind ON one without "
                              "CONCURRENTLY"));

  const auto bad = run_pgapply({"lint", "--changed-since", "no-such-branch"}, options);
  CHECK(bad.status == 1);
  CHECK(contains(bad.err, "git merge-base no-such-branch HEAD failed"));
}

TEST_CASE("pgapply lint --list-rules shows each rule's severity, state and versions") {
  TempDir dir;
  auto result = run_pgapply({"lint", "--list-rules"}, in(dir));
  CHECK(result.status == 0);
  CHECK(contains(result.out, "require-table-schema"));
  CHECK(contains(result.out, "opt-in"));
  result = run_pgapply({"lint", "--list-rules", "--pg-version", "11", "--enable", "require-lock-timeout"}, in(dir));
  CHECK(contains(result.out, "not on 11"));
}
