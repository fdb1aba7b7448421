#include "io/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

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

ProcessOutcome run_program(const std::vector<std::string>& argv,
                           const std::map<std::string, std::string>& env) {
  std::vector<std::string> env_strings = environment_with(env);
  std::vector<char*> env_pointers, arg_pointers;
  for (auto& s : env_strings) env_pointers.push_back(s.data());
  env_pointers.push_back(nullptr);
  std::vector<std::string> args = argv;
  for (auto& s : args) arg_pointers.push_back(s.data());
  arg_pointers.push_back(nullptr);

  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) throw Error(ErrorKind::input, "cannot create a pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, error_pipe[1], 2);
  pid_t pid = -1;
  const int started = posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, arg_pointers.data(),
                                   env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  close(error_pipe[1]);
  if (started != 0) {
    close(error_pipe[0]);
    throw Error(ErrorKind::input, "cannot run " + args[0] + ": " + std::strerror(started));
  }
  ProcessOutcome outcome;
  char buffer[4096];
  for (ssize_t n; (n = read(error_pipe[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    outcome.errors.append(buffer, static_cast<std::size_t>(n));
    if (outcome.errors.size() > 65536) outcome.errors.erase(0, outcome.errors.size() - 65536);
  }
  close(error_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

}  // namespace pgapply::io
