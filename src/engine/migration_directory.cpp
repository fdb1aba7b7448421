#include "engine/migration_directory.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/file_error.hpp"
#include "core/plural.hpp"
#include "core/shell_quote.hpp"
#include "io/files.hpp"
#include "migrate/file_sections.hpp"

namespace pgapply::engine {

bool file_may_hold_sections(const std::filesystem::path& path) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    throw Error(ErrorKind::input, path.string() + ": cannot read: " + std::strerror(errno), ErrorPlace{path.string()});
  }
  constexpr std::size_t piece_size = 1 << 20;
  // A small file is read at once and nothing more is zero-filled than it
  // needs (resize() zeroes what it adds: 1 MiB per file was most of the time
  // `status` took over thousands of files); a larger one, a piece at a time.
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  const std::size_t read_size = !ec && size < piece_size ? static_cast<std::size_t>(size) + 1 : piece_size;
  std::string buffer;  // whole lines, plus the start of the next one
  while (true) {
    const std::size_t old_size = buffer.size();
    buffer.resize(old_size + read_size);
    const std::size_t got = std::fread(buffer.data() + old_size, 1, read_size, file.get());
    buffer.resize(old_size + got);
    if (got < read_size) {
      if (std::ferror(file.get())) throw file_read_error(path.string(), errno);
      return migrate::may_hold_sections(buffer);
    }
    const auto newline = buffer.rfind('\n');
    if (newline == std::string::npos) continue;  // a line longer than a piece: read on
    if (migrate::may_hold_sections(std::string_view(buffer).substr(0, newline + 1))) return true;
    buffer.erase(0, newline + 1);
  }
}

void read_sections(migrate::Discovery& discovery, const std::filesystem::path& dir, std::size_t index,
                   std::optional<std::string_view> bytes) {
  const migrate::MigrationFile& migration = discovery.migrations[index];
  if (!migrate::may_have_sections(migration)) return;
  const std::string version = migration.version;  // (set_sections updates the migration)
  if (bytes) {
    if (migrate::may_hold_sections(*bytes)) {
      migrate::set_sections(discovery, version,
                            migrate::parse_sections(*bytes, (dir / migration.file_name).string()));
    }
    return;
  }
  const std::filesystem::path path = dir / migration.file_name;
  if (!file_may_hold_sections(path)) return;
  migrate::set_sections(discovery, version, migrate::parse_sections(io::read_file(path), path.string()));
}

namespace {

// How many migrations `dir` holds (0 when none, or unreadable).
std::size_t migrations_in(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return 0;
  try {
    const migrate::Discovery found = migrate::discover(io::list_files(dir));
    return found.migrations.size() + found.repeatables.size();
  } catch (const Error&) {
    return 0;  // unreadable, or not a migrations directory after all
  }
}

// Where the tools teams come from keep their migrations, beside `dir`: the
// one that holds some, as a --dir to try.
std::string known_directory_hint(const std::filesystem::path& dir) {
  const std::filesystem::path base = dir.parent_path();
  static const std::pair<const char*, const char*> known[] = {
      {"db/migrations", "dbmate's"}, {"supabase/migrations", "the Supabase CLI's"},
      {"migrations", "golang-migrate's, goose's"}, {"db/migration", "Flyway's"},
      {"src/main/resources/db/migration", "Flyway's"}, {"sql", "Flyway's"}};
  for (const auto& [path, whose] : known) {
    const std::filesystem::path candidate = base / path;
    if (candidate.lexically_normal() == dir.lexically_normal()) continue;
    if (const std::size_t count = migrations_in(candidate); count > 0) {
      return ": did you mean --dir " + shell_word(candidate.lexically_normal().string()) + "? (it holds " +
             plural(count, "migration") + ", where " + whose + " are kept)";
    }
  }
  return " (use --dir DIR)";
}

}  // namespace

void require_migration_directory(const std::filesystem::path& dir, const std::string& source) {
  if (dir.empty()) throw Error(ErrorKind::input, "the migrations directory is an empty name: give --dir DIR");
  std::error_code ec;
  const auto status = std::filesystem::status(dir, ec);
  if (std::filesystem::is_directory(status)) return;
  const std::string named = "the migrations directory " + dir.string() + source;
  if (!std::filesystem::exists(status)) {
    throw Error(ErrorKind::input, named + " does not exist" + known_directory_hint(dir));
  }
  if (!std::filesystem::is_regular_file(status)) throw Error(ErrorKind::input, named + " is not a directory");
  const std::filesystem::path parent = dir.parent_path().empty() ? "." : dir.parent_path();
  throw Error(ErrorKind::input, named + " is a file, not a directory: --dir names the directory that holds the "
                                        "migrations (--dir " + shell_word(parent.string()) + "?)");
}

std::string migrations_elsewhere(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> subdirectories;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::error_code type_error;
    if (entry.path().filename().string().starts_with(".") || !entry.is_directory(type_error)) continue;
    subdirectories.push_back(entry.path());
  }
  std::sort(subdirectories.begin(), subdirectories.end());
  for (const auto& subdirectory : subdirectories) {
    if (const std::size_t count = migrations_in(subdirectory); count > 0) {
      return "Did you mean --dir " + shell_word(subdirectory.lexically_normal().string()) + "? (it holds " +
             plural(count, "migration") + ")";
    }
  }
  return {};
}

std::vector<std::string> migration_file_names(const std::filesystem::path& dir) {
  std::vector<std::string> names = io::list_files(dir);
  const std::filesystem::path rollbacks = dir / migrate::rollback_directory;
  std::error_code ec;
  if (!std::filesystem::is_directory(rollbacks, ec)) return names;
  for (const auto& name : io::list_files(rollbacks)) {
    names.push_back(std::string(migrate::rollback_directory) + "/" + name);
  }
  return names;
}

migrate::Discovery read_migration_directory(const std::filesystem::path& dir) {
  migrate::Discovery discovery = migrate::discover(migration_file_names(dir));
  for (std::size_t i = 0; i < discovery.migrations.size(); ++i) read_sections(discovery, dir, i, std::nullopt);
  return discovery;
}

}  // namespace pgapply::engine
