#include "engine/new_operation.hpp"

#include <ctime>

#include "core/error.hpp"
#include "io/files.hpp"
#include "migrate/new_migration.hpp"

namespace pgapply::engine {

namespace {

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

}  // namespace

std::vector<std::filesystem::path> create_migration(const std::filesystem::path& dir,
                                                    const std::string& description, bool down) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorKind::input, dir.string() + ": cannot create the directory: " + ec.message());
  const auto file_names = io::list_files(dir);
  const auto created = migrate::new_migration(migrate::discover(file_names), file_names, description, today());
  std::vector<std::filesystem::path> paths{dir / created.file_name};
  io::create_file(paths.back(), created.content);
  if (down) {
    paths.push_back(dir / created.down_file_name);
    io::create_file(paths.back(), created.down_content);
  }
  return paths;
}

}  // namespace pgapply::engine
