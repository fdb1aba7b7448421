#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace pgapply {

// A session a statement that hit lock_timeout most likely waited for: what
// the retry messages, the final error and the JSON error object name.
struct BlockingSession {
  long long pid = 0;
  std::string application;  // its application_name ("" when none)
  std::string user;
  std::string since;        // when its transaction began (UTC, ISO 8601)
  long long seconds = 0;    // how long ago that was
  std::string state;        // "idle in transaction", "active"...
  std::string locks;        // "busy (AccessExclusiveLock), ..."
  std::string query;        // its last query, on one line, literals masked
};

// A statement of pgapply's own (outside any migration) that hit lock_timeout:
// an Error(lock) whose JSON error object names whom it waited for too.
class LockWaitError : public Error {
 public:
  LockWaitError(const std::string& message, std::string sqlstate_code, std::vector<BlockingSession> blocking)
      : Error(ErrorKind::lock, message), sqlstate(std::move(sqlstate_code)), blocking_sessions(std::move(blocking)) {}
  std::string sqlstate;  // 55P03
  std::vector<BlockingSession> blocking_sessions;
};

}  // namespace pgapply
