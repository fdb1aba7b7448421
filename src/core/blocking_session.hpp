#pragma once

#include <string>

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

}  // namespace pgapply
