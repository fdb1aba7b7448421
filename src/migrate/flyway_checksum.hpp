#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace pgapply::migrate {

// The checksum Flyway records for a SQL migration (flyway_schema_history.checksum),
// computed as Flyway's ChecksumCalculator does (flyway-core,
// org/flywaydb/core/internal/resolver/ChecksumCalculator.java): the file is read
// line by line with java.io.BufferedReader.readLine() (a line ends at "\n", "\r"
// or "\r\n", and the terminator is not part of it), a byte order mark (U+FEFF)
// at the start of the first line is dropped, and each line's UTF-8 bytes are fed
// to java.util.zip.CRC32 (the IEEE polynomial). The value is the CRC cast to a
// Java int: signed 32 bits. So line ends do not count: LF and CRLF checkouts
// agree, and an empty file is 0. This is the checksum of UTF-8 text as Flyway
// reads it by default; flyway_checksums has the other encodings.
std::int32_t flyway_checksum(std::string_view text);

// A checksum Flyway records for a file when flyway.encoding names `encoding`.
struct FlywayChecksum {
  std::string_view encoding;  // as Java names it: "UTF-8", "ISO-8859-1", "windows-1252"
  std::int32_t value = 0;
};

// The checksums Flyway may have recorded for `bytes`, one per encoding that
// reads them differently, UTF-8 (Flyway's default) first. Flyway decodes a
// file with a decoder that refuses what is not in its encoding (so a file
// that is not UTF-8 has no UTF-8 checksum: Flyway stops on it), then feeds
// the text's UTF-8 to the CRC: a file in Latin-1 that Flyway ran with
// flyway.encoding=ISO-8859-1 has that reading's checksum, and one in
// windows-1252 (Windows' Western default, whose 0x80-0x9F are letters and
// punctuation) that one's. Empty only for bytes no encoding here reads,
// which cannot happen: ISO-8859-1 reads every byte.
std::vector<FlywayChecksum> flyway_checksums(std::string_view bytes);

}  // namespace pgapply::migrate
