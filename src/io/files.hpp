#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pgapply::io {

// The whole content of a file. Throws Error(input) naming the file and the reason.
std::string read_file(const std::filesystem::path& path);

// The names of the regular files directly in `directory`, sorted. Throws
// Error(input) when the directory cannot be read, and, naming the entry, for
// an entry named *.sql (what may be a migration) that is not a regular file
// or a symbolic link to one: a directory, a FIFO, a socket or device, a
// dangling symbolic link or a loop of them. Such an entry is never opened (a
// FIFO would block) and never skipped in silence.
std::vector<std::string> list_files(const std::filesystem::path& directory);

// Writes `content` to a new file; fails if it exists. Throws Error(input).
void create_file(const std::filesystem::path& path, const std::string& content);

}  // namespace pgapply::io
