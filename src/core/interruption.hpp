#pragma once

// Whether a signal asked the run to stop. The command line's signal handlers
// note the signal (async-signal-safe: an atomic int); the engine checks at
// safe points (before each batch, between files, while it waits) and the
// statement running is cancelled on the server (pg/signal_cancel.hpp).

#include <string>

namespace pgapply {

void note_signal(int signal_number) noexcept;
int signal_received() noexcept;  // 0: none
// "SIGINT", "SIGTERM", "SIGHUP", or "signal N".
std::string signal_name(int signal_number);
// Throws Interrupted ("interrupted by SIGINT " + what) when a signal came.
void throw_if_interrupted(const std::string& what);
// Forgets a signal (tests).
void clear_signal() noexcept;

}  // namespace pgapply
