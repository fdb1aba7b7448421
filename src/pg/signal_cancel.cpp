#include "pg/signal_cancel.hpp"

#include <libpq-fe.h>

#include <atomic>

namespace pgapply::pg {

namespace {

std::atomic<PGcancel*> marked{nullptr};

}  // namespace

CancelOnSignal::CancelOnSignal(const Connection& connection) : handle_(connection.cancel_handle()) {
  previous_ = marked.exchange(static_cast<PGcancel*>(handle_.native()));
}

CancelOnSignal::~CancelOnSignal() { marked.store(static_cast<PGcancel*>(previous_)); }

void cancel_running_statement() noexcept {
  PGcancel* cancel = marked.load();
  if (cancel == nullptr) return;
  char error[256];
  PQcancel(cancel, error, sizeof error);
}

}  // namespace pgapply::pg
