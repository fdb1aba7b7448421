#pragma once

// How volatile a default expression is, which decides whether ALTER TABLE
// ... ADD COLUMN ... DEFAULT rewrites the table: since PostgreSQL 11 a
// non-volatile default is evaluated once and stored in the catalog; a
// volatile one (random(), clock_timestamp(), gen_random_uuid(), nextval())
// must be computed for every existing row.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pgapply::ddl {

enum class Volatility {
  immutable_or_stable,  // constants, now(), CURRENT_TIMESTAMP, known stable functions
  volatile_,            // a known volatile function
  unknown,              // calls a function this code does not know
};

struct VolatilityVerdict {
  Volatility volatility = Volatility::immutable_or_stable;
  std::string function;  // the volatile or unknown function that decided it
};

// What the caller knows of functions this code does not (those created by
// earlier migrations): nullopt for a function it does not know either.
using KnownVolatility = std::function<std::optional<Volatility>(std::string_view function)>;

VolatilityVerdict volatility_of(std::string_view expression, const KnownVolatility& known = {});

}  // namespace pgapply::ddl
