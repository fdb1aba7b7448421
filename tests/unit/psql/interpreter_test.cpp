#include "psql/interpreter.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "core/error.hpp"
#include "migrate/checksum.hpp"
#include "migrate/file_sections.hpp"
#include "support/run_process.hpp"

using namespace pgapply;
using namespace pgapply::psql;
using Log = std::vector<std::string>;

namespace {

// Records what reaches the backend.
struct Recorder : Backend {
  Log log;
  void statement(const Statement& s) override {
    log.push_back(std::to_string(s.index) + " " + s.file + ":" + std::to_string(s.line) + " " + s.rendered.text);
  }
  void copy_data(std::string_view data, std::size_t, bool last) override {
    log.push_back("copy " + std::string(data) + (last ? "<end>" : ""));
  }
  void gexec(const Statement& s) override { log.push_back("gexec " + s.rendered.text); }
  void echo(const std::string& text, bool to_stderr) override { log.push_back((to_stderr ? "warn " : "echo ") + text); }
};

struct Run {
  test::TempDir dir;
  Variables variables;
  Recorder recorder;
  InterpreterSettings settings;
  Run() {
    settings.include_root = dir.path() + "/migrations";
    settings.working_directory = dir.path();
  }
  std::string write(const std::string& name, const std::string& text) {
    return dir.write("migrations/" + name, text);
  }
  Log run(const std::string& name, Interpreter& interpreter) {
    interpreter.run_file(dir.path() + "/migrations/" + name, "migrations/" + name);
    return recorder.log;
  }
  Log run(const std::string& name) {
    Interpreter interpreter(settings, variables, recorder);
    return run(name, interpreter);
  }
  std::string error(const std::string& name) {
    try {
      run(name);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::input);
      return e.what();
    }
    return "no error";
  }
};

}  // namespace

TEST_CASE("statements, COPY data and echo reach the backend in order") {
  Run r;
  r.write("1_a.sql", "select 1;\nCOPY t FROM stdin;\nx\n\\.\n\\echo hi there\n\\warn -n careful\nselect 2");
  CHECK(r.run("1_a.sql") == Log{"1 migrations/1_a.sql:1 select 1;", "2 migrations/1_a.sql:2 COPY t FROM stdin;",
                                "copy x\n<end>", "echo hi there\n", "warn careful", "3 migrations/1_a.sql:7 select 2"});
}

TEST_CASE("set, unset and interpolation, with -v variables") {
  Run r;
  r.variables.set("schema", "app");
  r.write("1_a.sql", "\\set ON_ERROR_STOP on\n\\set greeting 'hello ' world\nselect :'greeting', :\"schema\".t;\n\\unset greeting\nselect :'greeting';");
  CHECK(r.error("1_a.sql").find("migrations/1_a.sql:5:8: error: undefined variable :greeting") == 0);
  CHECK(r.recorder.log == Log{"1 migrations/1_a.sql:3 select 'hello world', \"app\".t;"});
}

TEST_CASE("if, elif, else and endif choose branches, nested") {
  Run r;
  r.variables.set("env", "prod");
  r.variables.set("is_prod", "on");
  r.write("1_a.sql",
          "\\if :is_prod\n"
          "  select 'prod';\n"
          "  \\if false\n    select 'never';\n    \\echo :undefined_is_fine_here\n  \\else\n    select 'nested else';\n  \\endif\n"
          "\\elif true\n  select 'elif';\n"
          "\\else\n  select 'else';\n"
          "\\endif\n"
          "\\if no\nselect 'no';\n\\elif 1\nselect 'elif 1';\n\\endif\n");
  CHECK(r.run("1_a.sql") == Log{"1 migrations/1_a.sql:2 select 'prod';", "2 migrations/1_a.sql:7 select 'nested else';",
                                "3 migrations/1_a.sql:17 select 'elif 1';"});
}

TEST_CASE("a COPY in a branch that does not run is skipped with its data") {
  Run r;
  r.write("1_a.sql", "\\if false\nCOPY t FROM stdin;\nx\n\\.\n\\endif\nselect 1;");
  CHECK(r.run("1_a.sql") == Log{"1 migrations/1_a.sql:6 select 1;"});
}

