#include "split/splitter.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace pgapply::split;
using Strings = std::vector<std::string>;

namespace {

std::string text_of(std::string_view input, const Item& item) {
  return std::string(input.substr(item.start, item.end - item.start));
}

// The text of every item, meta-commands and COPY data prefixed with their kind.
Strings items_of(std::string_view input) {
  Strings out;
  for (const auto& item : split(input)) {
    std::string prefix = item.kind == ItemKind::sql ? "" : std::string(to_string(item.kind)) + ":";
    out.push_back(prefix + text_of(input, item));
  }
  return out;
}

SplitError error_of(std::string_view input) {
  try {
    split(input);
  } catch (const SplitError& error) {
    return error;
  }
  FAIL("no error for: " << input);
  return SplitError("", 0, 0, 0, false);
}

}  // namespace

TEST_CASE("statements end at semicolons, and space and comments between belong to none") {
  CHECK(items_of("select 1; select 2;") == Strings{"select 1;", "select 2;"});
  CHECK(items_of("  -- lead\n/* c */ select 1 ;\n\n") == Strings{"select 1 ;"});
  CHECK(items_of("select 1;;;select 2") == Strings{"select 1;", "select 2"});
  CHECK(items_of(";; ;") == Strings{});
  CHECK(items_of("") == Strings{});
  CHECK(items_of("-- only a comment") == Strings{});
}

TEST_CASE("a last statement without a semicolon ends at its last token") {
  const std::string input = "select 1;\nselect 2 -- trailing\n  ";
  const auto items = split(input);
  REQUIRE(items.size() == 2);
  CHECK(text_of(input, items[1]) == "select 2");
  CHECK_FALSE(items[1].terminated);
  CHECK(items[0].terminated);
}

TEST_CASE("items carry byte offsets, lines and columns") {
  const std::string input = "select 1;\n  select 'é'; select 3;\n";
  const auto items = split(input);
  REQUIRE(items.size() == 3);
  CHECK(items[0].start == 0);
  CHECK(items[0].end == 9);
  CHECK(items[0].line == 1);
  CHECK(items[0].column == 1);
  CHECK(items[1].line == 2);
  CHECK(items[1].column == 3);
  CHECK(items[2].line == 2);
  CHECK(items[2].column == 15);  // columns count characters: 'é' is one
  CHECK(items[2].start == 25);   // offsets count bytes: 'é' is two
}

TEST_CASE("standard strings: '' doubles a quote, a backslash is just a byte") {
  CHECK(items_of("select 'it''s; here'; select 2;") ==
        Strings{"select 'it''s; here';", "select 2;"});
  CHECK(items_of("select 'C:\\'; select 2;") == Strings{"select 'C:\\';", "select 2;"});
  CHECK(items_of("select ''''; select 2;") == Strings{"select '''';", "select 2;"});
}

TEST_CASE("escape strings: backslash escapes a quote and itself") {
  CHECK(items_of("select E'it\\'s; x'; select 2;") == Strings{"select E'it\\'s; x';", "select 2;"});
  CHECK(items_of("select e'\\\\'; select 2;") == Strings{"select e'\\\\';", "select 2;"});
  CHECK(items_of("select E'a''b;'; select 2;") == Strings{"select E'a''b;';", "select 2;"});
  // Only a word that is exactly E makes an escape string: xe'\' is a word then a standard string.
  CHECK(items_of("select xe'\\'; select 2;") == Strings{"select xe'\\';", "select 2;"});
  // A number then E: PostgreSQL reads 1 then E'...'.
  CHECK(items_of("select 1E'\\';'; select 2;") == Strings{"select 1E'\\';';", "select 2;"});
}

TEST_CASE("U&, B, X and N literals and UESCAPE") {
  CHECK(items_of("select U&'d!0061t!+000061;' UESCAPE '!'; select 2;") ==
        Strings{"select U&'d!0061t!+000061;' UESCAPE '!';", "select 2;"});
  // In U&'' a backslash is a Unicode escape, never a quote escape.
  CHECK(items_of("select U&'\\'; select 2;") == Strings{"select U&'\\';", "select 2;"});
  CHECK(items_of("select U&'x' UESCAPE ''''; select 2;") ==
        Strings{"select U&'x' UESCAPE '''';", "select 2;"});
  CHECK(items_of("select B'1010', X'1F;', N'na;me', b'1', x'a', n'b'; select 2;") ==
        Strings{"select B'1010', X'1F;', N'na;me', b'1', x'a', n'b';", "select 2;"});
}

