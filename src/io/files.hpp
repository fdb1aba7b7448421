#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::io {

// The whole content of a file. Throws Error(input) naming the file and the reason.
std::string read_file(const std::filesystem::path& path);

// `path` as one file has one name: symbolic links and `..` resolved as far
// as the file exists (weakly_canonical), else only normalised. For
// comparing paths that name files differently (an \ir's, a directory's).
std::filesystem::path comparable_path(const std::filesystem::path& path);

// Reads files of one directory, for a command that reads thousands
// (`status`): each is opened relative to the directory (openat: its path is
// not walked again per file), and a small one is read into one buffer that
// is reused from file to file (no allocation, no page faults per file).
class DirectoryReader {
 public:
  // Throws Error(input) when the directory cannot be opened.
  explicit DirectoryReader(const std::filesystem::path& directory);
  ~DirectoryReader();
  DirectoryReader(const DirectoryReader&) = delete;
  DirectoryReader& operator=(const DirectoryReader&) = delete;

  // The whole content of the regular file `name` of the directory when it
  // has at most `limit` bytes, read with one openat, fstat and read; nullopt
  // when it is larger or not a regular file (the caller reads it its usual
  // way). The view is valid until the next call. Throws Error(input) naming
  // DIRECTORY/name when the file cannot be opened or read.
  std::optional<std::string_view> read_small(const std::string& name, std::size_t limit);

 private:
  std::filesystem::path directory_;
  int fd_;
  std::string buffer_;  // its size is the largest file read so far
};

// The names of the regular files directly in `directory`, sorted. Throws
// Error(input) when the directory cannot be read, and, naming the entry, for
// an entry named *.sql (what may be a migration) that is not a regular file
// or a symbolic link to one: a directory, a FIFO, a socket or device, a
// dangling symbolic link or a loop of them. Such an entry is never opened (a
// FIFO would block) and never skipped in silence, unless its name starts
// with '.' (never a migration: an editor's lock file, .#001_a.sql).
std::vector<std::string> list_files(const std::filesystem::path& directory);

// Writes `content` to a new file; fails if it exists. Throws Error(input).
void create_file(const std::filesystem::path& path, const std::string& content);

}  // namespace pgapply::io
