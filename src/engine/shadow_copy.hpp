#pragma once

#include <string>

#include "engine/shadow_database.hpp"
#include "pg/connection.hpp"

namespace pgapply::engine {

// The target's schema, no data, in a fresh shadow database: pg_dump
// --schema-only of the target (found as for --backup; run without a shell,
// the password in its environment), restored in one transaction. Owners are
// left out (--no-owner: owners are not compared), and so are tablespaces,
// security labels, publications and subscriptions. pg_dump waits at most
// `lock_wait` (as lock_timeout: "5s") for its ACCESS SHARE locks on the
// target's tables: behind another session's lock it gives up rather than
// queue everyone behind itself. Returns the shadow's
// connection, or nullptr with the reason in `why_not`: an extension the
// target has and the shadow cannot install (by name), pg_dump failing, the
// dump failing to restore (with the server's error).
pg::Connection* copy_target_schema(pg::Connection& target, ShadowDatabase& shadow, std::string& why_not,
                                   const std::string& lock_wait = "5s");

}  // namespace pgapply::engine