TEST_CASE("adjacent literals on separate lines continue one literal, in its mode") {
  // The server reads E'a' '\'; c' as one escape string: \' is an escaped quote.
  CHECK(items_of("select E'a'\n'b\\'; c';\nselect 2;") ==
        Strings{"select E'a'\n'b\\'; c';", "select 2;"});
  // Comments may sit between the parts.
  CHECK(items_of("select E'a' -- note\n  -- more\n'\\'; x';\nselect 2;") ==
        Strings{"select E'a' -- note\n  -- more\n'\\'; x';", "select 2;"});
  // On the same line there is no continuation: the second literal is a standard one.
  CHECK(items_of("select E'a' '\\'; select 2;") == Strings{"select E'a' '\\';", "select 2;"});
  // A standard literal continues as a standard one: the backslash does not escape.
  CHECK(items_of("select 'a'\n'\\'; select 2;") == Strings{"select 'a'\n'\\';", "select 2;"});
  // B'' and X'' continue too (scan.l's xb and xh states), without escapes.
  CHECK(items_of("select B'1'\n'\\'; select 2;") == Strings{"select B'1'\n'\\';", "select 2;"});
  // \v is whitespace (PostgreSQL 16+), horizontal like \f.
  CHECK(items_of("select E'a' \v\n\v'\\'; x';\nselect 2;") ==
        Strings{"select E'a' \v\n\v'\\'; x';", "select 2;"});
  // A /* comment between the parts ends the literal (scan.l allows only --).
  CHECK(items_of("select E'a' /* c */\n'\\'; select 2;") ==
        Strings{"select E'a' /* c */\n'\\';", "select 2;"});
}

TEST_CASE("quoted identifiers: \"\" doubles a quote, U&\"\" too") {
  CHECK(items_of("select \"a;\"\"b\" from t; select 2;") ==
        Strings{"select \"a;\"\"b\" from t;", "select 2;"});
  CHECK(items_of("select U&\"d\\0061t;\" from t; select 2;") ==
        Strings{"select U&\"d\\0061t;\" from t;", "select 2;"});
  CHECK(items_of("select \"it's\"; select 2;") == Strings{"select \"it's\";", "select 2;"});
}

TEST_CASE("line comments run to the end of the line") {
  CHECK(items_of("select 1 -- ; not the end\n; select 2") ==
        Strings{"select 1 -- ; not the end\n;", "select 2"});
  CHECK(items_of("select 1 --'\n; select 2") == Strings{"select 1 --'\n;", "select 2"});
  // An operator before -- does not hide the comment.
  CHECK(items_of("select 1 +-- x;\n1; select 2;") == Strings{"select 1 +-- x;\n1;", "select 2;"});
}

TEST_CASE("block comments nest to any depth") {
  CHECK(items_of("/* a /* b; */ c; */ select 1;") == Strings{"select 1;"});
  CHECK(items_of("select /* 1 /* 2 /* 3; */ */ */ 1; select 2;") ==
        Strings{"select /* 1 /* 2 /* 3; */ */ */ 1;", "select 2;"});
  CHECK(items_of("select 1 /*/ ; */; select 2;") == Strings{"select 1 /*/ ; */;", "select 2;"});
  CHECK(items_of("select 2 */* x; */ 1; select 3;") ==
        Strings{"select 2 */* x; */ 1;", "select 3;"});
  CHECK(items_of("select '/*'; select 2;") == Strings{"select '/*';", "select 2;"});
}

