#pragma once

// Internal to the pg layer: what statement_batch.cpp needs of a Connection beyond
// its public interface.

#include <memory>

#include "pg/connection.hpp"
#include "pg/notice_state.hpp"

namespace pgapply::pg {

class ConnectionInternals {
 public:
  static const std::shared_ptr<NoticeState>& notices(const Connection& connection) {
    return connection.notices_;
  }
  // Throws std::logic_error unless the connection is idle (no COPY, no
  // other batch), then marks it as running a StatementBatch.
  static void begin_batch(Connection& connection) {
    connection.require_idle("StatementBatch");
    connection.mode_ = Connection::Mode::batch;
  }
  // Back to idle, or to broken when the batch could not be left in a
  // consistent state (later calls then throw ConnectionError).
  static void end_exclusive(Connection& connection, bool consistent) {
    connection.mode_ = consistent ? Connection::Mode::idle : Connection::Mode::broken;
  }
  // Reads and drops a COPY TO STDOUT's data; false if the connection failed
  // meanwhile (its error result follows).
  static bool discard_copy_out(Connection& connection) noexcept;
  // Closes the connection for good: later calls throw ConnectionError.
  static void close(Connection& connection) noexcept {
    connection.close();
    connection.mode_ = Connection::Mode::broken;
  }
};

}  // namespace pgapply::pg
