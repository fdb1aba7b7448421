#include "io/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.hpp"

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

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::input, path.string() + ": cannot read: " + std::strerror(errno));
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(ErrorKind::input, path.string() + ": is a directory");
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw Error(ErrorKind::input, path.string() + ": read error");
  return std::move(content).str();
}

std::optional<std::string> read_small_file(const std::filesystem::path& path, std::size_t limit) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorKind::input, path.string() + ": cannot read: " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || static_cast<std::size_t>(status.st_size) > limit) {
    return std::nullopt;
  }
  // Its size as fstat gave it (one that grows meanwhile is read as it was then).
  std::string bytes(static_cast<std::size_t>(status.st_size), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::input, path.string() + ": read error: " + std::strerror(errno));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
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
  std::error_code ec;
  std::filesystem::directory_iterator entries(directory, ec);
  if (ec) throw Error(ErrorKind::input, directory.string() + ": cannot read directory: " + ec.message());
  std::vector<std::string> names;
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec)) {
      names.push_back(name);
    } else if (name.ends_with(".sql")) {
      throw Error(ErrorKind::input,
                  entry.path().string() + ": cannot be read as a migration: it is " + not_a_file(entry.path()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

void create_file(const std::filesystem::path& path, const std::string& content) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) throw Error(ErrorKind::input, path.string() + ": already exists");
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(ErrorKind::input, path.string() + ": cannot create: " + std::strerror(errno));
  out << content;
  out.close();
  if (!out) throw Error(ErrorKind::input, path.string() + ": write error");
}

}  // namespace pgapply::io
