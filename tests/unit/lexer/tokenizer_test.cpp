#include "lexer/tokenizer.hpp"

#include <doctest/doctest.h>

using namespace pgapply::lexer;

namespace {

std::vector<std::string> values(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& token : tokenize(text)) out.push_back(token.value);
  return out;
}

std::vector<std::string> values_limited(std::string_view text, std::size_t limit) {
  std::vector<std::string> out;
  for (const auto& token : tokenize(text, limit)) out.push_back(token.value);
  return out;
}

}  // namespace

TEST_CASE("tokens fold unquoted names and unquote quoted ones") {
  CHECK(values("ALTER TABLE \"User\" ADD COLUMN Max_Reports integer") ==
        std::vector<std::string>{"alter", "table", "User", "add", "column", "max_reports", "integer"});
  CHECK(values("\"a\"\"b\"") == std::vector<std::string>{"a\"b"});
}

TEST_CASE("a U& quoted name is read with its Unicode escapes, as PostgreSQL reads it (a hunt's false alarm)") {
  CHECK(values("alter table t add column U&\"d\\0061t\" text") ==
        std::vector<std::string>{"alter", "table", "t", "add", "column", "dat", "text"});
  CHECK(values("u&\"caf\\00e9 \\+01F600 a\\\\b\"") ==
        std::vector<std::string>{"caf\xc3\xa9 \xf0\x9f\x98\x80 a\\b"});
  const auto tokens = pgapply::lexer::tokenize("select U&\"d\\0061t\" from t");
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[1].text == "U&\"d\\0061t\"");
  CHECK(tokens[1].kind == pgapply::lexer::TokenKind::quoted_identifier);
  // another escape character (UESCAPE), a malformed escape, or U & "x" apart: left as written
  CHECK(values("U&\"d!0061t\" UESCAPE '!'") == std::vector<std::string>{"u", "&", "d!0061t", "uescape", "!"});
  CHECK(values("U&\"d\\00zz\"") == std::vector<std::string>{"u", "&", "d\\00zz"});
  CHECK(values("U & \"d\\0061t\"") == std::vector<std::string>{"u", "&", "d\\0061t"});
}

TEST_CASE("names are cut to 63 bytes as PostgreSQL cuts them, never inside a UTF-8 character") {
  const std::string long_name(70, 'A');
  CHECK(values("create table " + long_name) ==
        std::vector<std::string>{"create", "table", std::string(63, 'a')});
  CHECK(values("\"" + long_name + "\"") == std::vector<std::string>{std::string(63, 'A')});
  // 62 bytes, then a 2-byte character that would end at byte 64: cut before it.
  CHECK(values(std::string(62, 'b') + "\xc3\xa9x") == std::vector<std::string>{std::string(62, 'b')});
  CHECK(values(std::string(63, 'c')) == std::vector<std::string>{std::string(63, 'c')});
}

TEST_CASE("tokens of every kind, comments dropped") {
  const std::string text = "select -- c\n x::int, 'it''s', E'\\n', $$body$$, $1, 1.5e3 /* c */ <= :v;";
  const auto tokens = tokenize(text);
  REQUIRE(tokens.size() == 17);
  CHECK(tokens[0].kind == TokenKind::word);
  CHECK(tokens[1].value == "x");
  CHECK(tokens[2].is_punct("::"));
  CHECK(tokens[5].kind == TokenKind::string);
  CHECK(tokens[5].value == "it's");
  CHECK(tokens[7].kind == TokenKind::string);
  CHECK(tokens[7].value == "\\n");
  CHECK(tokens[9].kind == TokenKind::dollar_string);
  CHECK(tokens[9].value == "body");
  CHECK(tokens[11].kind == TokenKind::parameter);
  CHECK(tokens[13].kind == TokenKind::number);
  CHECK(tokens[13].text == "1.5e3");
  CHECK(tokens[14].kind == TokenKind::op);
  CHECK(tokens[14].text == "<=");
  CHECK(tokens[15].kind == TokenKind::variable);
  CHECK(tokens[16].is_punct(";"));
  CHECK(tokens[5].offset == text.find("'it"));
}

TEST_CASE("an operator stops before a comment") {
  const auto tokens = tokenize("a +-- c\n b");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1].text == "+");
}

TEST_CASE("unterminated text ends the tokens without throwing") {
  CHECK(values("select 'abc") == std::vector<std::string>{"select"});
}

TEST_CASE("tokenizing can stop after a few tokens") {
  CHECK(values_limited("create index concurrently i on t (a, b)", 3) == std::vector<std::string>{"create", "index", "concurrently"});
}
