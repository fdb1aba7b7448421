#include "migrate/flyway_checksum.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "core/utf8.hpp"

namespace pgapply::migrate {

namespace {

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as java.util.zip.CRC32.
constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr auto crc_table = make_table();

// CRC-32 fed the bytes of one text piece by piece, line ends left out.
class LineCrc {
 public:
  void feed(std::string_view bytes) {
    for (const char c : bytes) {
      // Line terminators are not fed; every other byte is (the lines, joined).
      if (c == '\n' || c == '\r') continue;
      crc_ = crc_table[(crc_ ^ static_cast<unsigned char>(c)) & 0xFFU] ^ (crc_ >> 8);
    }
  }
  void feed_code_point(char32_t point) {
    char utf8[4];
    std::size_t size = 0;
    if (point < 0x80) {
      utf8[size++] = static_cast<char>(point);
    } else if (point < 0x800) {
      utf8[size++] = static_cast<char>(0xC0 | (point >> 6));
      utf8[size++] = static_cast<char>(0x80 | (point & 0x3F));
    } else {  // (no code point here is past U+FFFF)
      utf8[size++] = static_cast<char>(0xE0 | (point >> 12));
      utf8[size++] = static_cast<char>(0x80 | ((point >> 6) & 0x3F));
      utf8[size++] = static_cast<char>(0x80 | (point & 0x3F));
    }
    feed(std::string_view(utf8, size));
  }
  std::int32_t value() const { return static_cast<std::int32_t>(crc_ ^ 0xFFFFFFFFU); }

 private:
  std::uint32_t crc_ = 0xFFFFFFFFU;
};

// windows-1252's 0x80-0x9F, as Java's decoder reads them; 0: a byte it has
// no character for (its decoder refuses the file).
constexpr std::array<char16_t, 32> windows_1252_high = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The checksum of `bytes` read as a single-byte encoding: ISO-8859-1 (each
// byte its own code point) or windows-1252. None where the decoder refuses a byte.
std::optional<std::int32_t> single_byte_checksum(std::string_view bytes, bool windows_1252) {
  LineCrc crc;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    char32_t point = byte;
    if (windows_1252 && byte >= 0x80 && byte <= 0x9F) {
      point = windows_1252_high[byte - 0x80];
      if (point == 0) return std::nullopt;
    }
    crc.feed_code_point(point);
  }
  return crc.value();
}

}  // namespace

std::int32_t flyway_checksum(std::string_view text) {
  LineCrc crc;
  crc.feed(without_byte_order_mark(text));
  return crc.value();
}

std::vector<FlywayChecksum> flyway_checksums(std::string_view bytes) {
  std::vector<FlywayChecksum> checksums;
  if (!first_invalid_utf8(bytes)) checksums.push_back({"UTF-8", flyway_checksum(bytes)});
  // ASCII reads the same in all three; 0x80-0x9F differ between the last two.
  const auto in = [&bytes](unsigned char low, unsigned char high) {
    return std::any_of(bytes.begin(), bytes.end(), [low, high](char c) {
      return static_cast<unsigned char>(c) >= low && static_cast<unsigned char>(c) <= high;
    });
  };
  if (!in(0x80, 0xFF)) return checksums;
  checksums.push_back({"ISO-8859-1", *single_byte_checksum(bytes, false)});
  if (in(0x80, 0x9F)) {
    if (auto windows = single_byte_checksum(bytes, true)) checksums.push_back({"windows-1252", *windows});
  }
  return checksums;
}

}  // namespace pgapply::migrate
