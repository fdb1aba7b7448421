#include "psql/plain_text.hpp"

#include <cstring>

namespace pgapply::psql {

namespace {

bool may_follow_colon(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80 ||
         c == '\'' || c == '"' || c == '{';
}

}  // namespace

bool may_need_interpreter(std::string_view text) {
  if (std::memchr(text.data(), '\\', text.size()) != nullptr) return true;
  const char* const end = text.data() + text.size();
  const char* at = text.data();
  while (at < end) {
    const void* found = std::memchr(at, ':', static_cast<std::size_t>(end - at));
    if (found == nullptr) return false;
    const char* colon = static_cast<const char*>(found);
    if (colon + 1 == end) return false;
    const auto next = static_cast<unsigned char>(colon[1]);
    // `::` is a cast (the splitter takes both colons; a third may start a variable).
    if (next == ':') {
      at = colon + 2;
      continue;
    }
    if (may_follow_colon(next)) return true;
    at = colon + 1;
  }
  return false;
}

}  // namespace pgapply::psql
