#pragma once

// What a plain TRUNCATE empties: its tables, and nothing else, where nothing
// it names could reach further (preflight's row checks then know those
// tables hold no row of the target's).

#include <optional>
#include <string_view>
#include <vector>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

// The tables of TRUNCATE [TABLE] name [*] [, ...] [RESTART IDENTITY |
// CONTINUE IDENTITY] [RESTRICT]. nullopt for anything else: ONLY (the
// table's inheritance children keep their rows), CASCADE (it empties tables
// it does not name), text that does not parse.
std::optional<std::vector<QualifiedName>> truncate_targets(std::string_view statement);

}  // namespace pgapply::ddl
