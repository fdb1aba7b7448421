#include "pg/signal_cancel.hpp"

#include <libpq-fe.h>

#include <atomic>

namespace pgapply::pg {

namespace {

std::atomic<PGcancel*> marked{nullptr};

}  // namespace

CancelOnSignal::CancelOnSignal(const Connection& connection) : handle_(connection.cancel_handle()) {
  previous_ = marked.exchange(handle_.cancel_.get());
}

CancelOnSignal::~CancelOnSignal() { marked.store(previous_); }

void cancel_running_statement() noexcept {
  PGcancel* cancel = marked.load();
  if (cancel == nullptr) return;
  char error[256];
  PQcancel(cancel, error, sizeof error);
}

}  // namespace pgapply::pg
