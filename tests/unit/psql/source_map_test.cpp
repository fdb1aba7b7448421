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

TEST_CASE("SourceMap: append a following text's map, and the map of a part from an offset on") {
  SourceMap joined(100);           // "abc" at 100
  joined.add_piece({3, 110, false});  // a gap of 2 bytes from 110 (in the file: 103..109 were skipped)
  SourceMap next(112);
  next.add_piece({4, 120, true});  // a substitution at 4 of the next text, replacing file bytes from 120
  next.add_piece({6, 125, false});
  joined.append(next, 5);
  CHECK(joined.source_offset(2) == 102);
  CHECK(joined.source_offset(4) == 111);
  CHECK(joined.source_offset(5) == 112);
  CHECK(joined.source_offset(9) == 120);
  CHECK(joined.source_offset(10) == 120);
  CHECK(joined.source_offset(11) == 125);
  const SourceMap part = joined.from(5);
  CHECK(part.source_offset(0) == 112);
  CHECK(part.source_offset(4) == 120);
  CHECK(part.source_offset(6) == 125);
  CHECK(joined.from(10).source_offset(0) == 120);  // inside the substitution: its start
}
