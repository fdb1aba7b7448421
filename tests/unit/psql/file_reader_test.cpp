#include "psql/file_reader.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>

#include "core/error.hpp"
#include "migrate/checksum.hpp"
#include "migrate/file_sections.hpp"
#include "support/run_process.hpp"

using namespace pgapply;

namespace {

// How to read a file: from disk, or from its bytes read beforehand (FileContents).
enum class Source { disk, memory };

std::string bytes_of(const std::string& path) {
  std::string bytes;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  REQUIRE(file);
  char piece[4096];
  while (const std::size_t got = std::fread(piece, 1, sizeof piece, file.get())) bytes.append(piece, got);
  return bytes;
}

std::vector<std::string> read_all(const std::string& path, std::size_t piece, std::string* checksum = nullptr,
                                  std::string* header = nullptr, Source source = Source::disk) {
  const std::string contents = source == Source::memory ? bytes_of(path) : std::string();
  psql::FileReader reader = source == Source::memory ? psql::FileReader(psql::FileContents{contents}, "f.sql", piece)
                                                     : psql::FileReader(path, "f.sql", piece);
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
    for (const Source source : {Source::disk, Source::memory}) {
      CAPTURE(source == Source::memory);
      std::string checksum, header;
      CHECK(read_all(path, piece, &checksum, &header, source) == whole);
      CHECK(checksum == migrate::checksum_of(text));
      CHECK(header == expected_header);
    }
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

TEST_CASE("a -- pgapply: directive after the first statement began is found at its line, in any piece size") {
  test::TempDir dir;
  struct Case {
    std::string text;
    std::string problem;  // "" for none
  };
  const std::vector<Case> cases = {
      {"create table t (id int);\n-- pgapply: no-transaction\nselect 1/0;\n",
       "f.sql:2: error: '-- pgapply: no-transaction' after the first statement is not read: directives go in the "
       "header, before the first statement (of the file, or of its dbmate or goose section): move it there"},
      // inside the first statement, which began before it
      {"create table t (\n  -- pgapply: transaction\n  id int);\n", "f.sql:2: error: '-- pgapply: transaction'"},
      {"select 1;\r\n\r\n  --pgapply:notransactoin\r\n", "f.sql:3: error: '-- pgapply: notransactoin'"},
      // lint-ignore goes anywhere; in the header, or in a string, a comment-like text is no directive here
      {"select 1;\n-- pgapply: lint-ignore ban-drop-table unused\ndrop table t;\n", ""},
      {"-- pgapply: no-transaction\nselect '\n-- pgapply: transaction';\nselect $$\n-- pgapply: x\n$$;\n", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto path = dir.write("f.sql", c.text);
    for (std::size_t piece : {1, 5, 1 << 20}) {
      CAPTURE(piece);
      psql::FileReader reader(path, "f.sql", piece);
      reader.find_misplaced_directives();
      while (reader.next() != nullptr) {
      }
      if (c.problem.empty()) {
        CHECK(reader.misplaced_directives().empty());
      } else {
        REQUIRE(reader.misplaced_directives().size() == 1);
        CHECK(reader.misplaced_directives()[0].find(c.problem) == 0);
      }
    }
  }
}

namespace {

struct RangeRead {
  std::vector<std::string> items;  // text@line:column
  std::string header;
  std::size_t header_line = 0;
  std::string checksum;
};

RangeRead read_range(const std::string& path, const psql::FileRange& range, std::size_t piece,
                     Source source = Source::disk) {
  const std::string contents = source == Source::memory ? bytes_of(path) : std::string();
  psql::FileReader reader = source == Source::memory
                                ? psql::FileReader(psql::FileContents{contents}, "f.sql", range, piece)
                                : psql::FileReader(path, "f.sql", range, piece);
  migrate::Checksum sum;
  reader.on_bytes([&](std::string_view bytes) { sum.update(bytes); });
  RangeRead read;
  while (const auto* item = reader.next()) {
    read.items.push_back(item->text + "@" + std::to_string(item->item.line) + ":" +
                         std::to_string(item->item.column));
  }
  read.header = reader.header();
  read.header_line = reader.header_line();
  read.checksum = sum.hex_digest();
  return read;
}

}  // namespace

TEST_CASE("a range of a file: the file's lines and columns, the range's header, the whole file's checksum") {
  test::TempDir dir;
  const std::string text =
      "-- migrate:up\n"
      "CREATE TABLE t (a int);\n"
      "  INSERT INTO t VALUES (1);\n"
      "-- migrate:down\n"
      "-- pgapply: no-transaction\n"
      "DROP TABLE t;   SELECT 'x\n"
      "y';\n";
  const auto path = dir.write("f.sql", text);
  const auto sections = migrate::parse_sections(text, "f.sql");
  REQUIRE(sections.down);
  for (const auto& [piece, source] : {std::pair{1, Source::disk}, {2, Source::disk}, {5, Source::disk},
                                     {16, Source::disk}, {1 << 20, Source::disk}, {1, Source::memory},
                                     {5, Source::memory}, {1 << 20, Source::memory}}) {
    CAPTURE(piece);
    CAPTURE(source == Source::memory);
    const auto up = read_range(path, psql::file_range(sections.up.span), static_cast<std::size_t>(piece), source);
    CHECK(up.items == std::vector<std::string>{"CREATE TABLE t (a int);@2:1", "INSERT INTO t VALUES (1);@3:3"});
    CHECK(up.header == "-- migrate:up\n");
    CHECK(up.header_line == 1);
    CHECK(up.checksum == migrate::checksum_of(text));
    const auto down = read_range(path, psql::file_range(sections.down->span), static_cast<std::size_t>(piece), source);
    CHECK(down.items == std::vector<std::string>{"DROP TABLE t;@6:1", "SELECT 'x\ny';@6:17"});
    CHECK(down.header == "-- migrate:down\n-- pgapply: no-transaction\n");
    CHECK(down.header_line == 4);
    CHECK(down.checksum == migrate::checksum_of(text));
  }
}

TEST_CASE("a range that starts inside a line, an empty range, and a byte-order mark") {
  test::TempDir dir;
  const std::string text = "select 1; select 2;\nselect 3;\n";
  const auto path = dir.write("f.sql", text);
  // From "select 2;" (offset 10, line 1, column 11) to the end of line 1.
  const auto middle = read_range(path, {{10, 1, 11}, 20}, 3);
  CHECK(middle.items == std::vector<std::string>{"select 2;@1:11"});
  CHECK(middle.checksum == migrate::checksum_of(text));
  const auto empty = read_range(path, {{20, 2, 1}, 20}, 4);
  CHECK(empty.items.empty());
  CHECK(empty.header.empty());
  CHECK(empty.checksum == migrate::checksum_of(text));
  // A range past the end of the file reads nothing, and still checksums the file.
  CHECK(read_range(path, {{100, 9, 1}, 200}, 4).items.empty());

  const std::string marked = "\xEF\xBB\xBFselect 1;\nselect 2;\n";
  const auto bom = dir.write("bom.sql", marked);
  CHECK(read_range(bom, {{0, 1, 1}, marked.size()}, 2).items ==
        std::vector<std::string>{"select 1;@1:1", "select 2;@2:1"});
  CHECK(read_range(bom, {{13, 2, 1}, marked.size()}, 2).items == std::vector<std::string>{"select 2;@2:1"});
}

TEST_CASE("split errors in a range name the file's line and column") {
  test::TempDir dir;
  const auto path = dir.write("f.sql", "-- +goose Up\nselect 1;\n-- +goose Down\nselect 2;\nselect 'open\n");
  try {
    read_range(path, {{23, 3, 1}, 200}, 4);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(std::string(error.what()) == "f.sql:5:8: error: unterminated quoted string");
  }
  // The up section alone is fine.
  CHECK(read_range(path, {{0, 1, 1}, 23}, 4).items == std::vector<std::string>{"select 1;@2:1"});
}

TEST_CASE("a file that grows after it was opened is read to its end (reads are sized to the file as opened)") {
  test::TempDir dir;
  const std::string first = "select 1;\nselect 2;\n";
  std::string more = "select 3;\n";
  for (int i = 0; i < 50; ++i) more += "select " + std::to_string(i + 4) + ";\n";
  for (std::size_t piece : {1, 7, 16, 1 << 20}) {
    CAPTURE(piece);
    const auto path = dir.write("grows.sql", first);
    psql::FileReader reader(path, "grows.sql", piece);
    migrate::Checksum sum;
    reader.on_bytes([&](std::string_view bytes) { sum.update(bytes); });
    {
      std::FILE* append = std::fopen(path.c_str(), "ab");
      REQUIRE(append != nullptr);
      std::fwrite(more.data(), 1, more.size(), append);
      std::fclose(append);
    }
    std::vector<std::string> items;
    while (const auto* item = reader.next()) items.push_back(item->text);
    REQUIRE(items.size() == 53);
    CHECK(items.front() == "select 1;");
    CHECK(items.back() == "select 53;");
    CHECK(sum.hex_digest() == migrate::checksum_of(first + more));
  }
}
