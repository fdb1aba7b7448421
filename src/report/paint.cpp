#include "report/paint.hpp"

namespace pgapply::report {

namespace {

std::string_view sgr(Tone tone) {
  switch (tone) {
    case Tone::error: return "\x1b[1;31m";
    case Tone::warning: return "\x1b[33m";
    case Tone::good: return "\x1b[32m";
    case Tone::attention: return "\x1b[33m";
    case Tone::bad: return "\x1b[31m";
    case Tone::faint: return "\x1b[2m";
  }
  return "";
}

constexpr std::string_view reset = "\x1b[0m";

// Calls `visible` with each byte of `text` outside SGR sequences.
template <typename F>
void each_unpainted_byte(std::string_view text, F&& visible) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
      continue;
    }
    visible(text[i]);
  }
}

}  // namespace

std::string paint(Tone tone, std::string_view text) {
  std::string out(sgr(tone));
  out += text;
  out += reset;
  return out;
}

std::size_t unpainted_size(std::string_view text) {
  std::size_t size = 0;
  each_unpainted_byte(text, [&size](char) { ++size; });
  return size;
}

std::size_t visible_width(std::string_view text) {
  std::size_t width = 0;
  // UTF-8 lead bytes only.
  each_unpainted_byte(text, [&width](char c) { width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0; });
  return width;
}

}  // namespace pgapply::report