TEST_CASE("dollar quotes") {
  CHECK(items_of("do $$ begin raise notice 'x;'; end $$; select 2;") ==
        Strings{"do $$ begin raise notice 'x;'; end $$;", "select 2;"});
  // A different tag inside a body is just text.
  CHECK(items_of("create function f() returns text as $fn$ select $$;$$; $fn$ language sql; x;") ==
        Strings{"create function f() returns text as $fn$ select $$;$$; $fn$ language sql;", "x;"});
  // Tags are case-sensitive.
  CHECK(items_of("select $Tag$ ; $tag$ ; $Tag$; select 2;") ==
        Strings{"select $Tag$ ; $tag$ ; $Tag$;", "select 2;"});
  // Tags start with a letter, _ or a byte >= 0x80, and go on with digits too.
  CHECK(items_of("select $_1$;$_1$, $é$;'$é$, $a1b$;$a1b$; select 2;") ==
        Strings{"select $_1$;$_1$, $é$;'$é$, $a1b$;$a1b$;", "select 2;"});
  // $1 is a parameter; foo$bar and foo$bar$ are identifiers.
  CHECK(items_of("select $1; select 2;") == Strings{"select $1;", "select 2;"});
  CHECK(items_of("select foo$bar$; select 2;") == Strings{"select foo$bar$;", "select 2;"});
  CHECK(items_of("select x$$; select 2;") == Strings{"select x$$;", "select 2;"});
  CHECK(items_of("select foo$bar; select 2;") == Strings{"select foo$bar;", "select 2;"});
  // A quote character inside a body means nothing.
  CHECK(items_of("select $$it's$$; select 2;") == Strings{"select $$it's$$;", "select 2;"});
  // A body may hold a $ that does not close it.
  CHECK(items_of("select $a$ $b$ $ $a $a$; select 2;") ==
        Strings{"select $a$ $b$ $ $a $a$;", "select 2;"});
  CHECK(items_of("select $$x$a$$; select 2;") == Strings{"select $$x$a$$;", "select 2;"});
}

TEST_CASE("BEGIN ATOMIC bodies hold semicolons") {
  const std::string function =
      "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT 1;\n"
      "  SELECT CASE WHEN a > 0 THEN 1 ELSE CASE WHEN a < 0 THEN -1 END END;\n"
      "  SELECT t.end, t.case FROM t;\n"
      "  SELECT 1 AS end, 2 as case;\n"
      "  SELECT (CASE WHEN true THEN 1 END);\n"
      "END;";
  CHECK(items_of(function + "\nselect 2;") == Strings{function, "select 2;"});
  const std::string procedure =
      "create or replace procedure p() begin atomic insert into t values (1); end;";
  CHECK(items_of(procedure + " select 2;") == Strings{procedure, "select 2;"});
  const std::string with_comment = "CREATE FUNCTION g() RETURNS int BEGIN /* x */ ATOMIC SELECT 1; END;";
  CHECK(items_of(with_comment + "x;") == Strings{with_comment, "x;"});
  // BEGIN without ATOMIC counts for nothing, in a function or anywhere else.
  CHECK(items_of("create function begin() returns int return 1; select 2;") ==
        Strings{"create function begin() returns int return 1;", "select 2;"});
  CHECK(items_of("BEGIN; select 1; COMMIT;") == Strings{"BEGIN;", "select 1;", "COMMIT;"});
  CHECK(items_of("begin transaction; end;") == Strings{"begin transaction;", "end;"});
  // END and CASE outside CREATE FUNCTION mean nothing to the splitter.
  CHECK(items_of("select case when true then 1 end; select 2;") ==
        Strings{"select case when true then 1 end;", "select 2;"});
}

TEST_CASE("a BEGIN ATOMIC body ends at an END right after ATOMIC or after a body semicolon") {
  // gram.y: every body statement ends with ';' and END cannot start one, so
  // an END elsewhere closes a CASE or is a label, bare ones included.
  const std::string bare_label =
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 end; SELECT 2 case; END;";
  CHECK(items_of(bare_label + " select 2;") == Strings{bare_label, "select 2;"});
  const std::string empty_body = "CREATE PROCEDURE p() BEGIN ATOMIC END;";
  CHECK(items_of(empty_body + " select 2;") == Strings{empty_body, "select 2;"});
  const std::string commented =
      "create function f() returns int begin atomic select 1; -- x\n /* y; */ end; select 2;";
  CHECK(items_of(commented) == Strings{"create function f() returns int begin atomic select 1; -- x\n /* y; */ end;",
                                       "select 2;"});
  const std::string cases =
      "create function f(a int) returns int begin atomic select case a when 1 then case end end\n"
      "  from t where x = (case when true then 1 end); end;";
  CHECK(items_of(cases + "select 2;") == Strings{cases, "select 2;"});
  // A CREATE FUNCTION inside a body may have its own body.
  const std::string nested =
      "create function f() returns int begin atomic create function g() returns int begin atomic "
      "select 1; end; select 2; end;";
  CHECK(items_of(nested + "select 3;") == Strings{nested, "select 3;"});
  // BEGIN and ATOMIC must be adjacent tokens; inside parentheses they count for nothing.
  CHECK(items_of("create function f(begin atomic int) returns int return 1; select 2;") ==
        Strings{"create function f(begin atomic int) returns int return 1;", "select 2;"});
  // A COPY in a body has no data.
  const std::string copy_body = "create procedure p() begin atomic copy t from stdin; end;";
  CHECK(items_of(copy_body + "\nselect 2;") == Strings{copy_body, "select 2;"});
  CHECK_FALSE(split(copy_body)[0].copy_from_stdin);
}

