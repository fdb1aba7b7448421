#pragma once

// What a plain INSERT changes: the rows of its table, and nothing else,
// where nothing it runs could reach further (preflight's row checks ask the
// target about other tables all the same after it).

#include <optional>
#include <string_view>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

// The table of INSERT INTO table [(columns)] VALUES ..., where the values
// call no function but PostgreSQL's own (now(), gen_random_uuid()...):
// what only that table's triggers, defaults and rules could take further.
// nullopt for anything else (INSERT ... SELECT, a WITH query, a function of
// the user's).
std::optional<QualifiedName> insert_values_target(std::string_view statement);

}  // namespace pgapply::ddl
