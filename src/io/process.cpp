#include "io/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "core/interruption.hpp"

extern char** environ;

namespace pgapply::io {

std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides,
                                          const std::vector<std::string>& removed) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& name : removed) merged.erase(name);
  for (const auto& [name, value] : overrides) merged[name] = value;
  std::vector<std::string> strings;
  for (const auto& [name, value] : merged) strings.push_back(name + "=" + value);
  return strings;
}

namespace {

// argv (looked up on PATH) and an environment as posix_spawnp takes them:
// arrays of pointers into strings this keeps.
class SpawnArguments {
 public:
  SpawnArguments(const std::vector<std::string>& argv, std::vector<std::string> env)
      : args_(argv), env_(std::move(env)) {
    for (auto& arg : args_) arg_pointers_.push_back(arg.data());
    arg_pointers_.push_back(nullptr);
    for (auto& entry : env_) env_pointers_.push_back(entry.data());
    env_pointers_.push_back(nullptr);
  }
  SpawnArguments(const SpawnArguments&) = delete;
  SpawnArguments& operator=(const SpawnArguments&) = delete;

  // posix_spawnp's result: 0, or the error number.
  int start(pid_t* pid, const posix_spawn_file_actions_t* actions) {
    return posix_spawnp(pid, args_[0].c_str(), actions, nullptr, arg_pointers_.data(), env_pointers_.data());
  }

 private:
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  std::vector<char*> arg_pointers_;
  std::vector<char*> env_pointers_;
};

// Waits for child `pid` to end: its exit status, or 128 + the signal that ended it.
int wait_for_exit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Starts argv (looked up on PATH) with `env_strings` as its environment,
// standard error to a pipe and standard output to another pipe or
// /dev/null; reads both until they close, then waits. The last 64 KiB of
// standard error are kept.
ProgramOutput spawn_and_wait(const std::vector<std::string>& argv, std::vector<std::string> env_strings,
                             bool capture_output, bool ends_with_pgapply = false) {
  SpawnArguments spawn(argv, std::move(env_strings));

  int error_pipe[2];
  int output_pipe[2] = {-1, -1};
  if (pipe2(error_pipe, O_CLOEXEC) != 0) throw Error(ErrorKind::input, "cannot create a pipe");
  if (capture_output && pipe2(output_pipe, O_CLOEXEC) != 0) {
    close(error_pipe[0]);
    close(error_pipe[1]);
    throw Error(ErrorKind::input, "cannot create a pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (capture_output) {
    posix_spawn_file_actions_adddup2(&actions, output_pipe[1], 1);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, error_pipe[1], 2);
  pid_t pid = -1;
  const int started = spawn.start(&pid, &actions);
  posix_spawn_file_actions_destroy(&actions);
  close(error_pipe[1]);
  if (capture_output) close(output_pipe[1]);
  if (started != 0) {
    close(error_pipe[0]);
    if (capture_output) close(output_pipe[0]);
    throw Error(ErrorKind::input, "cannot run " + argv[0] + ": " + std::strerror(started));
  }
  ProgramOutput outcome;
  std::vector<pollfd> open_fds{{error_pipe[0], POLLIN, 0}};
  if (capture_output) open_fds.push_back({output_pipe[0], POLLIN, 0});
  char buffer[4096];
  bool passed_on = false;
  while (!open_fds.empty()) {
    // A SIGTERM or SIGHUP sent to pgapply alone (a Ctrl-C reaches the whole
    // process group) ends the program too: nothing waits for it. (Checked
    // each time round: a signal may come before the wait, or while reading.)
    if (ends_with_pgapply && !passed_on && signal_received() != 0) {
      kill(pid, SIGTERM);
      passed_on = true;
    }
    // (a signal between the check and the wait is seen within 200 ms)
    if (poll(open_fds.data(), open_fds.size(), ends_with_pgapply ? 200 : -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < open_fds.size();) {
      if (open_fds[i].revents == 0) {
        ++i;
        continue;
      }
      const ssize_t n = read(open_fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(open_fds[i].fd);
        open_fds.erase(open_fds.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      std::string& sink = open_fds[i].fd == error_pipe[0] ? outcome.errors : outcome.output;
      sink.append(buffer, static_cast<std::size_t>(n));
      if (&sink == &outcome.errors && sink.size() > 65536) sink.erase(0, sink.size() - 65536);
      ++i;
    }
  }
  outcome.status = wait_for_exit(pid);
  return outcome;
}

}  // namespace

BackgroundProgram::BackgroundProgram(const std::vector<std::string>& argv,
                                     const std::map<std::string, std::string>& env, const std::string& errors_file)
    : errors_file_(errors_file) {
  SpawnArguments spawn(argv, environment_with(env));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, errors_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = -1;
  const int started = spawn.start(&pid, &actions);
  posix_spawn_file_actions_destroy(&actions);
  if (started != 0) throw Error(ErrorKind::input, "cannot run " + argv[0] + ": " + std::strerror(started));
  pid_ = pid;
}

BackgroundProgram::~BackgroundProgram() {
  if (waited_) return;
  kill(pid_, SIGTERM);
  wait_for_exit(pid_);
}

ProcessOutcome BackgroundProgram::wait() {
  ProcessOutcome outcome;
  if (waited_) return outcome;
  outcome.status = wait_for_exit(pid_);
  waited_ = true;
  std::ifstream errors(errors_file_, std::ios::binary);
  outcome.errors.assign(std::istreambuf_iterator<char>(errors), std::istreambuf_iterator<char>());
  if (outcome.errors.size() > 65536) outcome.errors.erase(0, outcome.errors.size() - 65536);
  return outcome;
}

ProcessOutcome run_program(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env, bool ends_with_pgapply) {
  ProgramOutput output = spawn_and_wait(argv, environment_with(env), false, ends_with_pgapply);
  return {output.status, std::move(output.errors)};
}

ProgramOutput run_program_output(const std::vector<std::string>& argv) {
  return spawn_and_wait(argv, environment_with({}), true);
}

std::string without_trailing_blanks(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace pgapply::io
