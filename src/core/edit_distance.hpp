#pragma once

#include <cstddef>
#include <string_view>

namespace pgapply {

// Levenshtein distance (insertions, deletions, substitutions), for "did you
// mean" suggestions: a mistyped option or command, a connection keyword a
// typo away from "password". One definition for every layer that suggests.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace pgapply
