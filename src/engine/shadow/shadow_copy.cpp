#include "engine/shadow/shadow_copy.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/embedded_sql.hpp"
#include "engine/backup.hpp"
#include "engine/shadow/shadow_apply.hpp"
#include "io/exit_guard.hpp"
#include "io/files.hpp"
#include "io/process.hpp"
#include "pg/child_environment.hpp"
#include "pg/rows.hpp"

namespace pgapply::engine {

namespace {

// A private directory under $TMPDIR (or /tmp); empty when none can be made.
std::filesystem::path make_dump_directory() {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string pattern = std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") + "/pgapply-dump.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

}  // namespace

std::string with_tolerated_statements(const std::string& dump) {
  constexpr std::string_view tag = "$pgapply_owner$";
  std::string out;
  out.reserve(dump.size() + dump.size() / 8);
  std::size_t start = 0;
  // pg_dump puts two blank lines before an OWNER TO, and its "-- Name: ...;
  // Type: PUBLICATION" header, a "--" line and one blank line before the
  // statement of a TOC entry: never so inside a function's body.
  std::size_t blank_before = 0;
  std::string_view last_written;  // the last line that was not blank
  while (start < dump.size()) {
    const std::size_t end = std::min(dump.find('\n', start), dump.size());
    const std::string_view line = std::string_view(dump).substr(start, end - start);
    const bool owner =
        blank_before >= 2 && line.starts_with("ALTER ") && line.find(" OWNER TO ") != std::string_view::npos;
    const bool publication = (blank_before >= 2 || (blank_before == 1 && last_written == "--")) &&
                             (line.starts_with("CREATE PUBLICATION ") || line.starts_with("ALTER PUBLICATION "));
    if ((owner || publication) && line.ends_with(";") && line.find(tag) == std::string_view::npos) {
      out += "DO ";
      out += tag;
      out += " BEGIN ";
      out += line;
      out += " EXCEPTION WHEN OTHERS THEN NULL; END ";
      out += tag;
      out += ";";
    } else {
      out += line;
    }
    if (end < dump.size()) out += '\n';
    blank_before = line.empty() ? blank_before + 1 : 0;
    if (!line.empty()) last_written = line;
    start = end + 1;
  }
  return out;
}

SchemaDump::SchemaDump(pg::Connection& target, const std::string& lock_wait) : directory_(make_dump_directory()) {
  if (directory_.empty()) {
    failure_ = "cannot create a directory for the schema dump";
    return;
  }
  file_ = directory_ / "schema.sql";
  remove_directory_ = std::make_unique<io::ExitGuard>([path = directory_] {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  });
  program_ = find_pg_dump(target.server_version());
  try {
    pg_dump_ = std::make_unique<io::BackgroundProgram>(
        std::vector<std::string>{program_, "--schema-only", "--no-tablespaces", "--no-security-labels",
                                 "--no-subscriptions", "--no-password",
                                 "--lock-wait-timeout=" + lock_wait, "--file=" + file_.string()},
        pg::child_environment(target), (directory_ / "pg_dump.err").string());
  } catch (const std::exception& error) {
    failure_ = std::string("pg_dump could not run: ") + error.what();
  }
}

SchemaDump::~SchemaDump() = default;

const std::filesystem::path* SchemaDump::file(std::string& why_not) {
  if (pg_dump_ && !failure_) {
    const io::ProcessOutcome outcome = pg_dump_->wait();
    if (outcome.status != 0) {
      failure_ = program_ + " --schema-only failed (exit status " + std::to_string(outcome.status) +
                 "): " + io::without_trailing_blanks(outcome.errors);
    } else {
      const std::filesystem::path restorable = directory_ / "schema-restorable.sql";
      io::create_file(restorable, with_tolerated_statements(io::read_file(file_)));
      file_ = restorable;
    }
    pg_dump_.reset();
  }
  if (failure_) {
    why_not = *failure_;
    return nullptr;
  }
  return &file_;
}

pg::Connection* copy_target_schema(pg::Connection& target, ShadowDatabase& shadow, SchemaDump& dump,
                                   std::string& why_not) {
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
  const std::filesystem::path* file = dump.file(why_not);
  if (file == nullptr) return nullptr;
  pg::Connection& connection = shadow.fresh();
  const ShadowRun restored = restore_on_shadow(connection, *file);
  if (!restored.ok()) {
    why_not = "the target's schema (pg_dump --schema-only) does not restore on the shadow: " +
              restored.error->server.message;
    return nullptr;
  }
  return &connection;
}

}  // namespace pgapply::engine
