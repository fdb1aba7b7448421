#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace pgapply {

// Levenshtein distance (insertions, deletions, substitutions), for "did you
// mean" suggestions: a mistyped option or command, a connection keyword a
// typo away from "password". One definition for every layer that suggests.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Of `candidates`, the nearest to `given` a typo away (at most two edits;
// the first of equals), for "did you mean"; "" when none is.
std::string_view nearest_within_typo(std::string_view given, const std::vector<std::string_view>& candidates);

}  // namespace pgapply
