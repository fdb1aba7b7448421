#pragma once

#include <string>

#include "pg/connection.hpp"

namespace pgapply::engine {

// A database given with --shadow whose role may not create a scratch
// database is emptied in place before each use (every schema and extension
// dropped). pgapply empties only a database that is its own: one whose
// comment holds pgapply's mark (which pgapply adds, after any comment, the
// first time it uses an empty database, and which its owner may add by hand),
// or one that is empty: not a schema, extension or object in public beside a
// new database's, nor a large object, publication, default privilege,
// foreign server, event trigger or cast. Anything else may be a real
// database named by mistake (a staging URL in SHADOW_DATABASE_URL): refused,
// before anything changes, with Error(usage) naming what it holds and the
// statement that marks it.
// `shown`: the URL as messages show it (password hidden).
void claim_for_emptying(pg::Connection& shadow, const std::string& shown);

// Empties it (sql/shadow_empty_database.sql, all or nothing). A role that
// may not (not the database's owner) gets Error(usage) saying so, rather
// than the server's bare "must be owner of schema public".
void empty_in_place(pg::Connection& shadow, const std::string& shown);

}  // namespace pgapply::engine