TEST_CASE("psql backslash-semicolon starts a statement that may be a CREATE FUNCTION") {
  // psql sends "select 1 ; create function ..." as one query, and psqlscan.l
  // restarts its CREATE FUNCTION detection after the escape.
  const std::string joined =
      "select 1 \\; create function f() returns int begin atomic select 1; end;";
  CHECK(items_of(joined + " select 2;") == Strings{joined, "select 2;"});
  // Inside a body it is just a body semicolon.
  const std::string in_body =
      "create function f() returns int begin atomic select 1 \\; end; select 2;";
  CHECK(items_of(in_body) ==
        Strings{"create function f() returns int begin atomic select 1 \\; end;", "select 2;"});
  // A COPY ... FROM STDIN joined by \; still has its data after the item.
  const std::string copy = "select 1 \\; copy t from stdin;\nx\n\\.\nselect 2;";
  CHECK(items_of(copy) == Strings{"select 1 \\; copy t from stdin;", "copy_data:x\n", "select 2;"});
}

TEST_CASE("parentheses hold semicolons and a stray close paren never goes below zero") {
  const std::string rule =
      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));";
  CHECK(items_of(rule + " select 2;") == Strings{rule, "select 2;"});
  CHECK(items_of("select 1); select 2;") == Strings{"select 1);", "select 2;"});
  CHECK(items_of(")); select (1; 2);") == Strings{"));", "select (1; 2);"});
  CHECK(items_of("select '(' ; select 2;") == Strings{"select '(' ;", "select 2;"});
}

TEST_CASE("psql meta-commands are items that end at the end of their line") {
  CHECK(items_of("\\set x 1\nselect :x;\n\\echo done ; still echo\n") ==
        Strings{"meta:\\set x 1", "select :x;", "meta:\\echo done ; still echo"});
  // A meta-command after a statement on the same line ends that statement.
  const std::string input = "select 'create table t()' \\gexec\nselect 2;";
  const auto items = split(input);
  REQUIRE(items.size() == 3);
  CHECK(text_of(input, items[0]) == "select 'create table t()'");
  CHECK_FALSE(items[0].terminated);
  CHECK(items[1].kind == ItemKind::meta);
  CHECK(text_of(input, items[1]) == "\\gexec");
  CHECK(items[1].column == 27);
  CHECK(items_of("\\if :flag\nselect 1;\n\\elif x\n\\else\n\\endif") ==
        Strings{"meta:\\if :flag", "select 1;", "meta:\\elif x", "meta:\\else", "meta:\\endif"});
  CHECK(items_of("\\i other.sql\r\n\\ir sub/x.sql\r\n") ==
        Strings{"meta:\\i other.sql", "meta:\\ir sub/x.sql"});
  CHECK(items_of("select 1\n\\g\n") == Strings{"select 1", "meta:\\g"});
  // psql reads lines ending with \n: a lone \r is part of the command.
  CHECK(items_of("\\echo a\rb\r\nselect 1;") == Strings{"meta:\\echo a\rb", "select 1;"});
  // Inside quotes and comments a backslash is text.
  CHECK(items_of("select '\\x'; /* \\y */ select \"\\z\";") ==
        Strings{"select '\\x';", "select \"\\z\";"});
}

TEST_CASE("psql variables :name, :'name' and :\"name\" but not :: or :=") {
  const std::string input = "select :a, :'b', :\"c\", x::int, f(y := 1), ':d', \":e\", $$:f$$ -- :g\n, :{?h};";
  const auto items = split(input);
  REQUIRE(items.size() == 1);
  const auto& found = items[0].substitutions;
  REQUIRE(found.size() == 4);
  CHECK(found[0].kind == Substitution::Kind::variable);
  CHECK(input.substr(found[0].start, found[0].end - found[0].start) == ":a");
  CHECK(input.substr(found[0].name_start(), found[0].name_end() - found[0].name_start()) == "a");
  CHECK(found[1].kind == Substitution::Kind::variable_literal);
  CHECK(input.substr(found[1].start, found[1].end - found[1].start) == ":'b'");
  CHECK(input.substr(found[1].name_start(), found[1].name_end() - found[1].name_start()) == "b");
  CHECK(found[2].kind == Substitution::Kind::variable_identifier);
  CHECK(input.substr(found[2].name_start(), found[2].name_end() - found[2].name_start()) == "c");
  // psql 10+: :{?name} is TRUE or FALSE, whether the variable is defined.
  CHECK(found[3].kind == Substitution::Kind::variable_test);
  CHECK(input.substr(found[3].start, found[3].end - found[3].start) == ":{?h}");
  CHECK(input.substr(found[3].name_start(), found[3].name_end() - found[3].name_start()) == "h");
}

