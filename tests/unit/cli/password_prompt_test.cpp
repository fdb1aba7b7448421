// -W: the password prompt on a real terminal (a pseudo-terminal that is the
// binary's controlling terminal, as forkpty makes it), no database.
#include <doctest/doctest.h>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "support/run_process.hpp"

namespace {

// pgapply status -W against a port where nothing listens, on a new terminal.
class Prompted {
 public:
  explicit Prompted(const std::string& cwd) {
    pid_ = forkpty(&master_, nullptr, nullptr, nullptr);
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      if (chdir(cwd.c_str()) != 0) _exit(127);
      for (const char* name : {"DATABASE_URL", "PGAPPLY_DIR", "PGAPPLY_FORMAT", "PGPASSWORD", "PGSERVICE"}) {
        unsetenv(name);
      }
      execl(PGAPPLY_BINARY, "pgapply", "status", "-W", "-h", "127.0.0.1", "-p", "1", static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Prompted() {
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) close(master_);
  }
  Prompted(const Prompted&) = delete;
  Prompted& operator=(const Prompted&) = delete;

  // Reads the terminal until `text` has appeared (or 20 s passed, or it closed).
  bool read_until(const std::string& text) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (shown_.find(text) == std::string::npos) {
      // (a quiet moment is not the end: a sanitizer build starts slowly)
      if (std::chrono::steady_clock::now() > until || closed_) return false;
      read_some(100);
    }
    return true;
  }
  // Everything the terminal showed until pgapply ended; its exit status.
  int finish() {
    while (read_some(2000)) {
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  bool echo_on() const {
    termios settings{};
    REQUIRE(tcgetattr(master_, &settings) == 0);  // the terminal's own settings
    return (settings.c_lflag & ECHO) != 0;
  }
  void type(const std::string& text) { REQUIRE(write(master_, text.data(), text.size()) == static_cast<ssize_t>(text.size())); }
  int pid() const { return pid_; }
  const std::string& shown() const { return shown_; }

 private:
  // One read, waiting up to `milliseconds`; false when nothing came (closed_: the end).
  bool read_some(int milliseconds) {
    pollfd wanted{master_, POLLIN, 0};
    if (poll(&wanted, 1, milliseconds) <= 0) return false;
    char buffer[4096];
    const ssize_t got = read(master_, buffer, sizeof buffer);
    if (got <= 0) {
      closed_ = true;  // EIO: the other side closed
      return false;
    }
    shown_.append(buffer, static_cast<std::size_t>(got));
    return true;
  }

  int master_ = -1;
  pid_t pid_ = -1;
  bool waited_ = false;
  bool closed_ = false;
  std::string shown_;
};

}  // namespace

TEST_CASE("-W turns echo off before the prompt shows: a password typed then is not echoed") {
  pgapply::test::TempDir dir;
  dir.write("migrations/001_a.sql", "select 1;\n");
  Prompted run(dir.path());
  REQUIRE(run.read_until("Password: "));
  CHECK_FALSE(run.echo_on());
  run.type("hunter2secret\n");
  const int status = run.finish();
  INFO(run.shown());
  CHECK(status == 2);  // nothing listens on port 1
  CHECK(run.shown().find("hunter2secret") == std::string::npos);
  CHECK(run.shown().find("cannot connect to the database") != std::string::npos);
}

TEST_CASE("a signal at the -W prompt stops pgapply with 128 + the signal, the terminal as it was") {
  for (const int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    pgapply::test::TempDir dir;
    Prompted run(dir.path());
    REQUIRE(run.read_until("Password: "));
    CHECK(kill(run.pid(), signal_number) == 0);
    const int status = run.finish();
    INFO(signal_number, ": ", run.shown());
    CHECK(status == 128 + signal_number);
    CHECK(run.shown().find("at the password prompt: nothing was done") != std::string::npos);
    CHECK(run.shown().find("cannot connect") == std::string::npos);
  }
}
