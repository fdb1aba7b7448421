#include "support/migration_project.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace pgapply::test {

MigrationProject::MigrationProject() { std::filesystem::create_directories(dir_.path() + "/migrations"); }

ProcessOptions MigrationProject::throwaway_shadow() const {
  const std::string tmpdir = path() + "/tmp";
  std::filesystem::create_directories(tmpdir);
  using std::filesystem::perms;
  std::filesystem::permissions(path(), perms::owner_all | perms::group_read | perms::group_exec |
                                           perms::others_read | perms::others_exec);
  std::filesystem::permissions(tmpdir, perms::all);
  ProcessOptions options;
  options.unset_env.push_back("SHADOW_DATABASE_URL");
  options.env["TMPDIR"] = tmpdir;
  return options;
}

ServerDatabase::ServerDatabase(const MigrationProject& project, const std::string& stem)
    : name_(stem + "_" + project.database().name()) {}

ServerDatabase::~ServerDatabase() {
  try {
    TestServer::get().connect().exec("drop database if exists " + name_ + " with (force)");
  } catch (...) {
    // the server may be gone: the fixture removes it anyway
  }
}

ServerRoles::ServerRoles(const MigrationProject& project, const std::vector<std::string>& stems)
    : database_(project.database().name()) {
  for (const auto& stem : stems) names_.push_back(stem + "_" + std::to_string(getpid()));
  drop();
}

ServerRoles::~ServerRoles() {
  try {
    drop();
  } catch (...) {
    // the server may be gone: the fixture removes it anyway
  }
}

void ServerRoles::drop() const {
  for (const auto& name : names_) {
    TestServer::get().connect(database_).exec("do $$ begin if exists (select from pg_roles where rolname = '" + name +
                                              "') then execute 'reassign owned by " + name +
                                              " to current_user'; execute 'drop owned by " + name +
                                              "'; end if; end $$");
    TestServer::get().connect().exec("drop role if exists " + name);
  }
}

LoginRole::LoginRole(const MigrationProject& project, const std::string& stem)
    : roles_(project, {stem}), database_(project.database().name()) {
  TestServer::get().connect().exec("create role " + name() + " login");
}

std::string LoginRole::conninfo() const {
  return "host=" + TestServer::get().host + " port=" + TestServer::get().port + " user=" + name() +
         " dbname=" + database_;
}

OtherServer::OtherServer() {
  const ProcessResult started = run_process({source_path("scripts/pg-tmp"), "start", state_.path()});
  if (started.status != 0) throw std::runtime_error("scripts/pg-tmp start failed: " + started.err);
  std::ifstream env(state_.path() + "/env");
  for (std::string line; std::getline(env, line);) {
    if (line.rfind("PGHOST=", 0) == 0) host_ = line.substr(7);
    if (line.rfind("PGPORT=", 0) == 0) port_ = line.substr(7);
  }
}

OtherServer::~OtherServer() { run_process({source_path("scripts/pg-tmp"), "stop", state_.path()}); }

std::string OtherServer::query(const std::string& sql) const {
  pg::Connection connection = pg::Connection::open(pg::ConnectParams{{"dbname", conninfo()}});
  return scalar(connection, sql);
}

std::string OtherServer::conninfo(const std::string& dbname) const {
  return "host=" + host_ + " port=" + port_ + " user=postgres dbname=" + dbname;
}

std::string MigrationProject::write(const std::string& name, const std::string& content) const {
  return dir_.write("migrations/" + name, content);
}

std::string MigrationProject::write_file(const std::string& relative, const std::string& content) const {
  return dir_.write(relative, content);
}

void MigrationProject::remove(const std::string& name) const {
  std::filesystem::remove(dir_.path() + "/migrations/" + name);
}

ProcessResult MigrationProject::pgapply(const std::vector<std::string>& args, ProcessOptions options) const {
  for (const auto& [name, value] : database_.env()) {
    const bool unset = std::find(options.unset_env.begin(), options.unset_env.end(), name) != options.unset_env.end();
    if (!unset) options.env.emplace(name, value);
  }
  if (options.cwd.empty()) options.cwd = dir_.path();
  return run_pgapply(args, options);
}

std::unique_ptr<BackgroundProcess> MigrationProject::start(const std::vector<std::string>& args) const {
  ProcessOptions options;
  options.env = database_.env();
  options.cwd = dir_.path();
  std::vector<std::string> argv{PGAPPLY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<BackgroundProcess>(argv, options);
}

ProcessResult MigrationProject::psql_script(const std::string& script) const {
  const std::string path = dir_.write("script.sql", script);
  ProcessOptions options;
  options.env = database_.env();
  options.cwd = dir_.path();
  return run_process({TestServer::get().program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", path}, options);
}

std::string MigrationProject::query(const std::string& sql) const {
  auto connection = database_.connect();
  const auto result = connection.exec(sql);
  std::string out;
  for (int row = 0; row < result.rows(); ++row) {
    if (row > 0) out += '\n';
    for (int column = 0; column < result.columns(); ++column) {
      if (column > 0) out += '|';
      out += result.is_null(row, column) ? "<null>" : std::string(result.value(row, column));
    }
  }
  return out;
}

void MigrationProject::execute(const std::string& sql) const { database_.connect().exec(sql); }

bool MigrationProject::wait_for_sessions(const std::string& where, int count, std::chrono::milliseconds limit) const {
  const std::string enough = "select count(*) >= " + std::to_string(count) +
                             " from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() "
                             "and (" + where + ")";
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (query(enough) == "t") return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace pgapply::test
