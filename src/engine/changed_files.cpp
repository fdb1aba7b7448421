#include "engine/changed_files.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "io/process.hpp"

namespace pgapply::engine {

namespace {

std::string run_git(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  const io::ProgramOutput result = io::run_program_output(argv);
  if (result.status != 0) {
    std::string command;
    for (const auto& arg : argv) command += (command.empty() ? "" : " ") + arg;
    std::string reason = result.errors;
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == '\r')) reason.pop_back();
    throw Error(ErrorKind::input, command + " failed (exit " + std::to_string(result.status) + ")" +
                                      (reason.empty() ? "" : ": " + reason));
  }
  return result.output;
}

// NUL-separated paths (git's -z output).
std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\0', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::filesystem::path> files_changed_since(const std::string& ref,
                                                       const std::filesystem::path& directory) {
  if (ref.empty() || ref[0] == '-') throw Error(ErrorKind::usage, "--changed-since needs a git revision, not '" + ref + "'");
  std::string base = run_git({"merge-base", ref, "HEAD"});
  while (!base.empty() && (base.back() == '\n' || base.back() == '\r')) base.pop_back();
  const std::string dir = directory.string();
  std::vector<std::string> names =
      split_nul(run_git({"diff", "--name-only", "--relative", "--diff-filter=d", "--no-renames", "-z", base, "--", dir}));
  for (auto& name : split_nul(run_git({"ls-files", "--others", "--exclude-standard", "-z", "--", dir}))) {
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return {names.begin(), names.end()};
}

}  // namespace pgapply::engine
