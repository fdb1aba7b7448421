#include "engine/shadow_copy.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/embedded_sql.hpp"
#include "engine/backup.hpp"
#include "engine/shadow_apply.hpp"
#include "io/exit_guard.hpp"
#include "io/process.hpp"
#include "pg/child_environment.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

// A private directory for the dump, removed however pgapply ends.
class DumpDirectory {
 public:
  DumpDirectory() {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string pattern = std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") + "/pgapply-dump.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return;
    path_ = pattern;
    guard_ = std::make_unique<io::ExitGuard>([path = path_] {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    });
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::unique_ptr<io::ExitGuard> guard_;
};

}  // namespace

pg::Connection* copy_target_schema(pg::Connection& target, ShadowDatabase& shadow, std::string& why_not,
                                   const std::string& lock_wait) {
  std::string lacking;
  const pg::Result extensions = target.exec(std::string(embedded_sql("catalog_extensions.sql")));
  for (const pg::Row row : pg::Rows(extensions)) {
    const std::string name = row.text("extension_name");
    if (shadow.available_extensions().count(name) == 0) lacking += (lacking.empty() ? "" : ", ") + name;
  }
  if (!lacking.empty()) {
    why_not = "the target has extensions the shadow cannot install: " + lacking;
    return nullptr;
  }

  const DumpDirectory directory;
  if (directory.path().empty()) {
    why_not = "cannot create a directory for the schema dump";
    return nullptr;
  }
  const std::filesystem::path dump = directory.path() / "schema.sql";
  const std::string pg_dump = find_pg_dump(target.server_version());
  io::ProcessOutcome outcome;
  try {
    outcome = io::run_program({pg_dump, "--schema-only", "--no-owner", "--no-tablespaces", "--no-security-labels",
                               "--no-subscriptions", "--no-publications", "--no-password", "--lock-wait-timeout=" + lock_wait,
                               "--file=" + dump.string()},
                              pg::child_environment(target));
  } catch (const std::exception& error) {
    why_not = std::string("pg_dump could not run: ") + error.what();
    return nullptr;
  }
  if (outcome.status != 0) {
    why_not = pg_dump + " --schema-only failed (exit status " + std::to_string(outcome.status) +
              "): " + io::without_trailing_blanks(outcome.errors);
    return nullptr;
  }
  pg::Connection& connection = shadow.fresh();
  const ShadowRun restored = restore_on_shadow(connection, dump);
  if (!restored.ok()) {
    why_not = "the target's schema (pg_dump --schema-only) does not restore on the shadow: " +
              restored.error->server.message;
    return nullptr;
  }
  return &connection;
}

}  // namespace pgapply::engine
