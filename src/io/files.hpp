#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgapply::io {

// The whole content of a file. Throws Error(input) naming the file and the reason.
std::string read_file(const std::filesystem::path& path);

// The whole content of a regular file of at most `limit` bytes, read with
// one open, fstat and read (no stream buffers); nullopt when it is larger
// or not a regular file (the caller reads it its usual way). Throws
// Error(input) when it cannot be opened or read.
std::optional<std::string> read_small_file(const std::filesystem::path& path, std::size_t limit);

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
