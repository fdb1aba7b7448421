#pragma once

// Internal: recognises a statement by its leading words and hands it to the
// parser of its form (statement_parsers.hpp).

#include <string_view>

#include "ddl/declaration.hpp"

namespace pgapply::ddl {

// One statement's facts: declarations, requirements, and the locks and
// hazards of the statement as a whole (not yet those of its declarations:
// facts_of() adds them). `nesting` is 0 for a top-level statement, 1 for one
// inside a DO block...
StatementFacts analyse_statement(std::string_view text, int nesting);

}  // namespace pgapply::ddl
