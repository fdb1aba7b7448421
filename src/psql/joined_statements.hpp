#pragma once

// A statement sent as one query may hold several: a goose StatementBegin ...
// StatementEnd block, statements joined by psql's \;. What reads statements
// for what they do (lint, the static model) reads each of them.

#include <vector>

#include "psql/interpreter.hpp"

namespace pgapply::psql {

// The statements in `statement` (rendered.has_escaped_semicolon says it may
// hold several), each with its own text, original text, line, column, file
// offset and source map; `statement` alone when it holds one, or when its
// text does not split.
std::vector<Statement> statements_within(const Statement& statement);

// `each` called with every statement in `statement`, as statements_within
// gives them; the common statement that holds one is not copied.
template <class Each>
void for_each_statement_within(const Statement& statement, Each&& each) {
  if (!statement.rendered.has_escaped_semicolon) {
    each(statement);
    return;
  }
  for (const Statement& part : statements_within(statement)) each(part);
}

}  // namespace pgapply::psql
