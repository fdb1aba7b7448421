#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace pgapply {

// The code point of UTF-8 text at `at`, advancing `at` past it; nullopt
// (`at` unchanged) where the bytes are not UTF-8: a stray continuation byte,
// a sequence cut short, an overlong form, a surrogate, a value past U+10FFFF.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& at);

// The offset of the first byte of `text` that is not UTF-8; nullopt when all is.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// The byte order mark (U+FEFF) some editors put at the start of a file.
inline constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";

// `text` without a leading byte order mark.
inline std::string_view without_byte_order_mark(std::string_view text) {
  return text.starts_with(utf8_byte_order_mark) ? text.substr(utf8_byte_order_mark.size()) : text;
}

}  // namespace pgapply
