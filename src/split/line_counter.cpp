#include "split/line_counter.hpp"

#include <algorithm>
#include <cstring>

namespace pgapply::split {

namespace {

std::size_t count_characters(const char* begin, const char* end) {
  return static_cast<std::size_t>(std::count_if(begin, end, [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

LineCounter::Position LineCounter::peek(std::string_view bytes) const {
  Position next = position_;
  next.offset += bytes.size();
  const char* line_start = bytes.data();
  const char* end = bytes.data() + bytes.size();
  for (const char* p = line_start;
       (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) !=
       nullptr;
       ++p) {
    ++next.line;
    next.column = 1;
    line_start = p + 1;
  }
  next.column += count_characters(line_start, end);
  return next;
}

void LineCounter::advance(std::string_view bytes) { position_ = peek(bytes); }

}  // namespace pgapply::split