TEST_CASE("psql variables that psql does not take for one") {
  // An incomplete :'x, :"x or :{?x is a colon and what follows.
  const std::string input = "select ':'x, :{?y, :{z}, :$w, :: int, a[1:2];";
  const auto items = split(input);
  REQUIRE(items.size() == 1);
  REQUIRE(items[0].substitutions.size() == 1);
  CHECK(input.substr(items[0].substitutions[0].start, 2) == ":2");  // psql too: if 2 is set
  CHECK(items_of("select :'x;\nselect 2';") == Strings{"select :'x;\nselect 2';"});
}

TEST_CASE("psql backslash-semicolon joins statements and backslash-colon is a plain colon") {
  const std::string input = "select 1 \\; select 2; select '\\:x' \\:y;";
  const auto items = split(input);
  REQUIRE(items.size() == 2);
  CHECK(text_of(input, items[0]) == "select 1 \\; select 2;");
  REQUIRE(items[0].substitutions.size() == 1);
  CHECK(items[0].substitutions[0].kind == Substitution::Kind::escaped_char);
  REQUIRE(items[1].substitutions.size() == 1);
  CHECK(input.substr(items[1].substitutions[0].start, 2) == "\\:");
}

TEST_CASE("COPY FROM STDIN data runs to a line holding only backslash-dot") {
  const std::string input =
      "COPY t (a, b) FROM stdin;\n1\tit's; fine\n2\t\\N\n\\.\nselect 2;\n";
  const auto items = split(input);
  REQUIRE(items.size() == 3);
  CHECK(items[0].copy_from_stdin);
  CHECK(text_of(input, items[0]) == "COPY t (a, b) FROM stdin;");
  CHECK(items[1].kind == ItemKind::copy_data);
  CHECK(text_of(input, items[1]) == "1\tit's; fine\n2\t\\N\n");
  CHECK(items[1].line == 2);
  CHECK(text_of(input, items[2]) == "select 2;");
  CHECK(items[2].line == 5);

  CHECK(items_of("copy t from STDIN with (format csv); -- data next\r\n\"a;\",'b\r\n\\.\r\nselect 2;") ==
        Strings{"copy t from STDIN with (format csv);", "copy_data:\"a;\",'b\r\n", "select 2;"});
  CHECK(items_of("COPY t FROM stdin;\n\\.\nselect 2;") ==
        Strings{"COPY t FROM stdin;", "copy_data:", "select 2;"});
  CHECK(items_of("COPY t FROM stdin;\nx\n\\.") == Strings{"COPY t FROM stdin;", "copy_data:x\n"});
  // A line starting with \. but holding more is data.
  CHECK(items_of("COPY t FROM stdin;\n\\.x\n\\.\n") ==
        Strings{"COPY t FROM stdin;", "copy_data:\\.x\n"});
  // Not from stdin: no data follows.
  CHECK(items_of("COPY t TO stdout; COPY t FROM '/tmp/x'; copy (select 'from stdin') to stdout;") ==
        Strings{"COPY t TO stdout;", "COPY t FROM '/tmp/x';", "copy (select 'from stdin') to stdout;"});
  CHECK_FALSE(split("COPY t (a) FROM STDIN")[0].copy_from_stdin);  // no ';': never sent by psql either
  // psql's \\g and \\gx send it too, and psql reads the data after their line.
  const std::string sent = "COPY t FROM stdin \\g\nx\n\\.\nselect 2;";
  const auto sent_items = split(sent);
  REQUIRE(sent_items.size() == 4);
  CHECK(sent_items[0].copy_from_stdin);
  CHECK_FALSE(sent_items[0].terminated);
  CHECK(text_of(sent, sent_items[1]) == "\\g");
  CHECK(text_of(sent, sent_items[2]) == "x\n");
  CHECK(text_of(sent, sent_items[3]) == "select 2;");
  CHECK(items_of("COPY t FROM stdin\n\\gx (format=csv)\r\nx\r\n\\.") ==
        Strings{"COPY t FROM stdin", "meta:\\gx (format=csv)", "copy_data:x\r\n"});
  // Other meta-commands do not send it (\\gset expects rows, \\echo keeps the buffer).
  CHECK(items_of("COPY t FROM stdin \\echo x\nselect 1;") ==
        Strings{"COPY t FROM stdin", "meta:\\echo x", "select 1;"});
  CHECK(items_of("COPY t FROM stdin \\gset\nselect 1;") ==
        Strings{"COPY t FROM stdin", "meta:\\gset", "select 1;"});
  auto e = error_of("\n\nCOPY t FROM stdin\n\\g\n1\n");
  CHECK(std::string(e.what()).find("unterminated COPY data") == 0);
  CHECK(e.line == 3);
}

