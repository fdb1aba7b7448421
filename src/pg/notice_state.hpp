#pragma once

// Internal to the pg layer: where libpq's notice receiver delivers notices.
//
// libpq copies a connection's notice hooks (function and argument) into every
// PGresult it makes, and may call them for a result after the connection is
// gone (libpqxx learned this the hard way). So the argument is this object,
// owned through a shared_ptr by the Connection and by every Result.

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>

#include "pg/notice.hpp"

struct pg_result;
struct pg_conn;

namespace pgapply::pg {

class NoticeState {
 public:
  NoticeHandler handler;  // may be empty: notices are then dropped

  // The index a StatementBatch gives to notices that arrive now; empty
  // outside batches.
  std::optional<std::size_t> statement_index;
  // During a StatementBatch: attributes a notice carrying a position (into
  // the whole batch) to its statement.
  std::function<void(ServerMessage&)> locate;
  // The connection the notices come from, for its client_encoding; null once
  // it is closed (a Result may outlive it).
  const pg_conn* conn = nullptr;

  // Calls the handler; never throws (libpq is C). The first exception a
  // handler throws is kept for rethrow_pending().
  void deliver(Notice& notice) noexcept;

  // Rethrows (and forgets) the exception a handler threw, if any.
  void rethrow_pending();

 private:
  std::exception_ptr pending_;
};

// The PQnoticeReceiver the pg layer installs; `state` is a NoticeState*.
void receive_notice(void* state, const pg_result* result);

}  // namespace pgapply::pg
