#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pgapply::engine {

// `pgapply new NAME`: creates the next-numbered migration file (and, with
// `down`, its rollback file) in `dir`, creating the directory if needed.
// Returns the paths created. Throws Error (usage for a bad name, input when a
// file exists or the directory has two files with one version).
std::vector<std::filesystem::path> create_migration(const std::filesystem::path& dir,
                                                    const std::string& description, bool down);

}  // namespace pgapply::engine