TEST_CASE("COPY FROM STDOUT reads data from the client like FROM STDIN") {
  // gram.y's copy_file_name takes STDIN and STDOUT alike for the client.
  CHECK(items_of("copy t from stdout;\n1\tbaz\n\\.\nselect 2;") ==
        Strings{"copy t from stdout;", "copy_data:1\tbaz\n", "select 2;"});
  CHECK(items_of("copy t to stdin; select 2;") == Strings{"copy t to stdin;", "select 2;"});
}

TEST_CASE("psql backslash-copy from stdin reads its data from the lines after it") {
  const std::string input = "\\copy t (a, b) from stdin with csv\n1,'x;\n\\.\nselect 2;";
  const auto items = split(input);
  REQUIRE(items.size() == 3);
  CHECK(items[0].kind == ItemKind::meta);
  CHECK(items[0].copy_from_stdin);
  CHECK(items[1].kind == ItemKind::copy_data);
  CHECK(text_of(input, items[1]) == "1,'x;\n");
  CHECK(text_of(input, items[2]) == "select 2;");
  CHECK(items_of("\\copy binary s.\"T\" from STDOUT\r\nx\r\n\\.\r\n") ==
        Strings{"meta:\\copy binary s.\"T\" from STDOUT", "copy_data:x\r\n"});
  // pstdin is psql's own input, a name is a file, and TO sends data out: no data follows.
  CHECK(items_of("\\copy t from pstdin\nselect 1;") == Strings{"meta:\\copy t from pstdin", "select 1;"});
  CHECK(items_of("\\copy t from 'stdin'\nselect 1;") == Strings{"meta:\\copy t from 'stdin'", "select 1;"});
  CHECK(items_of("\\copy (select 1 from stdin) to stdout\nselect 1;") ==
        Strings{"meta:\\copy (select 1 from stdin) to stdout", "select 1;"});
  CHECK(items_of("\\copyright\nselect 1;") == Strings{"meta:\\copyright", "select 1;"});
  auto e = error_of("select 1;\n\\copy t from stdin\n1\n");
  CHECK(std::string(e.what()).find("unterminated COPY data") == 0);
  CHECK(e.line == 2);
}

TEST_CASE("a comment after COPY FROM STDIN must end on its line") {
  CHECK(items_of("COPY t FROM stdin; /* a */ /* b /* c */ */ -- d\nx\n\\.\n") ==
        Strings{"COPY t FROM stdin;", "copy_data:x\n"});
  // psql would read the data first and the rest of the comment after it.
  auto e = error_of("COPY t FROM stdin; /* a */ /* b\n*/\nx\n\\.\n");
  CHECK(std::string(e.what()).find("a /* comment after COPY") == 0);
  CHECK(e.column == 28);
  CHECK_FALSE(e.unterminated);
}

TEST_CASE("CRLF line ends and a UTF-8 byte-order mark") {
  const std::string input = "\xEF\xBB\xBFselect 1;\r\nselect 'é;';\r\n";
  const auto items = split(input);
  REQUIRE(items.size() == 2);
  CHECK(items[0].start == 3);
  CHECK(items[0].column == 1);
  CHECK(items[1].line == 2);
  CHECK(text_of(input, items[1]) == "select 'é;';");
}

TEST_CASE("any UTF-8 in identifiers and strings") {
  CHECK(items_of("create table café (naïve text default '日本;語'); select ünïcödé;") ==
        Strings{"create table café (naïve text default '日本;語');", "select ünïcödé;"});
}