TEST_CASE("if errors name the file and line") {
  Run r;
  r.write("1_a.sql", "select 1;\n\\if maybe\n\\endif\n");
  CHECK(r.error("1_a.sql").find("migrations/1_a.sql:2: error: \\if: unrecognized value \"maybe\"") == 0);
  r.write("2_b.sql", "\\if true\nselect 1;\n");
  CHECK(r.error("2_b.sql").find("migrations/2_b.sql:1: error: \\if without a matching \\endif") == 0);
  r.write("3_c.sql", "\\else\n");
  CHECK(r.error("3_c.sql").find("migrations/3_c.sql:1: error: \\else without a matching \\if") == 0);
  r.write("4_d.sql", "\\if true\n\\else\n\\elif true\n\\endif\n");
  CHECK(r.error("4_d.sql").find("migrations/4_d.sql:3: error: \\elif after \\else") == 0);
  // psql reads every word as one expression: not the first word alone
  r.write("5_e.sql", "\\if true false\nselect 1;\n\\endif\n");
  CHECK(r.error("5_e.sql").find("migrations/5_e.sql:1: error: \\if: unrecognized value \"true false\"") == 0);
}

TEST_CASE("unknown meta-commands are errors naming file, line and command") {
  Run r;
  r.write("1_a.sql", "select 1;\n\\c otherdb\n");
  CHECK(r.error("1_a.sql").find("migrations/1_a.sql:2: error: \\c is not supported") == 0);
  r.write("2_b.sql", "\\copy t from 'x'\n");
  CHECK(r.error("2_b.sql").find("\\copy is not supported") != std::string::npos);
  // ... with what runs in its place when the rows follow it in the file
  CHECK(r.error("2_b.sql").find("write COPY ... FROM stdin; instead") != std::string::npos);
}

TEST_CASE("gexec runs the statement before it, g sends it, either re-runs the last one") {
  Run r;
  r.write("1_a.sql",
          "SELECT 'CREATE DATABASE x' WHERE NOT EXISTS (SELECT 1) \\gexec\n"
          "select 2\n\\g\n"
          "select 3;\n\\gexec\n");
  CHECK(r.run("1_a.sql") == Log{"gexec SELECT 'CREATE DATABASE x' WHERE NOT EXISTS (SELECT 1)",
                                "2 migrations/1_a.sql:2 select 2", "3 migrations/1_a.sql:4 select 3;",
                                "gexec select 3;"});
  r.write("2_b.sql", "\\g\n");
  CHECK(r.error("2_b.sql").find("no query to run") != std::string::npos);
}

TEST_CASE("i and ir include files in place") {
  Run r;
  r.write("common/grants.sql", "grant select on t to reader;\n\\ir more.sql\n");
  r.write("common/more.sql", "select 'more';\n");
  r.write("1_a.sql", "select 1;\n\\ir common/grants.sql\n\\i migrations/common/more.sql\nselect 2;\n");
  Interpreter kept(r.settings, r.variables, r.recorder);
  CHECK(r.run("1_a.sql", kept) ==
        Log{"1 migrations/1_a.sql:1 select 1;", "2 migrations/common/grants.sql:1 grant select on t to reader;",
            "3 migrations/common/more.sql:1 select 'more';", "4 migrations/common/more.sql:1 select 'more';",
            "5 migrations/1_a.sql:4 select 2;"});
  REQUIRE(kept.dependencies().size() == 3);
  CHECK(kept.dependencies()[0] == "include common/grants.sql " + migrate::checksum_of("grant select on t to reader;\n\\ir more.sql\n"));
  CHECK(kept.dependencies()[1] == "include common/more.sql " + migrate::checksum_of("select 'more';\n"));
  CHECK(kept.checksum() != kept.file_checksum());
}

TEST_CASE("includes must stay inside the migrations directory and must not cycle") {
  Run r;
  r.dir.write("outside.sql", "select 1;");
  r.write("1_a.sql", "\\ir ../outside.sql\n");
  CHECK(r.error("1_a.sql").find("migrations/1_a.sql:1: error: \\ir ../outside.sql: the file is outside") == 0);
  r.write("2_b.sql", "\\ir x.sql\n");
  r.write("x.sql", "\\ir y.sql\n");
  r.write("y.sql", "\\ir x.sql\n");
  CHECK(r.error("2_b.sql").find("migrations/y.sql:1: error: include cycle: migrations/2_b.sql -> migrations/x.sql -> migrations/y.sql -> migrations/x.sql") == 0);
  // The file named on the command line is in the cycle too (compared as a canonical path).
  r.write("4_d.sql", "\\ir ./4_d.sql\n");
  CHECK(r.error("4_d.sql").find("migrations/4_d.sql:1: error: include cycle: migrations/4_d.sql -> migrations/4_d.sql") == 0);
  r.write("3_c.sql", "\\ir nowhere.sql\n");
  CHECK(r.error("3_c.sql").find("no such file") != std::string::npos);
  r.write("sub/5_e.sql", "select 5;\n");
  r.write("5_e.sql", "\\ir sub\n");
  CHECK(r.error("5_e.sql").find("migrations/5_e.sql:1: error: \\ir sub: is a directory") == 0);
}

