#include "psql/source_map.hpp"

#include <doctest/doctest.h>

using namespace pgapply::psql;

TEST_CASE("server character positions become byte offsets") {
  CHECK(byte_offset_of_character("select x", 8) == 7);
  CHECK(byte_offset_of_character("select 'é', y", 13) == 13);
  CHECK(byte_offset_of_character("abc", 10) == 3);
}

TEST_CASE("offsets in the sent text map back to the file") {
  SourceMap plain(100);
  CHECK(plain.source_offset(5) == 105);
  // "select :v, x" sent as "select 'long value', x": v at file 107..109.
  SourceMap map(100);
  map.add_piece({7, 107, true});
  map.add_piece({19, 109, false});
  CHECK(map.source_offset(3) == 103);
  CHECK(map.source_offset(10) == 107);
  CHECK(map.source_offset(21) == 111);
}

TEST_CASE("lines and columns from a known start") {
  const std::string text = "select\n  'é' x\nfrom t";
  const auto at = line_column_at(text, text.find('x'), {10, 5});
  CHECK(at.line == 11);
  CHECK(at.column == 7);
  CHECK(line_column_at(text, 2, {10, 5}).column == 7);
  CHECK(line_containing(text, text.find('x')) == "  'é' x");
  CHECK(line_containing("a\r\nb", 0) == "a");
}