TEST_CASE("errors name what is unterminated and where it opened") {
  auto e = error_of("select 1;\nselect 'abc;\nselect 2;");
  CHECK(std::string(e.what()) == "unterminated quoted string");
  CHECK(e.line == 2);
  CHECK(e.column == 8);
  CHECK(e.offset == 17);
  CHECK(e.unterminated);

  e = error_of("select E'a\\';");
  CHECK(std::string(e.what()) == "unterminated quoted string (E'' escape string)");
  CHECK(e.column == 8);

  e = error_of("select 'a'\n'b");
  CHECK(std::string(e.what()) == "unterminated quoted string");
  CHECK(e.line == 2);
  CHECK(e.column == 1);

  e = error_of("select \"abc;");
  CHECK(std::string(e.what()) == "unterminated quoted identifier");
  CHECK(e.column == 8);

  e = error_of("select 1; /* a /* b */\n");
  CHECK(std::string(e.what()) == "unterminated /* comment");
  CHECK(e.column == 11);

  e = error_of("do $body$ begin end $Body$;\n");
  CHECK(std::string(e.what()) == "unterminated dollar-quoted string: no closing $body$");
  CHECK(e.column == 4);

  e = error_of("select 1;\n\nCOPY t FROM stdin;\n1\n2\n");
  CHECK(std::string(e.what()).find("unterminated COPY data") == 0);
  CHECK(e.line == 3);
  CHECK(e.column == 1);

  e = error_of("COPY t FROM stdin;");
  CHECK(std::string(e.what()).find("unterminated COPY data") == 0);

  e = error_of("COPY t FROM stdin; select 1;\n\\.\n");
  CHECK(std::string(e.what()).find("text after COPY") == 0);
  CHECK(e.column == 20);
  CHECK_FALSE(e.unterminated);

  e = error_of(std::string("select 1;\nselect '\0';", 21));
  CHECK(std::string(e.what()) == "NUL byte in input");
  CHECK(e.line == 2);
  CHECK(e.column == 9);
  CHECK_FALSE(e.unterminated);

  e = error_of(std::string("select 1\0;", 10));
  CHECK(std::string(e.what()) == "NUL byte in input");
}

namespace {

struct Recorder : ItemSink {
  std::string log;
  void on_item(const Item& item, std::string_view text) override {
    log += std::string(to_string(item.kind)) + "@" + std::to_string(item.start) + ":" +
           std::to_string(item.line) + ":" + std::to_string(item.column) + "[" + std::string(text) +
           "]\n";
  }
  void on_line_comment(std::size_t start, std::size_t end) override {
    log += "comment@" + std::to_string(start) + "-" + std::to_string(end) + "\n";
  }
};

// Splits `input` in chunks of about `chunk` bytes cut after a newline, as a
// file reader would, and joins consecutive copy_data pieces back together.
std::string split_in_chunks(const std::string& input, std::size_t chunk) {
  struct Joiner : ItemSink {
    Recorder out;
    Item pending;
    std::string pending_text;
    bool has_pending = false;
    void on_item(const Item& item, std::string_view text) override {
      if (has_pending) {
        pending_text += text;
        pending.end = item.end;
      } else {
        pending = item;
        pending_text = std::string(text);
      }
      has_pending = item.continues;
      if (!has_pending) out.on_item(pending, pending_text);
    }
    void on_line_comment(std::size_t start, std::size_t end) override { out.on_line_comment(start, end); }
  } joiner;
  ChunkSplitter splitter;
  std::string buffer;
  std::size_t read = 0;
  while (true) {
    std::size_t take = std::min(chunk, input.size() - read);
    std::size_t newline = input.find('\n', read + take > 0 ? read + take - 1 : 0);
    take = newline == std::string::npos ? input.size() - read : newline + 1 - read;
    buffer += input.substr(read, take);
    read += take;
    const bool last = read == input.size();
    const std::size_t consumed = splitter.split(buffer, last, joiner);
    if (last) break;
    buffer.erase(0, consumed);
  }
  return joiner.out.log;
}

}  // namespace

TEST_CASE("splitting in chunks gives the same items and comments as splitting whole") {
  const std::string input =
      "\xEF\xBB\xBF-- header\nselect 1;\nselect 'multi\nline; string';\n"
      "select 'a' -- continued?\n-- no\n;\nselect 2 -- in a statement\n, 3;\n"
      "do $$\nbegin\n  raise notice 'x;';\nend\n$$;\n"
      "COPY t FROM stdin;\na\nb;c\nd\n\\.\n"
      "create function f() returns int begin\natomic\nselect 1;\nend;\n"
      "/* long\n comment; */\n\\echo hi\nselect E'a'\n'\\'; b';\n"
      "\\copy t from stdin\nx;y\n\\.\nselect 1 \\; create procedure p() begin atomic\n"
      "select 1;\nselect case when true then 1 end;\nend;\ncopy t from stdout;\n\\.\n"
      "copy t from stdin\n\\g\n1\n\\.\n"
      "select 'é'\n";
  Recorder whole;
  split(input, whole);
  for (std::size_t chunk = 1; chunk < input.size() + 2; ++chunk) {
    CAPTURE(chunk);
    CHECK(split_in_chunks(input, chunk) == whole.log);
  }
}