TEST_CASE("an \\i outside the migrations directory names the working directory it was read from, and the \\ir that reads the file") {
  Run r;
  r.write("inc/inc.sql", "select 1;\n");
  r.write("inc/my file.sql", "select 1;\n");
  // Written as if run from the directory above: read from the working directory, it is not there.
  r.write("2_b.sql", "\\i m/inc/inc.sql\n");
  const std::string cwd = std::filesystem::canonical(r.dir.path()).string();
  CHECK(r.error("2_b.sql") ==
        "migrations/2_b.sql:1: error: \\i m/inc/inc.sql: the file is outside " + r.settings.include_root.string() +
            " (a migration may include only files in its directory): \\i reads its path from the working directory, " +
            cwd + ", which makes it " + cwd + "/m/inc/inc.sql; \\ir inc/inc.sql reads it from the including file's "
            "directory: migrations/inc/inc.sql");
  // The path as written, when it names a file from the including file's directory.
  r.write("3_c.sql", "\\i inc/inc.sql\n");
  CHECK(r.error("3_c.sql").find(", which makes it " + cwd + "/inc/inc.sql; \\ir inc/inc.sql reads it") !=
        std::string::npos);
  // Quoted as psql reads it back.
  r.write("4_d.sql", "\\i 'x/inc/my file.sql'\n");
  CHECK(r.error("4_d.sql").find("; \\ir 'inc/my file.sql' reads it") != std::string::npos);
  // No \ir to offer when no such file is there: the working directory is still named.
  r.write("5_e.sql", "\\i m/inc/none.sql\n");
  const std::string none = r.error("5_e.sql");
  CHECK(none.find("\\i reads its path from the working directory, " + cwd) != std::string::npos);
  CHECK(none.find("\\ir") == std::string::npos);
}

TEST_CASE("the checksum is the file's own unless includes or variables are involved") {
  Run r;
  const std::string text = "select 1;\r\n";
  r.write("1_a.sql", text);
  Interpreter plain(r.settings, r.variables, r.recorder);
  r.run("1_a.sql", plain);
  CHECK(plain.checksum() == migrate::checksum_of(text));
  CHECK(plain.dependencies().empty());
  CHECK(plain.statements() == 1);

  r.write("2_b.sql", "select :v;\n");
  r.variables.set("v", "1");
  Interpreter one(r.settings, r.variables, r.recorder);
  r.run("2_b.sql", one);
  r.variables.set("v", "2");
  Interpreter two(r.settings, r.variables, r.recorder);
  r.run("2_b.sql", two);
  CHECK(one.dependencies() == std::vector<std::string>{"var v=1"});
  CHECK(one.file_checksum() == two.file_checksum());
  CHECK(one.checksum() != two.checksum());
}

TEST_CASE("restrict and unrestrict bracket a dump: no other meta-command in between") {
  Run r;
  r.write("1_dump.sql", "\\restrict abc123\nselect 1;\n\\unrestrict abc123\n\\echo after\n");
  CHECK(r.run("1_dump.sql") == Log{"1 migrations/1_dump.sql:2 select 1;", "echo after\n"});
  r.write("2_bad.sql", "\\restrict abc123\n\\echo smuggled\n\\unrestrict abc123\n");
  CHECK(r.error("2_bad.sql").find("migrations/2_bad.sql:2: error: \\echo is not allowed after \\restrict") == 0);
  r.write("3_key.sql", "\\restrict abc\n\\unrestrict xyz\n");
  CHECK(r.error("3_key.sql").find("the key does not match") != std::string::npos);
}

