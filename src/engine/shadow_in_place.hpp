#pragma once

#include <string>

#include "pg/connection.hpp"

namespace pgapply::engine {

// A database given with --shadow whose role may not create a scratch
// database is emptied in place before each use (every schema and extension
// dropped). pgapply empties only a database that is its own: one whose
// comment marks it so (COMMENT ON DATABASE, which pgapply makes the first
// time it uses an empty database without a comment, and which its owner may
// make by hand), or one that is empty. Anything else may be a real database named by mistake (a
// staging URL in SHADOW_DATABASE_URL): refused, before anything changes,
// with Error(usage) naming what it holds and the statement that marks it.
// `shown`: the URL as messages show it (password hidden).
void claim_for_emptying(pg::Connection& shadow, const std::string& shown);

}  // namespace pgapply::engine
