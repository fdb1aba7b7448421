#include "migrate/checksum.hpp"

#include <doctest/doctest.h>

using namespace pgapply::migrate;

TEST_CASE("checksum is SHA-256 with CRLF read as LF") {
  // sha256("abc"), a published test vector.
  CHECK(checksum_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(checksum_of("a\r\nb\r\n") == checksum_of("a\nb\n"));
  CHECK(checksum_of("a\rb") != checksum_of("a\nb"));  // a lone CR is kept
  CHECK(checksum_of("a\r") != checksum_of("a"));
}

TEST_CASE("checksum fed in pieces equals checksum of the whole") {
  const std::string text = "select 1;\r\n\r\nselect '\r';\r\n\r";
  const std::string whole = checksum_of(text);
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    Checksum pieces;
    pieces.update(text.substr(0, cut));
    pieces.update(text.substr(cut));
    CHECK(pieces.hex_digest() == whole);
  }
}
