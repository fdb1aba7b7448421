#pragma once

#include <cstdint>
#include <string_view>

namespace pgapply::migrate {

// The checksum Flyway records for a SQL migration (flyway_schema_history.checksum),
// computed as Flyway's ChecksumCalculator does (flyway-core,
// org/flywaydb/core/internal/resolver/ChecksumCalculator.java): the file is read
// line by line with java.io.BufferedReader.readLine() (a line ends at "\n", "\r"
// or "\r\n", and the terminator is not part of it), a byte order mark (U+FEFF)
// at the start of the first line is dropped, and each line's UTF-8 bytes are fed
// to java.util.zip.CRC32 (the IEEE polynomial). The value is the CRC cast to a
// Java int: signed 32 bits. So line ends do not count: LF and CRLF checkouts
// agree, and an empty file is 0. (Flyway decodes the file as UTF-8 first; text
// that is not UTF-8 would checksum differently there.)
std::int32_t flyway_checksum(std::string_view text);

}  // namespace pgapply::migrate