TEST_CASE("COPY data follows only a COPY that was sent, also by g") {
  Run r;
  r.write("1_a.sql", "COPY t FROM stdin \\g\n1\n\\.\n\\if false\nCOPY u FROM stdin;\n2\n\\.\n\\endif\nselect 3;\n");
  CHECK(r.run("1_a.sql") == Log{"1 migrations/1_a.sql:1 COPY t FROM stdin", "copy 1\n<end>", "2 migrations/1_a.sql:9 select 3;"});
}

TEST_CASE("psql's variable test is TRUE or FALSE, in statements and meta-commands") {
  Run r;
  r.variables.set("set_one", "x");
  r.write("1_a.sql", "select :{?set_one}, :{?unset_one};\n\\if :{?unset_one}\nselect 'never';\n\\else\nselect 'else';\n\\endif\n");
  CHECK(r.run("1_a.sql") == Log{"1 migrations/1_a.sql:1 select TRUE, FALSE;", "2 migrations/1_a.sql:5 select 'else';"});
}

TEST_CASE("a section of a file runs alone, at the file's lines, the checksum is the whole file's and its includes'") {
  Run r;
  r.write("inc.sql", "select 'included';\n");
  const std::string text =
      "-- migrate:up\n"
      "select 1;\n"
      "\\ir inc.sql\n"
      "-- migrate:down\n"
      "-- pgapply: no-transaction\n"
      "select 2;\n";
  const auto path = r.write("1_a.sql", text);
  const auto sections = migrate::parse_sections(text, "1_a.sql");
  REQUIRE(sections.down);

  Interpreter whole(r.settings, r.variables, r.recorder);
  whole.run_file(path, "migrations/1_a.sql");
  const std::string whole_checksum = whole.checksum();
  r.recorder.log.clear();

  Interpreter up(r.settings, r.variables, r.recorder);
  up.run_file(path, "migrations/1_a.sql", file_range(sections.up.span));
  CHECK(r.recorder.log == Log{"1 migrations/1_a.sql:2 select 1;", "2 migrations/inc.sql:1 select 'included';"});
  CHECK(up.file_checksum() == migrate::checksum_of(text));
  CHECK(up.checksum() == whole_checksum);
  CHECK(up.header() == "-- migrate:up\n");
  CHECK(up.header_line() == 1);
  r.recorder.log.clear();

  Interpreter down(r.settings, r.variables, r.recorder);
  down.run_file(path, "migrations/1_a.sql", file_range(sections.down->span));
  CHECK(r.recorder.log == Log{"1 migrations/1_a.sql:6 select 2;"});
  CHECK(down.file_checksum() == migrate::checksum_of(text));
  CHECK(down.header() == "-- migrate:down\n-- pgapply: no-transaction\n");
  CHECK(down.header_line() == 4);
}

TEST_CASE("an included file is shown as the file that includes it is: relative stays relative, absolute absolute") {
  Run r;
  r.write("x.sql", "\\ir sub/y.sql\n");
  r.write("sub/y.sql", "select 'y';\n\\ir ../z.sql\n");
  r.write("z.sql", "select 'z';\n");
  const std::string absolute = r.dir.path() + "/migrations/x.sql";
  Interpreter shown_absolute(r.settings, r.variables, r.recorder);
  shown_absolute.run_file(absolute, absolute);
  CHECK(r.recorder.log == Log{"1 " + r.dir.path() + "/migrations/sub/y.sql:1 select 'y';",
                              "2 " + r.dir.path() + "/migrations/z.sql:1 select 'z';"});
  r.recorder.log.clear();
  Interpreter shown_relative(r.settings, r.variables, r.recorder);
  shown_relative.run_file(absolute, "../elsewhere/migrations/x.sql");
  CHECK(r.recorder.log == Log{"1 ../elsewhere/migrations/sub/y.sql:1 select 'y';",
                              "2 ../elsewhere/migrations/z.sql:1 select 'z';"});
  // \i names a file relative to the working directory: shown as written.
  r.write("w.sql", "\\i migrations/./z.sql\n");
  r.recorder.log.clear();
  CHECK(r.run("w.sql") == Log{"1 migrations/z.sql:1 select 'z';"});
  // A cycle names each file as shown.
  r.write("c.sql", "\\ir c.sql\n");
  Interpreter cycle(r.settings, r.variables, r.recorder);
  const std::string c = r.dir.path() + "/migrations/c.sql";
  try {
    cycle.run_file(c, c);
    FAIL("no cycle found");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find(c + ":1: error: include cycle: " + c + " -> " + c) == 0);
  }
}
