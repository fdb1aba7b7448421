#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pgapply {

// A count and its noun for people: "1 migration", "3 migrations" (the noun
// takes an "s" unless the count is 1; nouns with other plurals say them
// themselves). One definition for every layer that writes such text.
std::string plural(std::size_t count, std::string_view noun);

}  // namespace pgapply
