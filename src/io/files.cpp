#include "io/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.hpp"
#include "core/file_error.hpp"

namespace pgapply::io {

namespace {

std::string kind_of(const std::filesystem::file_status& status) {
  namespace fs = std::filesystem;
  switch (status.type()) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO (named pipe)";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::regular: return "a regular file";
    case fs::file_type::symlink: return "a symbolic link";
    case fs::file_type::not_found: return "missing";
    case fs::file_type::none:
    case fs::file_type::unknown: break;
  }
  return "not a regular file";
}

}  // namespace

std::filesystem::path comparable_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path out = std::filesystem::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : out;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::input, path.string() + ": cannot read: " + std::strerror(errno), ErrorPlace{path.string()});
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw file_read_error(path.string(), EISDIR);
  std::ostringstream content;
  errno = 0;
  content << in.rdbuf();
  if (in.bad()) throw file_read_error(path.string(), errno);
  return std::move(content).str();
}

DirectoryReader::DirectoryReader(const std::filesystem::path& directory)
    : directory_(directory), fd_(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
  if (fd_ < 0) throw Error(ErrorKind::input, directory.string() + ": cannot read directory: " + std::strerror(errno));
}

DirectoryReader::~DirectoryReader() { ::close(fd_); }

std::optional<std::string_view> DirectoryReader::read_small(const std::string& name, std::size_t limit) {
  const int fd = ::openat(fd_, name.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const std::string shown = (directory_ / name).string();
    throw Error(ErrorKind::input, shown + ": cannot read: " + std::strerror(errno), ErrorPlace{shown});
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || static_cast<std::size_t>(status.st_size) > limit) {
    return std::nullopt;
  }
  // Its size as fstat gave it (one that grows meanwhile is read as it was then).
  const auto size = static_cast<std::size_t>(status.st_size);
  if (buffer_.size() < size) buffer_.resize(size);
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, buffer_.data() + got, size - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw file_read_error((directory_ / name).string(), errno);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return std::string_view(buffer_.data(), got);
}

namespace {

// What an entry that is not a regular file is, for messages. Looks at the
// entry without opening it.
std::string not_a_file(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status own = fs::symlink_status(path, ec);
  if (ec) return "cannot be read (" + ec.message() + ")";
  std::string link;
  if (fs::is_symlink(own)) {
    const fs::path target = fs::read_symlink(path, ec);
    link = "a symbolic link to " + (ec ? std::string("?") : target.string());
    const fs::file_status followed = fs::status(path, ec);
    if (ec) {
      // ELOOP: it points at itself, or links point at each other.
      if (ec == std::errc::too_many_symbolic_link_levels) return link + " that loops (a link to itself, or a cycle)";
      if (ec == std::errc::no_such_file_or_directory) return link + ", which does not exist";
      return link + " that cannot be followed (" + ec.message() + ")";
    }
    return link + ", " + kind_of(followed);
  }
  return kind_of(own);
}

}  // namespace

std::vector<std::string> list_files(const std::filesystem::path& directory) {
  // readdir rather than std::filesystem::directory_iterator, which builds a
  // path (and parses it) per entry: thousands of them for `status`.
  const std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(directory.c_str()), &::closedir);
  if (!dir) {
    throw Error(ErrorKind::input, directory.string() + ": cannot read directory: " + std::strerror(errno));
  }
  std::vector<std::string> names;
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) {
        throw Error(ErrorKind::input, directory.string() + ": cannot read directory: " + std::strerror(errno));
      }
      break;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    // A symbolic link counts as what it points to; an entry of unknown type is looked at.
    bool regular = entry->d_type == DT_REG;
    if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
      struct stat status {};
      regular = ::fstatat(::dirfd(dir.get()), entry->d_name, &status, 0) == 0 && S_ISREG(status.st_mode);
    }
    if (regular) {
      names.emplace_back(name);
    } else if (name.ends_with(".sql") && !name.starts_with('.')) {
      // (A name that starts with '.' is never a migration, whatever it is: a
      // shell's * leaves it out, and Emacs's .#001_a.sql lock file is a
      // symbolic link to no file, there while a buffer has unsaved changes.)
      const std::filesystem::path path = directory / name;
      throw Error(ErrorKind::input, path.string() + ": cannot be read as a migration: it is " + not_a_file(path),
                  ErrorPlace{path.string()});
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

void create_file(const std::filesystem::path& path, const std::string& content) {
  std::error_code ec;
  const ErrorPlace place{path.string()};
  if (std::filesystem::exists(path, ec)) throw Error(ErrorKind::input, path.string() + ": already exists", place);
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(ErrorKind::input, path.string() + ": cannot create: " + std::strerror(errno), place);
  out << content;
  out.close();
  if (!out) throw Error(ErrorKind::input, path.string() + ": write error", place);
}

}  // namespace pgapply::io
