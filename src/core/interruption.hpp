#pragma once

// Whether a signal asked the run to stop. The command line's signal handlers
// note the signal (async-signal-safe: an atomic int); the engine checks at
// safe points (before each batch, between files, while it waits) and the
// statement running is cancelled on the server (pg/signal_cancel.hpp).

#include <chrono>
#include <string>
#include <string_view>

namespace pgapply {

void note_signal(int signal_number) noexcept;
int signal_received() noexcept;  // 0: none
// "SIGINT", "SIGTERM", "SIGHUP", or "signal N".
std::string signal_name(int signal_number);
// "interrupted by SIGINT": how the messages of an interrupted run, and the
// ledger's error of a file a signal stopped, begin.
std::string interrupted_by(int signal_number);
// Whether a ledger error says a signal stopped its file (it begins as
// interrupted_by's text does): migrate/plan's hint then says the file is fine.
bool says_interrupted(std::string_view error);
// Throws Interrupted ("interrupted by SIGINT " + what) when a signal came.
// Cheap when none came (a load): it runs before every batch and every file.
void throw_if_interrupted(std::string_view what);
// Sleeps `how_long` (a retry's delay, a lock's poll), looking for a signal
// every 50 ms: throws as throw_if_interrupted does as soon as one comes.
void sleep_unless_interrupted(std::chrono::milliseconds how_long, std::string_view what);
// Forgets a signal (tests).
void clear_signal() noexcept;

}  // namespace pgapply
