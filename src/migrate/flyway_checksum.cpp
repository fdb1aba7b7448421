#include "migrate/flyway_checksum.hpp"

#include <array>

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

}  // namespace

std::int32_t flyway_checksum(std::string_view text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
  std::uint32_t crc = 0xFFFFFFFFU;
  for (const char c : text) {
    // Line terminators are not fed; every other byte is (the lines, joined).
    if (c == '\n' || c == '\r') continue;
    crc = crc_table[(crc ^ static_cast<unsigned char>(c)) & 0xFFU] ^ (crc >> 8);
  }
  return static_cast<std::int32_t>(crc ^ 0xFFFFFFFFU);
}

}  // namespace pgapply::migrate
