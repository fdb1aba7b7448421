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

TEST_CASE("a checksum starts again after its digest") {
  Checksum checksum;
  checksum.update("select 1;\r");  // a CR left pending at the end
  CHECK(checksum.hex_digest() == checksum_of("select 1;\r"));
  checksum.update("\nabc");  // a new text: its LF follows no CR
  CHECK(checksum.hex_digest() == checksum_of("\nabc"));
  CHECK(checksum.hex_digest() == checksum_of(""));
  // checksum_of reuses one context: the same text gives the same digest each time.
  CHECK(checksum_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(checksum_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("migration checksum: the file's own checksum, or one over it and its dependency lines") {
  const std::string file = checksum_of("select 1;\n");
  CHECK(migration_checksum(file, {}) == file);

  CHECK(include_dependency("common/x.sql", checksum_of("x")) == "include common/x.sql " + checksum_of("x"));
  CHECK(variable_dependency("v", "1") == "var v=1");
  CHECK(variable_dependency("empty", "") == "var empty=");

  const std::vector<std::string> lines{include_dependency("common/x.sql", checksum_of("x")), variable_dependency("v", "1")};
  CHECK(migration_checksum(file, lines) == checksum_of(file + "\n" + lines[0] + "\n" + lines[1] + "\n"));
  // Every ledger holds checksums made this way: a change of the scheme would
  // make every applied migration drift. Pinned (computed with Python's hashlib).
  CHECK(migration_checksum(file, lines) == "e579f46c741805af0ed8d629a157099b9fb8fe836fbce5beb7b0490611479bbf");
  // The order of the dependencies counts.
  CHECK(migration_checksum(file, {lines[1], lines[0]}) != migration_checksum(file, lines));
}
