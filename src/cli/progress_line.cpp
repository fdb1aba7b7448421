#include "cli/progress_line.hpp"

#include <cmath>

namespace pgapply::cli {

std::string group_thousands(std::size_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_progress(const engine::ProgressTick& tick, double elapsed, std::size_t width) {
  std::string head;
  if (tick.files_total > 1) {
    head.append("[")
        .append(std::to_string(std::min(tick.files_done + 1, tick.files_total)))
        .append("/")
        .append(std::to_string(tick.files_total))
        .append("] ");
  }
  head += group_thousands(tick.statements_done);
  if (tick.statements_total > 0) {
    head.append("/").append(group_thousands(tick.statements_total)).append(" statements");
    const auto percent = static_cast<int>(100.0 * static_cast<double>(tick.statements_done) /
                                          static_cast<double>(tick.statements_total));
    head.append(" (").append(std::to_string(std::min(percent, 100))).append("%)");
  } else {
    head += " statements";
  }
  if (elapsed >= 0.5) {
    const auto rate = static_cast<std::size_t>(std::llround(static_cast<double>(tick.statements_done) / elapsed));
    head.append("  ").append(group_thousands(rate)).append("/s");
  }
  std::string where;
  if (tick.waiting_seconds > 0) {
    // what ran last is not what runs now: the server answers a batch when it ends
    // (the end stays when the line is cut: the lock waited for)
    const std::string seconds = std::to_string(tick.waiting_seconds) + " s";
    where = tick.server.file.empty() ? "no answer for " + seconds : tick.server.file + " for " + seconds;
    if (!tick.server.lock_kind.empty()) where += ", waiting for a lock (" + tick.server.lock_kind + ")";
  } else if (!tick.file.empty()) {
    where = tick.file;
    if (tick.line > 0) where.append(":").append(std::to_string(tick.line));
  }
  if (width == 0) return head + (where.empty() ? "" : "  " + where);
  // Leave the last column free: writing into it makes some terminals wrap.
  const std::size_t room = width - 1;
  if (head.size() >= room) return head.substr(0, room);
  if (where.empty()) return head;
  const std::size_t left = room - head.size();
  if (left < 2 + 4) return head;
  if (where.size() + 2 <= left) return head + "  " + where;
  return head + "  ..." + where.substr(where.size() - (left - 5));
}

std::optional<std::string> ProgressLine::update(const engine::ProgressTick& tick, Clock::time_point now,
                                                std::size_t width) {
  if (!started_) started_ = now;
  if (drawn_ && now - *drawn_ < interval) return std::nullopt;
  drawn_ = now;
  const double elapsed = std::chrono::duration<double>(now - *started_).count();
  return format_progress(tick, elapsed, width);
}

}  // namespace pgapply::cli
