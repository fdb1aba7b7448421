#include "migrate/file_sections.hpp"

#include <string>

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply::migrate;

namespace {

std::string_view text_of(std::string_view text, const FileSpan& span) {
  return text.substr(span.begin, span.end - span.begin);
}

// The Error(input) message parse_sections throws, or "" when it does not.
std::string error_of(std::string_view text) {
  try {
    parse_sections(text, "m.sql");
  } catch (const pgapply::Error& error) {
    CHECK(error.kind() == pgapply::ErrorKind::input);
    CHECK(error.located());
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a file without markers is plain: the whole file is the migration") {
  const std::string text = "-- adds users\nCREATE TABLE users (id int);\n-- migrate the data: later\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::plain);
  CHECK(sections.up.span.begin == 0);
  CHECK(sections.up.span.end == text.size());
  CHECK(sections.up.span.line == 1);
  CHECK_FALSE(sections.down);
  CHECK_FALSE(may_hold_sections(text));
  CHECK(may_hold_sections("x;\n  -- +goose Up\n"));
  CHECK(may_hold_sections("-- MIGRATE:up\n"));
  CHECK_FALSE(may_hold_sections("select '-- migrate:up';\n"));
}

TEST_CASE("dbmate: up and down sections, with the file's lines") {
  const std::string text =
      "-- created by dbmate\n"
      "-- migrate:up\n"
      "CREATE TABLE t (a int);\n"
      "\n"
      "-- migrate:down\n"
      "DROP TABLE t;\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::dbmate);
  CHECK(text_of(text, sections.up.span) ==
        "-- created by dbmate\n-- migrate:up\nCREATE TABLE t (a int);\n\n");
  CHECK(sections.up.span.line == 1);
  CHECK(sections.up.marker_line == 2);
  CHECK(sections.up.transaction == TransactionDirective::none);
  REQUIRE(sections.down);
  CHECK(text_of(text, sections.down->span) == "-- migrate:down\nDROP TABLE t;\n");
  CHECK(sections.down->span.line == 5);
  CHECK(sections.down->marker_line == 5);
  CHECK(sections.down->span.end == text.size());
}

TEST_CASE("dbmate: transaction:false, per section, and the marker spellings dbmate accepts") {
  const std::string text =
      "--migrate:up   transaction:false\r\n"
      "CREATE INDEX CONCURRENTLY i ON t (a);\r\n"
      "-- migrate:down\r\n"
      "DROP INDEX i;\r\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::dbmate);
  CHECK(sections.up.transaction == TransactionDirective::no_transaction);
  CHECK(sections.up.transaction_line == 1);
  REQUIRE(sections.down);
  CHECK(sections.down->transaction == TransactionDirective::none);
  CHECK(sections.down->span.line == 3);

  const auto down_only = parse_sections("-- migrate:up\nselect 1;\n-- migrate:down transaction:false\n", "m.sql");
  CHECK(down_only.up.transaction == TransactionDirective::none);
  CHECK(down_only.down->transaction == TransactionDirective::no_transaction);
  CHECK(down_only.down->transaction_line == 3);
  CHECK(parse_sections("-- migrate:up transaction:true\n-- migrate:down\n", "m.sql").up.transaction ==
        TransactionDirective::none);
  // Not markers at all: dbmate's regular expression does not match them.
  CHECK(parse_sections("-- migrate:upgrade later\nselect 1;\n", "m.sql").format == SectionFormat::plain);
  CHECK(parse_sections("select 1; -- migrate:down\n", "m.sql").format == SectionFormat::plain);
}

TEST_CASE("dbmate: a marker inside a string, a dollar quote or a block comment is text") {
  const std::string text =
      "-- migrate:up\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
      "BEGIN\n"
      "-- migrate:down\n"
      "  RETURN 1;\n"
      "END $$;\n"
      "SELECT '\n"
      "-- migrate:down\n"
      "';\n"
      "/* a comment\n"
      "-- migrate:down\n"
      "*/\n"
      "COPY t FROM stdin;\n"
      "-- migrate:down\n"
      "\\.\n"
      "-- migrate:down\n"
      "DROP FUNCTION f();\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::dbmate);
  REQUIRE(sections.down);
  CHECK(sections.down->marker_line == 16);
  CHECK(text_of(text, sections.down->span) == "-- migrate:down\nDROP FUNCTION f();\n");
}

TEST_CASE("dbmate: a marker in the middle of a statement ends the section there") {
  // dbmate cuts the file at the marker; so does pgapply (the statement has no ';').
  const std::string text = "-- migrate:up\nCREATE TABLE t (a int)\n-- migrate:down\nDROP TABLE t;\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(text_of(text, sections.up.span) == "-- migrate:up\nCREATE TABLE t (a int)\n");
  CHECK(sections.down->span.line == 3);
}

TEST_CASE("dbmate: misplaced, repeated, missing and misspelt markers are errors at their line") {
  CHECK(error_of("-- migrate:down\nDROP TABLE t;\n-- migrate:up\nCREATE TABLE t ();\n") ==
        "m.sql:1: error: -- migrate:down before any -- migrate:up (dbmate requires the up section first)");
  CHECK(error_of("-- migrate:up\nselect 1;\n-- migrate:down\n-- migrate:up\nselect 2;\n-- migrate:down\n")
            .find("m.sql:4: error: a second -- migrate:up (the first is at line 1)") == 0);
  CHECK(error_of("-- migrate:up\n-- migrate:down\nselect 1;\n-- migrate:down\n") ==
        "m.sql:4: error: a second -- migrate:down (the first is at line 2)");
  CHECK(error_of("-- migrate:up\nCREATE TABLE t ();\n").find("m.sql:1: error: -- migrate:up without -- migrate:down") ==
        0);
  CHECK(error_of("CREATE TYPE s AS ENUM ('a');\n-- migrate:up\nselect 1;\n-- migrate:down\n") ==
        "m.sql:1: error: a statement before -- migrate:up (line 2): dbmate allows only comments before it");
  CHECK(error_of("\\set x 1\n-- migrate:up\n-- migrate:down\n").find("m.sql:1: error: a statement before") == 0);
  CHECK(error_of("-- migrate:up\nselect 1;\n-- migrate:Down\nselect 2;\n").find("m.sql:3: error: '-- migrate:Down' "
                                                                                "is not a dbmate marker") == 0);
  CHECK(error_of("-- migrate: up\n").find("m.sql:1: error: '-- migrate: up' is not a dbmate marker") == 0);
  CHECK(error_of("-- migrate:up\nselect 1;\n  -- migrate:down\nselect 2;\n")
            .find("m.sql:3: error: -- migrate:down must start at the beginning of its line (dbmate would read it") ==
        0);
  CHECK(error_of("-- migrate:up transaction:off\n-- migrate:down\n") ==
        "m.sql:1: error: unknown dbmate option 'transaction:off' (dbmate knows transaction:false and "
        "transaction:true)");
  CHECK(error_of("-- migrate:up timeout:5\n-- migrate:down\n").find("unknown dbmate option 'timeout:5'") !=
        std::string::npos);
  // Comments (of any kind) before the up marker are fine.
  CHECK(error_of("/* header */\n-- note\n\n-- migrate:up\n-- migrate:down\n").empty());
}

TEST_CASE("goose: Up and Down, StatementBegin/End blocks in each") {
  const std::string text =
      "-- +goose Up\n"
      "CREATE TABLE t (a int);\n"
      "-- +goose StatementBegin\n"
      "CREATE FUNCTION f() RETURNS trigger AS $$\n"
      "BEGIN RETURN NEW; END;\n"
      "$$ LANGUAGE plpgsql;\n"
      "-- +goose StatementEnd\n"
      "\n"
      "-- +goose Down\n"
      "-- +goose StatementBegin\n"
      "DROP FUNCTION f(); DROP TABLE t;\n"
      "-- +goose StatementEnd\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::goose);
  CHECK(sections.up.span.begin == 0);
  CHECK(sections.up.marker_line == 1);
  CHECK(text_of(text, sections.up.span).substr(0, 13) == "-- +goose Up\n");
  CHECK(text_of(text, sections.up.span).find("Down") == std::string::npos);
  REQUIRE(sections.up.statement_blocks.size() == 1);
  const FileSpan& block = sections.up.statement_blocks[0];
  CHECK(text_of(text, block) ==
        "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN RETURN NEW; END;\n$$ LANGUAGE plpgsql;\n");
  CHECK(block.line == 4);
  REQUIRE(sections.down);
  CHECK(sections.down->span.line == 9);
  CHECK(sections.down->marker_line == 9);
  REQUIRE(sections.down->statement_blocks.size() == 1);
  CHECK(text_of(text, sections.down->statement_blocks[0]) == "DROP FUNCTION f(); DROP TABLE t;\n");
  CHECK(sections.down->statement_blocks[0].line == 11);
  CHECK(sections.up.transaction == TransactionDirective::none);
}

TEST_CASE("goose: annotations in any case, NO TRANSACTION anywhere for both directions, Down optional") {
  const std::string text =
      "-- +goose up\n"
      "CREATE INDEX CONCURRENTLY i ON t (a);\n"
      "--+goose no transaction\n"
      "-- +GOOSE Down is not an annotation: goose looks for the lower-case word\n"
      "-- +goose DOWN\n"
      "DROP INDEX i;\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::goose);
  CHECK(sections.up.transaction == TransactionDirective::no_transaction);
  CHECK(sections.up.transaction_line == 3);
  REQUIRE(sections.down);
  CHECK(sections.down->transaction == TransactionDirective::no_transaction);
  CHECK(sections.down->span.line == 5);

  const std::string up_only = "-- +goose NO TRANSACTION\n-- +goose Up\nVACUUM;\n";
  const auto only = parse_sections(up_only, "m.sql");
  CHECK_FALSE(only.down);
  CHECK(only.up.span.end == up_only.size());
  CHECK(only.up.transaction_line == 1);
  // An empty Down section is a rollback with nothing to run.
  const auto empty_down = parse_sections("-- +goose Up\nselect 1;\n-- +goose Down\n", "m.sql");
  REQUIRE(empty_down.down);
  CHECK(empty_down.down->span.line == 3);
  CHECK(parse_sections("-- +goose Up\n-- +goose ENVSUB OFF\nselect 1;\n", "m.sql").format == SectionFormat::goose);
}

TEST_CASE("goose: a marker in a dollar quote or a string is text") {
  const std::string text =
      "-- +goose Up\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$\n"
      "-- +goose Down\n"
      "SELECT 1\n"
      "$body$;\n"
      "SELECT E'\\'\n"
      "-- +goose StatementEnd\n"
      "';\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::goose);
  CHECK_FALSE(sections.down);
  CHECK(sections.up.statement_blocks.empty());
}

TEST_CASE("goose: errors at their line") {
  CHECK(error_of("-- +goose Up\n-- +goose StatementBegin\nselect 1;\n") ==
        "m.sql:2: error: -- +goose StatementBegin without -- +goose StatementEnd");
  CHECK(error_of("-- +goose Up\n-- +goose StatementBegin\nselect 1;\n-- +goose Down\n") ==
        "m.sql:2: error: -- +goose StatementBegin without -- +goose StatementEnd before -- +goose Down at line 4");
  CHECK(error_of("-- +goose Up\nselect 1;\n-- +goose StatementEnd\n") ==
        "m.sql:3: error: -- +goose StatementEnd without -- +goose StatementBegin");
  CHECK(error_of("-- +goose Up\n-- +goose StatementBegin\n-- +goose StatementBegin\n")
            .find("m.sql:3: error: -- +goose StatementBegin inside the block opened at line 2") == 0);
  CHECK(error_of("-- +goose Down\nselect 1;\n-- +goose Up\n") == "m.sql:1: error: -- +goose Down before any -- +goose Up");
  CHECK(error_of("-- +goose Up\n-- +goose Up\n") == "m.sql:2: error: a second -- +goose Up (the first is at line 1)");
  CHECK(error_of("-- +goose Up\n-- +goose Down\n-- +goose Down\n") ==
        "m.sql:3: error: a second -- +goose Down (the first is at line 2)");
  CHECK(error_of("-- +goose StatementBegin\n-- +goose Up\n").find("m.sql:1: error: -- +goose StatementBegin before") ==
        0);
  CHECK(error_of("-- +goose NO TRANSACTION\nselect 1;\n") ==
        "m.sql:1: error: a goose annotation in a file without -- +goose Up (goose requires it first)");
  CHECK(error_of("select 1;\n-- +goose Up\n") ==
        "m.sql:1: error: a statement before -- +goose Up (line 2): goose allows only comments before it");
  CHECK(error_of("-- +goose Up\n  -- +goose Down\n") ==
        "m.sql:2: error: -- +goose Down must start at the beginning of its line (goose refuses it)");
  CHECK(error_of("-- +goose Upp\n").find("m.sql:1: error: unknown goose annotation ('Upp')") == 0);
  CHECK(error_of("-- +goose Up +goose Down\n").find("unknown goose annotation (more than one +goose)") !=
        std::string::npos);
  // A comment that speaks of +goose in passing: a comment in a plain file (a hunt's find), goose's error in a goose one.
  const std::string ported = "-- Ported from goose: the +goose Up/Down annotations were removed.\ncreate table a ();\n";
  CHECK(parse_sections(ported, "m.sql").format == SectionFormat::plain);
  CHECK(error_of("-- +goose Up\n" + ported).find("m.sql:2: error: unknown goose annotation") == 0);
  CHECK(error_of("-- +goose Up\n-- +goose ENVSUB ON\nselect '${X}';\n")
            .find("m.sql:2: error: -- +goose ENVSUB ON: pgapply does not replace ${VAR}") == 0);
  CHECK(error_of("-- migrate:up\n-- +goose Down\n-- migrate:down\n")
            .find("m.sql:2: error: -- +goose Down in a dbmate file (line 1 has -- migrate:up)") == 0);
}

TEST_CASE("a byte-order mark before the first marker, and split errors with their column") {
  const std::string text = "\xEF\xBB\xBF-- migrate:up\nselect 1;\n-- migrate:down\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(sections.format == SectionFormat::dbmate);
  CHECK(sections.down->span.line == 3);
  CHECK(error_of("-- migrate:up\nselect 'open;\n-- migrate:down\n") ==
        "m.sql:2:8: error: unterminated quoted string");
}

TEST_CASE("text that cannot be split after the down marker is the down section's: the up section stands") {
  const std::string text = "-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\nselect 'oops;\n";
  const auto sections = parse_sections(text, "m.sql");
  CHECK(text_of(text, sections.up.span) == "-- migrate:up\ncreate table a (id int);\n");
  REQUIRE(sections.down);
  CHECK(text_of(text, sections.down->span) == "-- migrate:down\ndrop table a;\nselect 'oops;\n");
  const std::string goose = "-- +goose Up\nselect 1;\n-- +goose Down\nselect $$never closed;\n";
  CHECK(text_of(goose, parse_sections(goose, "m.sql").down->span) == "-- +goose Down\nselect $$never closed;\n");
  // Before it, the error is the file's; so is one the markers up to it cannot explain.
  CHECK(error_of("-- +goose Up\nselect 1;\n-- +goose Down\n-- +goose StatementBegin\nselect 'x;\n") ==
        "m.sql:5:8: error: unterminated quoted string");
}
