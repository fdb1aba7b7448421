#include "core/interruption.hpp"

#include <atomic>

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

void throw_if_interrupted(const std::string& what) {
  if (const int signal_number = signal_received()) {
    throw Interrupted(signal_number, "interrupted by " + signal_name(signal_number) + " " + what);
  }
}

}  // namespace pgapply
