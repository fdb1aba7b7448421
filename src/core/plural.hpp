#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply {

// A count and its noun for people: "1 migration", "3 migrations", "2
// indexes", "3 policies" (English's regular plurals: -es after s, x, ch and
// sh, -ies after a consonant and y). One definition for every layer that
// writes such text.
std::string plural(std::size_t count, std::string_view noun);

// Items in a sentence: "a", "a and b", "a, b and c".
std::string listed(const std::vector<std::string>& items);

}  // namespace pgapply
