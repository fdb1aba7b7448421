#pragma once

// Whether up may send files in batches. A statement that reads the text of
// the query it belongs to (current_query(), as an audit trigger stores it;
// pgaudit's log) reads, in a batch, the whole batch: other files' SQL and
// pgapply's own, up to megabytes in every audit row. Then up sends each
// statement as its own query, as psql does (the round trips batching saves
// are spent).

#include <string>
#include <vector>

#include "engine/loaded_script.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// Why up sends one statement per query here, or "": the first pending file
// that names current_query() (file:line), else the target's first function
// of the user's that does, else pgaudit logging (sql/query_text_readers.sql).
std::string one_statement_per_query(pg::Connection& connection, const std::vector<const LoadedScript*>& pending);

}  // namespace pgapply::engine
