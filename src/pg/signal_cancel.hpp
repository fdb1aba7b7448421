#pragma once

// Cancelling the statement a connection runs, from a signal handler: the
// engine marks the connection whose statements a Ctrl-C should stop; the
// command line's handler calls cancel_running_statement(), which only calls
// libpq's PQcancel (async-signal-safe) on it.

#include "pg/connection.hpp"

namespace pgapply::pg {

// While it lives, a signal cancels what `connection` runs.
class CancelOnSignal {
 public:
  explicit CancelOnSignal(const Connection& connection);
  ~CancelOnSignal();
  CancelOnSignal(const CancelOnSignal&) = delete;
  CancelOnSignal& operator=(const CancelOnSignal&) = delete;

 private:
  CancelHandle handle_;  // keeps the cancel object alive
  pg_cancel* previous_;
};

// From a signal handler: sends the cancel request, if a connection is marked.
void cancel_running_statement() noexcept;

}  // namespace pgapply::pg
