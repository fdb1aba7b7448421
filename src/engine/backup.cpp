#include "engine/backup.hpp"

#include <ctime>

#include "core/error.hpp"
#include "core/interruption.hpp"
#include "io/process.hpp"
#include "pg/child_environment.hpp"

namespace pgapply::engine {

std::string find_pg_dump(int server_version) {
  const int major = server_version >= 100000 ? server_version / 10000 : server_version / 100;
  std::error_code ec;
  for (const std::string& candidate :
       {"/usr/lib/postgresql/" + std::to_string(major) + "/bin/pg_dump",
        "/usr/lib/postgresql/" + std::to_string(server_version / 10000) + "." +
            std::to_string(server_version / 100 % 100) + "/bin/pg_dump"}) {
    if (std::filesystem::exists(candidate, ec)) return candidate;
  }
  return "pg_dump";  // on PATH
}

namespace {

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

}  // namespace

std::filesystem::path back_up(pg::Connection& connection, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorKind::backup, "backup: cannot create " + dir.string() + ": " + ec.message());
  std::filesystem::path file = dir / (connection.dbname() + "-" + timestamp() + ".sql");
  for (int n = 2; std::filesystem::exists(file, ec); ++n) {
    file = dir / (connection.dbname() + "-" + timestamp() + "-" + std::to_string(n) + ".sql");
  }
  const std::string pg_dump = find_pg_dump(connection.server_version());
  io::ProcessOutcome outcome;
  try {
    outcome = io::run_program({pg_dump, "--format=plain", "--no-password", "--file=" + file.string()},
                              pg::child_environment(connection), /*ends_with_pgapply=*/true);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::interrupted) throw;
    throw Error(ErrorKind::backup, std::string("backup: ") + error.what() + "; nothing was applied");
  }
  if (outcome.status != 0) {
    std::filesystem::remove(file, ec);
    // A Ctrl-C reaches pg_dump too (the terminal signals the process
    // group), which then fails: that is the interruption, not a failed backup.
    if (const int signal_number = signal_received()) {
      throw Interrupted(signal_number, "Interrupted by " + signal_name(signal_number) +
                                           " while the backup ran (pg_dump stopped, its file removed): nothing "
                                           "was applied.");
    }
    std::string reason = outcome.errors;
    while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    throw Error(ErrorKind::backup, "backup: " + pg_dump + " failed (exit status " +
                                       std::to_string(outcome.status) + "): " + reason +
                                       "; nothing was applied");
  }
  return file;
}

}  // namespace pgapply::engine
