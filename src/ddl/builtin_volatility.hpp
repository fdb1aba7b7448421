#pragma once

// The volatility of PostgreSQL's own functions, by name: what a default
// expression calling one of them does to ALTER TABLE ... ADD COLUMN.

#include <optional>
#include <string_view>

#include "ddl/volatility.hpp"

namespace pgapply::ddl {

// immutable_or_stable when every pg_catalog function of that name is
// immutable or stable (timezone, to_tsvector, now), volatile_ when every one
// is volatile (random, nextval, clock_timestamp); nullopt for a name with
// both kinds of overload, or no built-in function of that name.
std::optional<Volatility> builtin_volatility(std::string_view name);

}  // namespace pgapply::ddl
