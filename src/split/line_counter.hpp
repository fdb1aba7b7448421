#pragma once

#include <cstddef>
#include <string_view>

namespace pgapply::split {

// Turns byte offsets into 1-based lines and columns, moving forward only, so
// that positioning every item of a file costs one pass over it. Columns count
// UTF-8 characters (continuation bytes 0x80-0xBF are not counted); a tab is one.
class LineCounter {
 public:
  struct Position {
    std::size_t offset = 0;
    std::size_t line = 1;
    std::size_t column = 1;
  };

  LineCounter() = default;
  // Counts from `start` (a position within a file) rather than from its beginning.
  explicit LineCounter(const Position& start) : position_(start) {}

  // Moves forward over `bytes`, which start at the current position.
  void advance(std::string_view bytes);
  // Moves forward over bytes that take no column (a byte-order mark).
  void skip(std::size_t bytes) { position_.offset += bytes; }
  // Where the counter is now.
  const Position& position() const { return position_; }
  // The position `bytes` further on, without moving (bytes start at the current position).
  Position peek(std::string_view bytes) const;

 private:
  Position position_;
};

}  // namespace pgapply::split
