#include "core/plural.hpp"

namespace pgapply {

namespace {

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

std::string plural(std::size_t count, std::string_view noun) {
  std::string out = std::to_string(count) + " ";
  if (count == 1) return out += noun;
  // Object kinds name themselves here: "2 indexes", "3 policies".
  if (noun.ends_with("x") || noun.ends_with("s") || noun.ends_with("ch") || noun.ends_with("sh")) {
    return (out += noun) += "es";
  }
  if (noun.size() >= 2 && noun.back() == 'y' && !is_vowel(noun[noun.size() - 2])) {
    out += noun.substr(0, noun.size() - 1);
    return out += "ies";
  }
  return (out += noun) += "s";
}

std::string listed(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " and " : ", ";
    text += items[i];
  }
  return text;
}

}  // namespace pgapply
