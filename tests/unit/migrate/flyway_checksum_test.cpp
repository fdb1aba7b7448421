#include "migrate/flyway_checksum.hpp"

#include <doctest/doctest.h>

using pgapply::migrate::flyway_checksum;

// The expected values were computed by Java: java.util.zip.CRC32 fed each
// line of a BufferedReader.readLine() loop, a leading U+FEFF dropped from the
// first line, cast to int, as Flyway's ChecksumCalculator does.
TEST_CASE("Flyway's checksum: CRC32 of the lines without their ends, BOM dropped, as a signed int") {
  CHECK(flyway_checksum("create table a (id int);\n") == -897341557);
  // A BOM and CRLF line ends change nothing.
  CHECK(flyway_checksum("\xEF\xBB\xBF" "create table a (id int);\r\n") == -897341557);
  CHECK(flyway_checksum("create table a (id int);") == -897341557);
  CHECK(flyway_checksum("create table b (id int);\r\n-- x\r\n") == 350113888);
  // A lone CR ends a line too; empty lines add nothing; UTF-8 bytes as they are.
  CHECK(flyway_checksum("select 1;\r\rselect \xC3\xBC;\n\n") == 766467585);
  CHECK(flyway_checksum("") == 0);
  // A BOM anywhere else is content.
  CHECK(flyway_checksum("a\n\xEF\xBB\xBF") != flyway_checksum("a\n"));
}
