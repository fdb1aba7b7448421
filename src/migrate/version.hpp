#pragma once

#include <string>
#include <string_view>

namespace pgapply::migrate {

// A migration version is a decimal number of any width. It is kept as its
// canonical digits (no leading zeros; "0" for zero) so that 004 and 4 are the
// same version and 10 sorts after 9, however many digits it has.
std::string canonical_version(std::string_view digits);

// <0, 0, >0 as a is numerically below, equal to or above b (both canonical).
int compare_versions(std::string_view a, std::string_view b);

struct VersionLess {
  bool operator()(std::string_view a, std::string_view b) const { return compare_versions(a, b) < 0; }
};

// Whether `text` is a non-empty run of decimal digits.
bool is_version_text(std::string_view text);

}  // namespace pgapply::migrate
