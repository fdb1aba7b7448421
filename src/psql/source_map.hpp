#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::psql {

// Maps positions in the text sent to the server back to the file: the
// statement as written may differ from what was sent (psql variables
// interpolated, \; unescaped), and the server counts characters, not bytes.
class SourceMap {
 public:
  // A piece of the sent text that came from `source_offset` in the file. A
  // substituted piece maps all its bytes to the start of what it replaced.
  struct Piece {
    std::size_t sent_offset;    // in the sent text
    std::size_t source_offset;  // in the file
    bool substituted;
  };

  SourceMap() = default;
  // The sent text is the file's bytes from `source_offset` on, unchanged.
  explicit SourceMap(std::size_t source_offset) { pieces_.push_back({0, source_offset, false}); }

  void add_piece(Piece piece) { pieces_.push_back(piece); }
  // Appends `other`, the map of a text that follows at `sent_base` in the
  // sent text (the statements of a block sent as one).
  void append(const SourceMap& other, std::size_t sent_base);
  // The map of the part of the sent text from `sent_start` on.
  SourceMap from(std::size_t sent_start) const;

  // The file offset of the byte at `sent_offset` in the sent text.
  std::size_t source_offset(std::size_t sent_offset) const;

 private:
  std::vector<Piece> pieces_;  // by sent_offset
};

// Byte offset of the 1-based character `position` (as in a server error's
// position) in UTF-8 `text`; text.size() when past its end.
std::size_t byte_offset_of_character(std::string_view text, std::size_t position);

// 1-based line and column (in characters) of `offset`, counting from a point
// in the file whose line and column are known, with `text` the file's bytes
// from that point on.
struct LineColumn {
  std::size_t line;
  std::size_t column;
};
LineColumn line_column_at(std::string_view text, std::size_t offset, LineColumn start);

// The whole line of `text` that holds `offset` (without its line end).
std::string_view line_containing(std::string_view text, std::size_t offset);

}  // namespace pgapply::psql
