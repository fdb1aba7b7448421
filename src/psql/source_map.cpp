#include "psql/source_map.hpp"

#include <algorithm>

namespace pgapply::psql {

std::size_t SourceMap::source_offset(std::size_t sent_offset) const {
  if (pieces_.empty()) return sent_offset;
  auto after = std::upper_bound(pieces_.begin(), pieces_.end(), sent_offset,
                                [](std::size_t offset, const Piece& piece) {
                                  return offset < piece.sent_offset;
                                });
  const Piece& piece = after == pieces_.begin() ? pieces_.front() : *std::prev(after);
  if (piece.substituted) return piece.source_offset;
  return piece.source_offset + (sent_offset - piece.sent_offset);
}

void SourceMap::append(const SourceMap& other, std::size_t sent_base) {
  for (const Piece& piece : other.pieces_) {
    pieces_.push_back({piece.sent_offset + sent_base, piece.source_offset, piece.substituted});
  }
}

SourceMap SourceMap::from(std::size_t sent_start) const {
  SourceMap part;
  if (pieces_.empty()) {
    part.pieces_.push_back({0, sent_start, false});
    return part;
  }
  auto after = std::upper_bound(pieces_.begin(), pieces_.end(), sent_start,
                                [](std::size_t offset, const Piece& piece) { return offset < piece.sent_offset; });
  const Piece& first = after == pieces_.begin() ? pieces_.front() : *std::prev(after);
  part.pieces_.push_back({0, source_offset(sent_start), first.substituted});
  for (; after != pieces_.end(); ++after) {
    part.pieces_.push_back({after->sent_offset - sent_start, after->source_offset, after->substituted});
  }
  return part;
}

std::size_t byte_offset_of_character(std::string_view text, std::size_t position) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (++characters == position) return i;
    }
  }
  return text.size();
}

LineColumn line_column_at(std::string_view text, std::size_t offset, LineColumn start) {
  LineColumn at = start;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

std::string_view line_containing(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto newline_before = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::size_t begin = newline_before == std::string_view::npos ? 0 : newline_before + 1;
  std::size_t end = std::min(text.find('\n', offset), text.size());
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

}  // namespace pgapply::psql
