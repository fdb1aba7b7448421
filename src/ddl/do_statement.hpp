#pragma once

// Internal: DO blocks, whose static SQL is analysed like top-level SQL.

#include <string_view>

#include "ddl/declaration.hpp"
#include "ddl/statement_dispatch.hpp"
#include "ddl/facts_builder.hpp"
#include "ddl/token_cursor.hpp"

namespace pgapply::ddl {

// DO [LANGUAGE l] body [LANGUAGE l], the cursor after DO.
void analyse_do(TokenCursor& c, FactsBuilder& out, int nesting);

}  // namespace pgapply::ddl
