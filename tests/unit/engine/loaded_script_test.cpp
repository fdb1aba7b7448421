#include "engine/loaded_script.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "core/error.hpp"
#include "io/files.hpp"
#include "migrate/checksum.hpp"
#include "support/run_process.hpp"

using namespace pgapply;

namespace {

engine::LoadedScript load(const std::string& path, std::size_t memory_limit = static_cast<std::size_t>(-1)) {
  return engine::load_script(path, path, {}, {}, engine::ScriptUse::migration, memory_limit);
}

engine::ScriptAnalysis analyze(const std::string& path) { return load(path).analysis(); }

// What a replay hands a backend, as text.
class Trace : public psql::Backend {
 public:
  std::string out;
  void statement(const psql::Statement& s) override {
    out += "statement " + std::to_string(s.index) + " " + s.file + ":" + std::to_string(s.line) + ":" +
           std::to_string(s.column) + " [" + s.rendered.text + "] from [" + s.original + "]\n";
  }
  void copy_data(std::string_view data, std::size_t line, bool last) override {
    out += "copy " + std::to_string(line) + (last ? " last" : "") + " [" + std::string(data) + "]\n";
  }
  void gexec(const psql::Statement& q) override { out += "gexec " + std::to_string(q.index) + " [" + q.rendered.text + "]\n"; }
  void echo(const std::string& text, bool to_stderr) override { out += (to_stderr ? "warn [" : "echo [") + text + "]\n"; }
};

std::string replayed(const engine::LoadedScript& script) {
  Trace trace;
  script.replay(trace);
  return trace.out;
}

}  // namespace

TEST_CASE("the example migrations run in the modes their shapes call for") {
  const std::string dir = test::source_path("migrations");
  CHECK(analyze(dir + "/001_initial_schema.sql").plan.mode == psql::TransactionMode::wrapped);
  const auto prefs = analyze(dir + "/005_user_preferences.sql");
  CHECK(prefs.plan.mode == psql::TransactionMode::own);
  CHECK(prefs.plan.statements == 4);
  CHECK(prefs.plan.begin_statement == 1);
  CHECK(prefs.plan.commit_statement == 4);
  const auto index = analyze(dir + "/006_prices_day_index.sql");
  CHECK(index.plan.mode == psql::TransactionMode::autocommit);
  CHECK(index.plan.reason.find("CREATE INDEX CONCURRENTLY at line 7") == 0);
  CHECK(index.checksum == migrate::checksum_of(io::read_file(dir + "/006_prices_day_index.sql")));
  CHECK_FALSE(index.has_dependencies);
}

TEST_CASE("gexec of CREATE DATABASE makes a file run outside a transaction") {
  test::TempDir dir;
  const auto path = dir.write("1_db.sql",
      "SELECT 'CREATE DATABASE reports' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'reports')\\gexec\n");
  const auto analysis = analyze(path);
  CHECK(analysis.plan.mode == psql::TransactionMode::autocommit);
  CHECK(analysis.plan.reason.find("CREATE DATABASE (run by \\gexec) at line 1") == 0);
}

TEST_CASE("directives in the header decide, and bad ones are errors") {
  test::TempDir dir;
  CHECK(analyze(dir.write("1.sql", "-- pgapply: no-transaction\nselect 1;")).plan.mode ==
        psql::TransactionMode::autocommit);
  CHECK_THROWS_AS(analyze(dir.write("2.sql", "-- pgapply: sometimes\nselect 1;")), Error);
  CHECK_THROWS_AS(analyze(dir.write("3.sql", "BEGIN;\nselect 1;\n")), Error);
}

TEST_CASE("a replay hands over what the interpreter produced, read once") {
  test::TempDir dir;
  dir.write("inc.sql", "insert into t values (:v);\n");
  const auto path = dir.write("1_x.sql",
                              "\\set v 7\ncreate table t (a int);\n\\echo hello\n\\ir inc.sql\n"
                              "copy t from stdin;\n1\n2\n\\.\n\\if false\nselect 'skipped';\n\\endif\n"
                              "select 'one'\\gexec\n\\warn done\n");
  const auto script = load(path);
  const std::string trace = replayed(script);
  CHECK(trace ==
        "statement 1 " + path + ":2:1 [create table t (a int);] from [create table t (a int);]\n"
        "echo [hello\n]\n"
        "statement 2 " + dir.path() + "/inc.sql:1:1 [insert into t values (7);] from [insert into t values (:v);]\n"
        "statement 3 " + path + ":5:1 [copy t from stdin;] from [copy t from stdin;]\n"
        "copy 6 last [1\n2\n]\n"
        "gexec 4 [select 'one']\n"
        "warn [done\n]\n");
  CHECK(script.statements() == 4);
  // Deleted on disk: the replay does not read it again.
  std::filesystem::remove(path);
  CHECK(replayed(script) == trace);
}

TEST_CASE("a script over its memory limit is read again when replayed, to the same steps") {
  test::TempDir dir;
  std::string text;
  for (int i = 0; i < 200; ++i) text += "insert into t values (" + std::to_string(i) + ");\n";
  const auto path = dir.write("big.sql", text);
  const auto kept = load(path);
  const auto streamed = load(path, 1024);
  CHECK(replayed(streamed) == replayed(kept));
  CHECK(streamed.statements() == 200);
}

