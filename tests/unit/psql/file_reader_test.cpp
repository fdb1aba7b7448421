#include "psql/file_reader.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "migrate/checksum.hpp"
#include "support/run_process.hpp"

using namespace pgapply;

namespace {

std::vector<std::string> read_all(const std::string& path, std::size_t piece, std::string* checksum = nullptr,
                                  std::string* header = nullptr) {
  psql::FileReader reader(path, "f.sql", piece);
  migrate::Checksum sum;
  reader.on_bytes([&](std::string_view bytes) { sum.update(bytes); });
  std::vector<std::string> out;
  std::string copy;
  while (const auto* item = reader.next()) {
    if (item->item.kind == split::ItemKind::copy_data) {
      copy += item->text;
      if (item->item.continues) continue;
      out.push_back("copy:" + copy);
      copy.clear();
    } else {
      out.push_back(item->text + "@" + std::to_string(item->item.line));
    }
  }
  if (checksum) *checksum = sum.hex_digest();
  if (header) *header = reader.header();
  return out;
}

}  // namespace

TEST_CASE("a file read in small pieces splits as a whole") {
  test::TempDir dir;
  std::string text = "-- pgapply: no-transaction\n-- second header line\nselect 1;\nselect 'a\nb';\nCOPY t FROM stdin;\n";
  for (int i = 0; i < 100; ++i) text += "row " + std::to_string(i) + "\n";
  text += "\\.\n\\echo done\nselect 3";
  const auto path = dir.write("f.sql", text);
  std::string expected_header;
  const auto whole = read_all(path, 1 << 20, nullptr, &expected_header);
  CHECK(expected_header == "-- pgapply: no-transaction\n-- second header line\n");
  REQUIRE(whole.size() == 6);
  CHECK(whole[1] == "select 'a\nb';@4");
  CHECK(whole[5] == "select 3@109");
  for (std::size_t piece : {1, 2, 3, 7, 16, 100}) {
    CAPTURE(piece);
    std::string checksum, header;
    CHECK(read_all(path, piece, &checksum, &header) == whole);
    CHECK(checksum == migrate::checksum_of(text));
    CHECK(header == expected_header);
  }
}

TEST_CASE("split errors name the file, line and column") {
  test::TempDir dir;
  const auto path = dir.write("f.sql", "select 1;\nselect 'open\n");
  try {
    read_all(path, 4);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::input);
    CHECK(std::string(error.what()) == "f.sql:2:8: error: unterminated quoted string");
  }
  CHECK_THROWS_AS(psql::FileReader(dir.path() + "/none.sql", "none.sql"), Error);
}
