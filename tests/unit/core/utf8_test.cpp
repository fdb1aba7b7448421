#include <doctest/doctest.h>

#include <string>

#include "core/utf8.hpp"

using pgapply::first_invalid_utf8;

TEST_CASE("first_invalid_utf8 finds the first byte that is not UTF-8") {
  CHECK_FALSE(first_invalid_utf8(""));
  CHECK_FALSE(first_invalid_utf8("select 'caf\xC3\xA9', '\xE2\x82\xAC', '\xF0\x9F\x98\x80';"));
  CHECK(first_invalid_utf8("ab\xFF") == 2u);
  CHECK(first_invalid_utf8("caf\xE9 ok") == 3u);          // Latin-1
  CHECK(first_invalid_utf8("x\x80") == 1u);               // a stray continuation byte
  CHECK(first_invalid_utf8("x\xC3") == 1u);               // cut short
  CHECK(first_invalid_utf8("\xC0\x80") == 0u);            // overlong
  CHECK(first_invalid_utf8("ok \xED\xA0\x80") == 3u);     // a surrogate
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0u);    // past U+10FFFF
  // Long ASCII runs are skipped eight bytes at a time: a bad byte at each offset is still found.
  const std::string ascii = "select 1 from a_long_enough_table;";
  for (std::size_t at = 0; at <= ascii.size(); ++at) {
    CAPTURE(at);
    CHECK(first_invalid_utf8(ascii.substr(0, at) + "\xFF" + ascii) == at);
    CHECK(first_invalid_utf8(ascii.substr(0, at) + "\xC3\xA9" + ascii + "\x80") == at + 2 + ascii.size());
  }
}