TEST_CASE("statement traits: what must run alone outside a transaction") {
  test::TempDir dir;
  const auto script = load(dir.write("1.sql",
                                     "-- pgapply: no-transaction\n"
                                     "create table t (a int);\n"
                                     "create index concurrently i on t (a);\n"
                                     "call p();\n"
                                     "do $$ begin update t set a = 1; commit; end $$;\n"
                                     "do $$ begin update t set a = 2; end $$;\n"
                                     "begin;\n"
                                     "commit;\n"));
  CHECK_FALSE(script.traits(1).needs_autocommit);
  CHECK_FALSE(script.traits(1).may_commit);
  CHECK(script.traits(2).needs_autocommit);
  CHECK(script.traits(3).may_commit);
  CHECK(script.traits(4).may_commit);
  CHECK_FALSE(script.traits(5).may_commit);
  CHECK(script.traits(6).control == lexer::TransactionControl::begin);
  CHECK(script.traits(7).control == lexer::TransactionControl::commit);
  CHECK(script.line_of(3) == 4);
  // Unmarked, a DO block that commits makes the file run statement by
  // statement (in pgapply's transaction it would fail); a CALL does not.
  CHECK(analyze(dir.write("2.sql", "create table t (a int);\ndo $$ begin update t set a = 1; commit; end $$;\n"))
            .plan.mode == psql::TransactionMode::autocommit);
  CHECK(analyze(dir.write("3.sql", "create table t (a int);\ncall p();\n")).plan.mode ==
        psql::TransactionMode::wrapped);
}

TEST_CASE("a file that changes its session settings says so, others do not") {
  test::TempDir dir;
  CHECK_FALSE(analyze(dir.write("1.sql", "create table t (a int);\ninsert into t values (1);\n")).changes_session);
  CHECK(analyze(dir.write("2.sql", "set search_path = x;\ncreate table t (a int);\n")).changes_session);
  CHECK(analyze(dir.write("3.sql", "select set_config('a.b', 'c', false);\n")).changes_session);
}

TEST_CASE("after the lock: a file or an include edited since it was loaded is noticed") {
  test::TempDir dir;
  dir.write("inc.sql", "select 1;\n");
  const auto path = dir.write("1_x.sql", "\\ir inc.sql\nselect 2;\n");
  psql::InterpreterSettings settings;
  settings.include_root = dir.path();
  const auto script = engine::load_script(path, path, settings, {});
  std::string changed;
  CHECK(script.unchanged_on_disk(&changed));
  dir.write("inc.sql", "select 3;\n");
  CHECK_FALSE(script.unchanged_on_disk(&changed));
  CHECK(changed == dir.path() + "/inc.sql");
  dir.write("inc.sql", "select 1;\n");
  dir.write("1_x.sql", "\\ir inc.sql\nselect 2;\r\n");  // CRLF reads as LF: the same checksum
  CHECK(script.unchanged_on_disk(&changed));
}

TEST_CASE("first_statements keeps a file's first statements with their COPY data, in the same mode") {
  test::TempDir dir;
  const auto script = load(dir.write("1_x.sql", "create table t (a int);\ncopy t from stdin;\n1\n\\.\n\\echo two done\n"
                                                "create index concurrently t_a on t (a);\nselect 4;\n"));
  REQUIRE(script.statements() == 4);
  const auto prefix = script.first_statements(2);
  CHECK(prefix.statements() == 2);
  CHECK(prefix.analysis().plan.mode == psql::TransactionMode::autocommit);
  CHECK(prefix.analysis().checksum == script.analysis().checksum);
  const std::string trace = replayed(prefix);
  INFO(trace);
  CHECK(trace.find("statement 2 ") != std::string::npos);
  CHECK(trace.find("copy 3 last [1\n]") != std::string::npos);
  CHECK(trace.find("statement 3 ") == std::string::npos);
  CHECK(trace.find("statement 4 ") == std::string::npos);
  CHECK(replayed(script.first_statements(4)) == replayed(script));
}

TEST_CASE("a migration's -- pgapply: directive below its first statement is found, an exec'd file's is a comment") {
  test::TempDir dir;
  const auto path = dir.write("001_a.sql", "CREATE TABLE y1 (id int);\n-- pgapply: no-transaction\nSELECT 1/0;\n");
  CHECK(load(path).analysis().misplaced_directive.find(path + ":2: error: '-- pgapply: no-transaction' after the "
                                                              "first statement is not read") == 0);
  const auto exec = engine::load_script(path, path, {}, {}, engine::ScriptUse::exec, static_cast<std::size_t>(-1));
  CHECK(exec.analysis().misplaced_directive.empty());
  // A byte order mark before the header's directive: it is read.
  const auto marked = dir.write("002_b.sql", "\xEF\xBB\xBF-- pgapply: no-transaction\nselect 1;\n");
  CHECK(load(marked).analysis().directives.transaction == false);
}
