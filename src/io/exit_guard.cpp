#include "io/exit_guard.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/error.hpp"

namespace pgapply::io {

namespace {

[[noreturn]] void guard_child(int read_end, const std::function<void()>& cleanup) {
  setsid();
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) std::signal(signal, SIG_IGN);
  // The parent may hold signals back while it forks (ShadowCluster does):
  // the programs `cleanup` starts must not inherit that.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  // Only the pipe stays open: standard streams go to /dev/null, so that a
  // reader of pgapply's output sees its end when pgapply ends.
  const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  for (int fd = 0; fd <= 2; ++fd) {
    if (null >= 0) dup2(null, fd);
  }
  if (read_end != 3) {
    dup3(read_end, 3, O_CLOEXEC);
    read_end = 3;
  }
  close_range(4, ~0U, 0);
  char byte;
  while (read(read_end, &byte, 1) < 0 && errno == EINTR) {
  }
  try {
    cleanup();
  } catch (...) {
    // nothing to report to: the parent is gone or not listening
  }
  _exit(0);
}

}  // namespace

ExitGuard::ExitGuard(std::function<void()> cleanup) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) throw Error(ErrorKind::input, std::string("cannot create a pipe: ") + std::strerror(errno));
  const pid_t pid = fork();
  if (pid < 0) {
    const int error = errno;
    close(ends[0]);
    close(ends[1]);
    throw Error(ErrorKind::input, std::string("cannot start a process: ") + std::strerror(error));
  }
  if (pid == 0) {
    close(ends[1]);
    guard_child(ends[0], cleanup);
  }
  close(ends[0]);
  write_end_ = ends[1];
  pid_ = pid;
}

ExitGuard::~ExitGuard() {
  close(write_end_);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace pgapply::io
