#pragma once

#include <functional>

namespace pgapply::io {

// Runs `cleanup` when this object is destroyed, or when the process dies
// without destroying it (a signal, an uncaught exception, kill -9): a child
// process, forked here, waits on a pipe for this process to close its end,
// which the kernel does however the process ends, then runs `cleanup` and
// exits. The child starts its own session (Ctrl-C in the terminal does not
// reach it), closes every other descriptor (it keeps no connection or output
// pipe open) and ignores SIGINT, SIGTERM, SIGHUP and SIGPIPE.
//
// `cleanup` runs in the forked child: create the guard while the process has
// one thread (before any worker thread starts), and let `cleanup` use only
// what it captures by value and starts itself (programs, files).
//
// The destructor waits for the cleanup to finish. Throws Error(input) when
// the child cannot be started.
class ExitGuard {
 public:
  explicit ExitGuard(std::function<void()> cleanup);
  ~ExitGuard();
  ExitGuard(const ExitGuard&) = delete;
  ExitGuard& operator=(const ExitGuard&) = delete;

 private:
  int write_end_ = -1;
  int pid_ = -1;
};

}  // namespace pgapply::io
