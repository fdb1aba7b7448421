#include "support/run_process.hpp"

#include "io/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace pgapply::test {

namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void check(int result, const char* what) {
  if (result != 0) throw std::runtime_error(std::string(what) + ": " + std::strerror(result));
}

// Starts argv with stdin read from a deleted temporary file holding `input`
// (no pipe to keep fed while the output is read).
int spawn(const std::vector<std::string>& argv, const ProcessOptions& options, int& out_fd,
          int& err_fd) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  // stdin from a temporary file holding the input.
  char input_path[] = "/tmp/pgapply-test-input.XXXXXX";
  const int input_fd = mkstemp(input_path);
  if (input_fd < 0) throw std::runtime_error("mkstemp failed");
  unlink(input_path);
  if (!options.input.empty() &&
      write(input_fd, options.input.data(), options.input.size()) !=
          static_cast<ssize_t>(options.input.size())) {
    throw std::runtime_error("cannot write test input");
  }
  lseek(input_fd, 0, SEEK_SET);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so that a kill reaches only it.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  std::vector<std::string> args = argv;
  std::vector<std::string> env = io::environment_with(options.env, options.unset_env);
  auto arg_pointers = pointers(args);
  auto env_pointers = pointers(env);
  pid_t pid = -1;
  const int result = posix_spawnp(&pid, args[0].c_str(), &actions, &attributes,
                                  arg_pointers.data(), env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(input_fd);
  close(out_pipe[1]);
  close(err_pipe[1]);
  check(result, "posix_spawnp");
  out_fd = out_pipe[0];
  err_fd = err_pipe[0];
  return pid;
}

// Reads both pipes to their end (or the deadline), then reaps the process.
ProcessResult collect(int pid, int out_fd, int err_fd, std::chrono::seconds timeout) {
  ProcessResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      break;
    }
    const int ready = poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  int out_fd = -1, err_fd = -1;
  const int pid = spawn(argv, options, out_fd, err_fd);
  return collect(pid, out_fd, err_fd, options.timeout);
}

ProcessResult run_pgapply(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> argv{PGAPPLY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const ProcessOptions& options)
    : timeout_(options.timeout) {
  pid_ = spawn(argv, options, out_fd_, err_fd_);
}

BackgroundProcess::~BackgroundProcess() {
  if (!waited_) {
    ::kill(-pid_, SIGKILL);
    wait();
  }
}

void BackgroundProcess::kill(int signal) { ::kill(pid_, signal); }

ProcessResult BackgroundProcess::wait() {
  waited_ = true;
  return collect(pid_, out_fd_, err_fd_, timeout_);
}

std::string source_path(const std::string& relative) {
  return std::string(PGAPPLY_SOURCE_DIR) + "/" + relative;
}

TempDir::TempDir() {
  char pattern[] = "/tmp/pgapply-test.XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& relative, const std::string& content) const {
  const std::filesystem::path path = std::filesystem::path(path_) / relative;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path.string();
}

ProcessOptions without_ambient_settings(const std::string& cwd, std::map<std::string, std::string> env) {
  ProcessOptions options;
  options.cwd = cwd;
  options.env = std::move(env);
  options.unset_env = {"PGAPPLY_DIR",    "PGAPPLY_LEDGER", "PGAPPLY_FORMAT",      "PGAPPLY_COLOR",
                       "PGAPPLY_SHADOW", "NO_COLOR",       "SHADOW_DATABASE_URL", "DATABASE_URL"};
  return options;
}

}  // namespace pgapply::test
