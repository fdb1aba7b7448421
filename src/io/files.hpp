#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pgapply::io {

// The whole content of a file. Throws Error(input) naming the file and the reason.
std::string read_file(const std::filesystem::path& path);

// The names of the regular files directly in `directory`, sorted. Throws
// Error(input) when the directory cannot be read.
std::vector<std::string> list_files(const std::filesystem::path& directory);

// Writes `content` to a new file; fails if it exists. Throws Error(input).
void create_file(const std::filesystem::path& path, const std::string& content);

}  // namespace pgapply::io