// The line comments of `input`, each as its text.
Strings comments_of(std::string_view input) {
  struct Comments : ItemSink {
    std::string_view input;
    Strings out;
    void on_item(const Item&, std::string_view) override {}
    void on_line_comment(std::size_t start, std::size_t end) override {
      out.emplace_back(input.substr(start, end - start));
    }
  } comments;
  comments.input = input;
  split(input, comments);
  return comments.out;
}

TEST_CASE("line comments are reported once each, and only real ones") {
  CHECK(comments_of("-- a\nselect 1; -- b\r\nselect 2 -- c\n+ 1;\n") == Strings{"-- a", "-- b", "-- c"});
  CHECK(comments_of("select '-- no', $$ -- no $$, $t$\n-- no\n$t$, \"-- no\", E'\\' -- no';\n"
                    "/* -- no /* -- no */ -- no */ -- yes\n") == Strings{"-- yes"});
  CHECK(comments_of("COPY t FROM stdin; -- yes\n-- no: data\n\\.\n") == Strings{"-- yes"});
  // quote_continue looks past this comment for a continued string: still one report.
  CHECK(comments_of("select 'a' -- one\n-- two\n;") == Strings{"-- one", "-- two"});
  CHECK(comments_of("select 'a' -- one\n-- two\n'b';") == Strings{"-- one", "-- two"});
}

TEST_CASE("start_at: a part of a file splits with the file's offsets, lines and columns") {
  const std::string file = "select 1;\n  select 2; -- c\nselect 3;";
  const std::size_t from = file.find("select 2");
  Recorder recorder;
  ChunkSplitter splitter;
  splitter.start_at({from, 2, 3});
  splitter.split(std::string_view(file).substr(from), true, recorder);
  CHECK(recorder.log == "sql@12:2:3[select 2;]\ncomment@22-26\nsql@27:3:1[select 3;]\n");
  // A byte-order mark counts only at the start of a file.
  Recorder marked;
  ChunkSplitter middle;
  middle.start_at({5, 1, 6});
  middle.split("\xEF\xBB\xBFx;", true, marked);
  CHECK(marked.log == "sql@5:1:6[\xEF\xBB\xBFx;]\n");
}

TEST_CASE("a statement far longer than the chunks is not split again for every chunk") {
  // 8 MB in one statement, given a line (of 40 bytes) at a time: splitting the
  // kept part again for each line would take hours.
  std::string input = "INSERT INTO t VALUES\n";
  const std::string row = "  (1, 'a; b', $$c;$$, E'\\'', \"d\"),\n";
  while (input.size() < 8'000'000) input += row;
  input += "  (2);\nselect 2;\n";
  const auto started = std::chrono::steady_clock::now();
  const std::string log = split_in_chunks(input, 1);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
  Recorder whole;
  split(input, whole);
  CHECK(log == whole.log);
}

TEST_CASE("hostile input gives items or an error, in linear time") {
  const std::size_t n = 1'000'000;
  CHECK(error_of(std::string(n, '/') + std::string(n, '*')).unterminated);
  std::string nested;
  for (std::size_t i = 0; i < n / 2; ++i) nested += "/*";
  CHECK(std::string(error_of(nested).what()) == "unterminated /* comment");
  CHECK(items_of(std::string(n, '(') + ";x").size() == 1);
  CHECK(items_of(std::string(n, ')') + ";x").size() == 2);
  CHECK(items_of(std::string(n, ';')).empty());
  CHECK(split(std::string(n, '$')).size() == 1);
  CHECK(split(std::string(n, '\\')).size() == 1);
  std::string dollars;
  for (std::size_t i = 0; i < n / 4; ++i) dollars += "$a$ ";
  CHECK(split(dollars).size() == 1);
  std::string begins = "create function f() begin atomic ";
  for (std::size_t i = 0; i < n / 8; ++i) begins += "case end ";
  CHECK(split(begins).size() == 1);
}
