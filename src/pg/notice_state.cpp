#include "pg/notice_state.hpp"

#include <utility>

#include "pg/server_error.hpp"

namespace pgapply::pg {

void NoticeState::deliver(Notice& notice) noexcept {
  if (!handler) return;
  try {
    handler(notice);
  } catch (...) {
    if (!pending_) pending_ = std::current_exception();
  }
}

void NoticeState::rethrow_pending() {
  if (!pending_) return;
  std::exception_ptr pending = std::exchange(pending_, nullptr);
  std::rethrow_exception(pending);
}

void receive_notice(void* state, const pg_result* result) {
  auto* notices = static_cast<NoticeState*>(state);
  if (!notices || !notices->handler) return;
  try {
    Notice notice;
    static_cast<ServerMessage&>(notice) = read_server_message(result, notices->conn);
    notice.statement_index = notices->statement_index;
    if (notice.position > 0 && notices->locate) notices->locate(notice);
    notices->deliver(notice);
  } catch (...) {
    // Out of memory while copying the fields: nothing sensible to do in a C callback.
  }
}

}  // namespace pgapply::pg
