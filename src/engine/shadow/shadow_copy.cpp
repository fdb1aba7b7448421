#include "engine/shadow/shadow_copy.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "core/embedded_sql.hpp"
#include "core/sql_template.hpp"
#include "core/sql_quote.hpp"
#include "engine/backup.hpp"
#include "engine/shadow/shadow_apply.hpp"
#include "io/exit_guard.hpp"
#include "io/files.hpp"
#include "io/process.hpp"
#include "pg/child_environment.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"

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

namespace {

// `line`, pg_dump's CREATE EXTENSION IF NOT EXISTS name WITH SCHEMA s; of an
// extension in `versions` (by the name as pg_dump writes it), with that
// VERSION; "" for any other line.
std::string with_version(std::string_view line, const std::map<std::string, std::string>& versions) {
  constexpr std::string_view create = "CREATE EXTENSION IF NOT EXISTS ";
  if (versions.empty() || !line.starts_with(create) || !line.ends_with(";")) return "";
  const std::size_t name_end = line.find(" WITH SCHEMA ", create.size());
  if (name_end == std::string_view::npos) return "";
  const auto version = versions.find(std::string(line.substr(create.size(), name_end - create.size())));
  if (version == versions.end()) return "";
  return std::string(line.substr(0, line.size() - 1)) + " VERSION " + quote_literal(version->second) + ";";
}

}  // namespace

