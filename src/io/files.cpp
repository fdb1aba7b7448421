#include "io/files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace pgapply::io {

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

std::vector<std::string> list_files(const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::directory_iterator entries(directory, ec);
  if (ec) throw Error(ErrorKind::input, directory.string() + ": cannot read directory: " + ec.message());
  std::vector<std::string> names;
  for (const auto& entry : entries) {
    if (entry.is_regular_file(ec)) names.push_back(entry.path().filename().string());
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
