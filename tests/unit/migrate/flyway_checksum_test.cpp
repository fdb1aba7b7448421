#include "migrate/flyway_checksum.hpp"

#include <doctest/doctest.h>

#include <string>

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

namespace {

std::string readings(std::string_view bytes) {
  std::string said;
  for (const auto& checksum : pgapply::migrate::flyway_checksums(bytes)) {
    said += std::string(checksum.encoding) + "=" + std::to_string(checksum.value) + " ";
  }
  return said;
}

}  // namespace

// Expected values from Java, as Flyway reads a file: Channels.newReader with
// Charset.forName(flyway.encoding).newDecoder() (which refuses what is not in
// that encoding), then the loop above.
TEST_CASE("Flyway's checksums under the encodings flyway.encoding may name: a file that is not UTF-8 too") {
  // ASCII reads alike in all of them: one checksum.
  CHECK(readings("create table a (id int);\n") == "UTF-8=-897341557 ");
  // Latin-1 bytes: not UTF-8 (Flyway's default stops on them); ISO-8859-1 and
  // windows-1252 read them alike.
  CHECK(readings("insert into t values ('caf\xE9');\r\n-- na\xEFve\n") == "ISO-8859-1=2017350727 ");
  // windows-1252's curly quotes and euro sign are C1 controls in ISO-8859-1.
  CHECK(readings("insert into t values ('\x93quoted\x94 \x80 caf\xE9');\n") ==
        "ISO-8859-1=-360507226 windows-1252=-1236533011 ");
  // 0x81 is no windows-1252 character: its decoder refuses the file.
  CHECK(readings("select '\x81';\n") == "ISO-8859-1=-1310841283 ");
  // UTF-8 read as ISO-8859-1: its BOM is three letters then, kept.
  CHECK(readings("\xEF\xBB\xBFselect 'caf\xC3\xA9';\n") == "UTF-8=502883024 ISO-8859-1=1304105688 ");
}
