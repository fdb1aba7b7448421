#pragma once

#include <string>
#include <string_view>

namespace pgapply::migrate {

// A migration version is one or more decimal numbers of any width separated
// by '.' ("4", "20240101120000", "1.1"; Flyway also writes 1.1 as "1_1" in
// file names). Versions compare as Flyway's MigrationVersion does: part by
// part, numerically, a missing part counting as 0. So 9 < 10, 1.2 < 1.10 < 2,
// 004 is 4, and 1.0 is the same version as 1.
//
// The canonical text of a version is its ledger key: each part without
// leading zeros, '.' between parts, and trailing zero parts dropped (but
// never the first): "004" -> "4", "1_1" -> "1.1", "01.020" -> "1.20",
// "1.0" -> "1", "0.0" -> "0". Equal versions have equal canonical texts.
// (In SQL, string_to_array(version, '.')::numeric[] orders canonical texts as
// compare_versions does.)

// Whether `text` is a version: digits, or runs of digits separated by single
// '.' or '_' characters ("1.1", "2_0_1"; not "1.", "1..2", "_1", "1a").
bool is_version_text(std::string_view text);

// Whether `text` is a non-empty run of decimal digits (a version of one part).
bool is_digits(std::string_view text);

// The canonical text of a version (see above). `text` must be a version
// (is_version_text).
std::string canonical_version(std::string_view text);

// <0, 0, >0 as a is below, equal to or above b. Any version texts, canonical
// or not: compare_versions("1.0", "001") == 0.
// A repeatable migration's key ("r:" and its description, see
// repeatable_key) sorts after every version, by its text.
int compare_versions(std::string_view a, std::string_view b);

// The ledger's key of a repeatable migration (Flyway's R__name.sql, which
// has no version): "r:" and its description ("r:refresh views").
std::string repeatable_key(std::string_view description);
bool is_repeatable_key(std::string_view key);

struct VersionLess {
  bool operator()(std::string_view a, std::string_view b) const { return compare_versions(a, b) < 0; }
};

}  // namespace pgapply::migrate
