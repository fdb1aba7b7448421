#include "core/interruption.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "core/error.hpp"

namespace pgapply {

namespace {

std::atomic<int> received{0};

}  // namespace

void note_signal(int signal_number) noexcept {
  int none = 0;
  received.compare_exchange_strong(none, signal_number);  // the first one counts
}

int signal_received() noexcept { return received.load(); }

void clear_signal() noexcept { received.store(0); }

std::string signal_name(int signal_number) {
  // The numbers POSIX fixes for these three (core includes no system header).
  switch (signal_number) {
    case 1: return "SIGHUP";
    case 2: return "SIGINT";
    case 15: return "SIGTERM";
  }
  return "signal " + std::to_string(signal_number);
}

namespace {

constexpr std::string_view interrupted_prefix = "interrupted by ";

}  // namespace

std::string interrupted_by(int signal_number) { return std::string(interrupted_prefix) + signal_name(signal_number); }

bool says_interrupted(std::string_view error) { return error.starts_with(interrupted_prefix); }

void throw_if_interrupted(std::string_view what) {
  if (const int signal_number = signal_received()) {
    throw Interrupted(signal_number, interrupted_by(signal_number) + " " + std::string(what));
  }
}

void sleep_unless_interrupted(std::chrono::milliseconds how_long, std::string_view what) {
  constexpr std::chrono::milliseconds slice(50);
  const auto until = std::chrono::steady_clock::now() + how_long;
  while (true) {
    throw_if_interrupted(what);
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(slice, until - now));
  }
}

}  // namespace pgapply
