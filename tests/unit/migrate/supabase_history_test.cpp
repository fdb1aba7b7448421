#include "migrate/supabase_history.hpp"

#include <doctest/doctest.h>

using namespace pgapply::migrate;

TEST_CASE("Supabase file names: the digits before the first '_' and the rest (the CLI's ^([0-9]+)_(.*)\\.sql$)") {
  const auto row = supabase_file_name("20240101120000_create_users.sql");
  REQUIRE(row);
  CHECK(row->version == "20240101120000");
  CHECK(row->name == "create_users");
  CHECK(supabase_file_name("001_a_b.sql")->name == "a_b");
  CHECK(supabase_file_name("1_.sql")->name == "");
  CHECK_FALSE(supabase_file_name("V1__a.sql"));
  CHECK_FALSE(supabase_file_name("20240101_a.txt"));
  CHECK_FALSE(supabase_file_name("_a.sql"));
  CHECK_FALSE(supabase_file_name("1.sql"));
  CHECK_FALSE(supabase_file_name("12.sql_"));
  CHECK_FALSE(supabase_file_name(".sql"));
}

TEST_CASE("Supabase statements: split at ',', comments before a statement kept, ',' and whitespace trimmed") {
  CHECK(supabase_statements("-- users\ncreate table users (id int);\ninsert into users values (1); -- one\n\n-- tail\n") ==
        std::vector<std::string>{"-- users\ncreate table users (id int)", "insert into users values (1)",
                                 "-- one\n\n-- tail"});
  CHECK(supabase_statements("create function f() returns text language sql as $$select 'a;b'$$;\n;\n  \n") ==
        std::vector<std::string>{"create function f() returns text language sql as $$select 'a;b'$$"});
  CHECK(supabase_statements("select 1;\n-- c\n;;select 2; -- t\n;\n/* x; */") ==
        std::vector<std::string>{"select 1", "-- c", "select 2", "-- t", "/* x; */"});
  CHECK(supabase_statements("").empty());
  CHECK(supabase_statements("select 1") == std::vector<std::string>{"select 1"});
  // the last statement without its ';': one token, the ';' of its strings and dollar quotes in it (the CLI's rows)
  CHECK(supabase_statements("select 1;\nselect $$a;b$$\n") == std::vector<std::string>{"select 1", "select $$a;b$$"});
  CHECK(supabase_statements("select 'a;b'") == std::vector<std::string>{"select 'a;b'"});
  CHECK(supabase_statements("-- c;\n;select ($$dollar; $$)\n-- end\n") ==
        std::vector<std::string>{"-- c;", "select ($$dollar; $$)\n-- end"});
  // the CLI reads a file without its byte order mark (one)
  CHECK(supabase_statements("\xEF\xBB\xBFselect 3;\n") == std::vector<std::string>{"select 3"});
  CHECK(supabase_statements("\xEF\xBB\xBF\xEF\xBB\xBFselect 3;\n") ==
        std::vector<std::string>{"\xEF\xBB\xBFselect 3"});
  // Go's TrimSpace trims Unicode's spaces too: no-break (U+00A0), ideographic (U+3000), NEL (U+0085)
  CHECK(supabase_statements("select 1;\n\xC2\xA0select 2\xC2\xA0;\n\xE3\x80\x80\n") ==
        std::vector<std::string>{"select 1", "select 2"});
  CHECK(supabase_statements("\xC2\x85select '\xC2\xA0x\xC2\xA0';") ==
        std::vector<std::string>{"select '\xC2\xA0x\xC2\xA0'"});
  // an é (C3 A9) or a CJK letter (E3 81 82) is no space
  CHECK(supabase_statements("select 'caf\xC3\xA9' \xE3\x81\x82;") ==
        std::vector<std::string>{"select 'caf\xC3\xA9' \xE3\x81\x82"});
}

TEST_CASE("text[] literals quote every element") {
  CHECK(text_array_literal({}) == "{}");
  CHECK(text_array_literal({"a", "b \"c\"", "d\\e", "NULL"}) == "{\"a\",\"b \\\"c\\\"\",\"d\\\\e\",\"NULL\"}");
}

TEST_CASE("Supabase statements as the server prints the text[] column, and how two lists differ") {
  CHECK(parse_text_array("{}") == std::vector<std::string>{});
  CHECK(parse_text_array("{a,\"b c\",\"d \\\"e\\\" \\\\ f\",\"\"}") ==
        std::vector<std::string>{"a", "b c", "d \"e\" \\ f", ""});
  CHECK(parse_text_array("{\"select 1;\nselect ',' \"}") == std::vector<std::string>{"select 1;\nselect ',' "});
  CHECK(parse_text_array("[0:1]={x,y}") == std::vector<std::string>{"x", "y"});
  // What the CLI writes, read back: the writer's literal parses to the same values.
  const std::vector<std::string> values = {"create table \"T\" (id int)", "-- c\nselect '{a,b}'", "x\\y"};
  CHECK(parse_text_array(text_array_literal(values)) == values);
  CHECK_FALSE(parse_text_array("{a,NULL}"));
  CHECK_FALSE(parse_text_array("{\"a}"));
  CHECK_FALSE(parse_text_array("{{a},{b}}"));
  CHECK_FALSE(parse_text_array("a,b"));

  CHECK(statements_difference({"a", "b"}, {"a", "b"}).empty());
  CHECK(statements_difference({"a"}, {"a", "b"}) ==
        "the Supabase CLI stored 1 statement, the file has 2 (statement 2, only in the file: 'b')");
  CHECK(statements_difference({"a", "b\nc"}, {"a"}) ==
        "the Supabase CLI stored 2 statements, the file has 1 (statement 2, only stored: 'b ...')");
  CHECK(statements_difference({"x"}, {std::string(70, 'y')}) ==
        "statement 1 differs: the Supabase CLI stored 'x', the file has '" + std::string(60, 'y') + "...'");
}