std::string with_tolerated_statements(const std::string& dump, const std::map<std::string, std::string>& versions,
                                      const std::string& extensions_as) {
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
    const bool entry = blank_before >= 2 || (blank_before == 1 && last_written == "--");  // a TOC entry's statement
    const bool publication =
        entry && (line.starts_with("CREATE PUBLICATION ") || line.starts_with("ALTER PUBLICATION "));
    std::string versioned = entry ? with_version(line, versions) : "";
    if (entry && !extensions_as.empty() && line.starts_with("CREATE EXTENSION ") && line.ends_with(";")) {
      out += "SET SESSION AUTHORIZATION " + quote_identifier(extensions_as) + "; ";
      out += versioned.empty() ? std::string(line) : versioned;
      out += " RESET SESSION AUTHORIZATION;";
    } else if (!versioned.empty()) {
      out += versioned;
    } else if ((owner || publication) && line.ends_with(";") && line.find(tag) == std::string_view::npos) {
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

namespace {

// The table pg_dump gave up locking, as its error names it ("pg_dump:
// detail: Query was: LOCK TABLE public.t01 IN ACCESS SHARE MODE"), "" when
// it failed otherwise.
std::string table_not_locked(const std::string& errors) {
  constexpr std::string_view query = "Query was: LOCK TABLE ";
  const auto at = errors.find(query);
  if (at == std::string::npos) return "";
  const auto start = at + query.size();
  const auto end = errors.find(" IN ", start);
  if (end == std::string::npos) return "";
  return errors.substr(start, end - start);
}

// Why pg_dump (as `role`) failed, as `errors` say, for the operator: a
// table or schema it may not read, with the GRANT that lets it; another
// session's lock, with the query that shows whose; else `failed`, pg_dump's
// own words. From PostgreSQL 14, one GRANT of pg_read_all_data lets it
// read every table and use every schema without changing the privileges of
// any: a GRANT SELECT of a table is a privilege no migration made, which
// verify then reports as drift.
std::string failure_reason(const std::string& errors, const std::string& role, int server_version,
                           const std::string& lock_wait, const std::string& failed) {
  const std::string table = table_not_locked(errors);
  if (table.empty()) return failed;
  const std::string read_all =
      server_version >= 140000 ? " Or let it read every table at once, with no table's or schema's privileges "
                                 "changed (which verify would report as drift): GRANT pg_read_all_data TO " +
                                     quote_identifier(role) + ";"
                               : "";
  const auto refused = [&](const std::string& what, const std::string& let, const std::string& grant) {
    return "pg_dump --schema-only as " + role + " may not " + what + ": a copy of the schema needs a role that may "
           "read every table; run as one (the tables' owner), or let " + role + " " + let + ": " + grant + " TO " +
           quote_identifier(role) + "; (" + failed + ")";
  };
  constexpr std::string_view no_schema = "permission denied for schema ";
  if (const auto at = errors.find(no_schema); at != std::string::npos) {
    const auto start = at + no_schema.size();
    const std::string schema = errors.substr(start, errors.find('\n', start) - start);
    return refused("use schema " + schema + " (permission denied, locking " + table + ")", "use it",
                   "GRANT USAGE ON SCHEMA " + quote_identifier(schema)) +
           read_all;
  }
  // (LOCK TABLE ... IN ACCESS SHARE MODE asks for a privilege on the table: PostgreSQL 15 and before, SELECT)
  if (errors.find("permission denied") != std::string::npos) {
    // (pg_dump stops at the first: the query names every table the role may not read, each with its GRANT)
    const std::string sql = render_sql(embedded_sql("unreadable_tables_hint.sql"), {{"role", quote_literal(role)}});
    const auto query = sql.find("\nSELECT ");
    return refused("lock table " + table + " (permission denied)", "read it", "GRANT SELECT ON TABLE " + table) +
           " Every table " + role + " may not read, each with its GRANT: " +
           sql.substr(query + 1, sql.find('\n', query + 1) - query - 1) + read_all;
  }
  // What the operator has to know first: a session holds a lock, not a broken dump.
  // (pg_dump's --lock-wait-timeout cancels its LOCK TABLE as a statement timeout)
  return "pg_dump --schema-only could not lock table " + table + " within " + lock_wait +
         " (--lock-timeout): another session holds a lock on it that even a read waits for (an ALTER TABLE, LOCK "
         "TABLE, VACUUM FULL... in an open transaction); SELECT l.pid, l.mode, a.state, a.query FROM pg_locks l JOIN "
         "pg_stat_activity a USING (pid) WHERE l.relation = " + quote_literal(table) + "::regclass shows which. (" +
         failed + ")";
}

}  // namespace

SchemaDump::SchemaDump(pg::Connection& target, const std::string& lock_wait)
    : directory_(make_dump_directory()),
      lock_wait_(lock_wait),
      role_(target.user()),
      server_version_(target.server_version()) {
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

const std::filesystem::path* SchemaDump::file(std::string& why_not, const ExtensionVersions& extension_versions,
                                              const std::string& extensions_as) {
  if (pg_dump_ && !failure_) {
    const io::ProcessOutcome outcome = pg_dump_->wait();
    if (outcome.status != 0) {
      failure_ = failure_reason(outcome.errors, role_, server_version_, lock_wait_,
                                program_ + " --schema-only failed (exit status " + std::to_string(outcome.status) +
                                    "): " + io::without_trailing_blanks(outcome.errors));
    } else {
      const std::filesystem::path restorable = directory_ / "schema-restorable.sql";
      io::create_file(restorable,
                      with_tolerated_statements(io::read_file(file_),
                                                extension_versions ? extension_versions()
                                                                   : std::map<std::string, std::string>(),
                                                extensions_as));
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

namespace {

// The target's extensions at another version than the shadow would create
// (its default), where the shadow's server has that version: by the name as
// pg_dump writes it, the version. (An ALTER EXTENSION ... UPDATE TO of a
// migration then finds the version it updates from.)
std::map<std::string, std::string> extension_versions(const pg::Result& target_extensions, pg::Connection& shadow) {
  const pg::Result available = shadow.exec(std::string(embedded_sql("shadow_extension_versions.sql")));
  std::map<std::string, std::string> defaults;
  std::map<std::string, std::string> dumped_names;
  std::set<std::pair<std::string, std::string>> versions;
  for (const pg::Row row : pg::Rows(available)) {
    versions.emplace(row.text("name"), row.text("version"));
    dumped_names[row.text("name")] = row.text("dumped_name");
    if (row.flag("is_default")) defaults[row.text("name")] = row.text("version");
  }
  std::map<std::string, std::string> out;
  for (const pg::Row row : pg::Rows(target_extensions)) {
    const std::string name = row.text("extension_name");
    const std::string version = row.text("version");
    if (defaults[name] != version && versions.count({name, version}) != 0) out[dumped_names[name]] = version;
  }
  return out;
}

// pg_dump --schema-only makes materialized views WITH NO DATA: those the
// target has populated are refreshed on the shadow (from its empty tables:
// at once), so that a migration's REFRESH ... CONCURRENTLY, which needs a
// populated view, runs there as on the target. A view over another is
// refreshed after it (passes while one succeeds); one whose query fails on
// empty tables (a division by their count) stays as it is, and the shadow
// knows: a REFRESH ... CONCURRENTLY of it fails there for want of rows alone.
void refresh_populated_views(pg::Connection& target, pg::Connection& shadow, ShadowDatabase& database) {
  const pg::Result result = target.exec(std::string(embedded_sql("shadow_populated_views.sql")));
  std::vector<std::string> views;
  for (const pg::Row row : pg::Rows(result)) views.push_back(row.text("view_name"));
  bool progress = true;
  while (!views.empty() && progress) {
    progress = false;
    std::vector<std::string> failed;
    for (const std::string& view : views) {
      try {
        shadow.exec("REFRESH MATERIALIZED VIEW " + view);
        progress = true;
      } catch (const pg::ServerError&) {
        failed.push_back(view);
      }
    }
    views = std::move(failed);
  }
  database.left_unpopulated(std::move(views));
}

}  // namespace

pg::Connection* copy_target_schema(pg::Connection& target, ShadowDatabase& shadow, SchemaDump& dump,
                                   std::string& why_not, CopyFor runs) {
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
  pg::Connection& connection = shadow.fresh();
  const std::filesystem::path* file =
      dump.file(why_not, [&extensions, &connection] { return extension_versions(extensions, connection); },
                shadow.bootstrap_superuser());
  if (file == nullptr) return nullptr;
  const ShadowRun restored = restore_on_shadow(connection, *file);
  if (!restored.ok()) {
    why_not = "the target's schema (pg_dump --schema-only) does not restore on the shadow: " +
              restored.error->server.message;
    return nullptr;
  }
  // (no statement run on the copy may reach a server the target reaches)
  try {
    connection.exec(embedded_sql("shadow_user_mappings.sql"));
  } catch (const pg::ServerError& error) {
    why_not = "the shadow may not drop the user mappings its copy of the target's schema has (they would let what "
              "runs there reach the target's foreign servers): " + error.message;
    return nullptr;
  }
  refresh_populated_views(target, connection, shadow);
  return runs == CopyFor::pending_migrations ? &shadow.act_as_target_role(connection, target) : &connection;
}

}  // namespace pgapply::engine
