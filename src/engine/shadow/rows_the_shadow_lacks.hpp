#pragma once

// Whether a migration's idempotency proof on the shadow covers what it does
// to rows: the shadow has the target's schema, not its rows, so an UPDATE,
// DELETE, MERGE or INSERT ... SELECT of a table it left empty there (or a
// DO block or CALL that may run one) did nothing on either run, and "the
// second run changes nothing" says nothing about the target's rows.

#include <optional>
#include <string>

#include "engine/loaded_script.hpp"
#include "engine/shadow/shadow_table_rows.hpp"

namespace pgapply::engine {

// The first such statement of `script` and what it did there, as "UPDATE of
// orders at db/002_b.sql:2 found no rows there" or "MERGE at db/002_b.sql:3
// reads or changes rows, which it has none of"; nullopt where each one that
// reads or changes rows worked on rows the shadow had (`rows`: its plain
// tables after the first run, their own rows).
std::optional<std::string> rows_the_shadow_lacks(const LoadedScript& script, const TablesRows& rows);

}  // namespace pgapply::engine
