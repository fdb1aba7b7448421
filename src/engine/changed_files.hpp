#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pgapply::engine {

// The files under `directory` that a branch adds or changes since it forked
// from `ref`: what differs between `git merge-base ref HEAD` and the working
// tree (committed, staged or not), deleted files left out, plus untracked
// files git does not ignore. Paths relative to the current directory, as git
// prints them. Runs git without a shell. Throws Error(input) when git fails
// (not a repository, an unknown ref), with git's message.
std::vector<std::filesystem::path> files_changed_since(const std::string& ref,
                                                       const std::filesystem::path& directory);

}  // namespace pgapply::engine
