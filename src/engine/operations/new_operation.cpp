#include "engine/operations/new_operation.hpp"

#include "core/error.hpp"
#include "engine/migration_directory.hpp"
#include "io/files.hpp"
#include "migrate/companion_row.hpp"
#include "migrate/new_migration.hpp"

namespace pgapply::engine {

std::vector<std::filesystem::path> create_migration(const NewOptions& options, std::time_t now) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) throw Error(ErrorKind::input, options.dir.string() + ": cannot create the directory: " + ec.message());
  migrate::NewMigrationRequest request;
  request.description = options.description;
  request.down = options.down;
  request.timestamp = options.timestamp;
  request.now = now;
  // Where the --ledger-format's tool would run NNN_name.down.sql as a migration.
  const auto tool = companion_tool(options.ledger_format);
  request.rollback_apart = tool && migrate::reads_rollback_files_as_migrations(*tool);
  if (tool == migrate::ForeignTool::dbmate) request.required_format = migrate::FileFormat::dbmate;
  if (tool == migrate::ForeignTool::golang_migrate) request.required_format = migrate::FileFormat::golang_migrate;
  const auto created = migrate::new_migration(read_migration_directory(options.dir), request);
  std::vector<std::filesystem::path> paths;
  for (const auto& file : created.files) {
    paths.push_back(options.dir / file.file_name);
    const auto parent = paths.back().parent_path();  // down/ for a rollback kept apart
    std::filesystem::create_directories(parent, ec);
    if (ec) throw Error(ErrorKind::input, parent.string() + ": cannot create the directory: " + ec.message());
    io::create_file(paths.back(), file.content);
  }
  return paths;
}

}  // namespace pgapply::engine
