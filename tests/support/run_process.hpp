#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace pgapply::test {

struct ProcessResult {
  int status = -1;       // exit status, or 128 + signal number
  std::string out;       // everything written to stdout
  std::string err;       // everything written to stderr
  bool timed_out = false;
};

struct ProcessOptions {
  std::map<std::string, std::string> env;  // set (on top of the test's environment)
  std::vector<std::string> unset_env;      // removed from the environment
  std::string input;                       // written to stdin, then closed
  std::string cwd;                         // working directory, if not empty
  std::chrono::seconds timeout{120};       // killed after this
};

// Options to run pgapply in `cwd` with `env` on top of the test's
// environment, without the settings a developer's shell may carry
// (PGAPPLY_DIR, DATABASE_URL, NO_COLOR...), which would change what it does.
ProcessOptions without_ambient_settings(const std::string& cwd, std::map<std::string, std::string> env = {});

// Runs a program and waits for it, capturing its output.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs the pgapply binary under test with `args`.
ProcessResult run_pgapply(const std::vector<std::string>& args, const ProcessOptions& options = {});

// A started process that the test controls (for kill -9 and concurrency tests).
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  int pid() const { return pid_; }
  void kill(int signal);
  // Waits for it to end and collects its output.
  ProcessResult wait();

 private:
  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::chrono::seconds timeout_;
  bool waited_ = false;
};

// The absolute path of a file in the source tree (e.g. "migrations").
std::string source_path(const std::string& relative);

// A fresh empty directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes a file (creating parent directories); returns its path.
  std::string write(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace pgapply::test
