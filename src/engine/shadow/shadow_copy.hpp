#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/shadow/shadow_database.hpp"
#include "io/process.hpp"
#include "pg/connection.hpp"

namespace pgapply::io {
class ExitGuard;
}

namespace pgapply::engine {

// The target's schema, no data, as pg_dump --schema-only writes it (found as
// for --backup; run without a shell, the password in its environment), in a
// private directory removed however pgapply ends. Owners are kept where the
// shadow can give objects to them (a throwaway cluster mirrors every role):
// a GRANT to an object's owner then lands there as on the target. Each
// ALTER ... OWNER TO runs so that a failure (a --shadow whose role may not
// give objects away, or lacks the role) leaves the object the shadow role's
// (with_tolerated_statements). Publications are kept (a migration's ALTER
// PUBLICATION ... ADD TABLE, as Supabase's supabase_realtime, needs its
// publication), each statement of theirs allowed to fail (FOR ALL TABLES
// needs a superuser). Tablespaces, security labels and subscriptions are
// left out. pg_dump waits at most `lock_wait`
// (as lock_timeout: "5s") for its ACCESS SHARE locks on the target's tables:
// behind another session's lock it gives up rather than queue everyone
// behind itself.
//
// pg_dump starts at once and runs in the background, so that it overlaps
// what comes next (a throwaway cluster's initdb takes most of a second); the
// dump is then restored as often as needed (a proof that starts over does not
// dump again). Make it before the shadow, pass it to copy_target_schema.
// A pg_dump script with each one-line `ALTER ... OWNER TO role;`, `CREATE
// PUBLICATION` and `ALTER PUBLICATION` statement (after pg_dump's two blank
// lines: never a line of a function's body) in a DO block that lets it fail;
// and each CREATE EXTENSION IF NOT EXISTS of an extension in `versions` (by
// its name as pg_dump writes it) with that VERSION; with `extensions_as`,
// each CREATE EXTENSION run as that role (SET SESSION AUTHORIZATION), so
// that its objects are that superuser's, as on the target they are the
// bootstrap superuser's whoever made a trusted extension.
std::string with_tolerated_statements(const std::string& dump,
                                      const std::map<std::string, std::string>& versions = {},
                                      const std::string& extensions_as = "");

class SchemaDump {
 public:
  explicit SchemaDump(pg::Connection& target, const std::string& lock_wait = "5s");
  ~SchemaDump();
  SchemaDump(const SchemaDump&) = delete;
  SchemaDump& operator=(const SchemaDump&) = delete;

  // The extensions to make at another version than the default (by the
  // name as pg_dump writes it), asked once, when the dump is made restorable.
  using ExtensionVersions = std::function<std::map<std::string, std::string>()>;
  // The dump, once pg_dump has ended (waiting for it the first time), made
  // restorable the first time (with_tolerated_statements, with the versions
  // `extension_versions` gives, if any, and `extensions_as`); nullptr with
  // the reason in `why_not` when it could not dump.
  const std::filesystem::path* file(std::string& why_not, const ExtensionVersions& extension_versions = {},
                                    const std::string& extensions_as = "");

 private:
  std::filesystem::path directory_;
  std::string lock_wait_;       // as pg_dump's --lock-wait-timeout: "5s"
  std::string role_;            // the target's connecting role, which pg_dump connects as too
  int server_version_ = 0;      // the target's
  std::filesystem::path file_;  // directory_/schema.sql
  std::unique_ptr<io::ExitGuard> remove_directory_;
  std::string program_;
  // Declared after remove_directory_: a pg_dump still running is stopped
  // before its directory goes.
  std::unique_ptr<io::BackgroundProgram> pg_dump_;
  std::optional<std::string> failure_;  // why there is no dump
};

// The target's schema in a fresh shadow database, restored in one
// transaction from `dump`. Returns the shadow's connection, or nullptr with
// the reason in `why_not`: an extension the target has and the shadow cannot
// install (by name), pg_dump failing, the dump failing to restore (with the
// server's error). Materialized views the target has populated are
// refreshed there, extensions made at the target's version (see the .cpp).
// `runs`: what will run there next. Pending migrations (preflight, check)
// run as the target's role is, no more privileged (act_as_target_role);
// migrations that already ran on the target (up's check) as a superuser.
enum class CopyFor { pending_migrations, applied_migrations };
pg::Connection* copy_target_schema(pg::Connection& target, ShadowDatabase& shadow, SchemaDump& dump,
                                   std::string& why_not, CopyFor runs);

}  // namespace pgapply::engine
