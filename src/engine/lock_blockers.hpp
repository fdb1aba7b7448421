#pragma once

#include <chrono>
#include <string>

#include "pg/connection.hpp"

namespace pgapply::engine {

// After a statement hit lock_timeout: the sessions it most likely waited for
// (holding locks on tables, in a transaction at least `lock_timeout` old), as
// "pid 123 (app), user u, in a transaction since ... (35 s), idle in
// transaction, holding t (AccessShareLock), query: ..." (literals masked), or
// "" when none is found. Never throws: it only adds to a message.
std::string describe_lock_blockers(pg::Connection& connection, std::chrono::milliseconds lock_timeout);

}  // namespace pgapply::engine
