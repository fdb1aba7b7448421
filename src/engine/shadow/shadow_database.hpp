#pragma once

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/shadow/shadow_cluster.hpp"
#include "engine/statement_error.hpp"
#include "pg/connection.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::engine {

// Where the shadow comes from (--shadow, --no-shadow).
struct ShadowOptions {
  // --shadow URL: a database pgapply may use. When its role may create
  // databases, pgapply creates a scratch database next to it (on the same
  // server) and drops it at the end; otherwise the named database itself is
  // emptied (every schema and extension dropped) and reused, if it is
  // empty or marked as pgapply's (shadow_in_place.hpp). Empty: a
  // throwaway local cluster from the installed server programs.
  std::string url;
  bool enabled = true;  // false: --no-shadow, the static model only
  // --shadow-init FILE: SQL run on the shadow, in order, before the
  // migrations wherever it replays them from an empty database (verify,
  // diff, check --offline): what they use but do not make, such as a
  // platform's schemas (Supabase's auth.users) or an extension's objects.
  // What it makes is left out of verify's comparison (shadow_init.hpp).
  std::vector<std::filesystem::path> init_files;
};

// What the shadow copies from the target.
struct TargetFacts {
  int server_version_num = 0;
  std::string server_version;
  std::string encoding = "UTF8";
  std::string search_path;
  // The settings the target's statements are read and run with that a
  // shadow's database gets too (replayed_settings), as name and value,
  // weakest first: what its ALTER DATABASE / ALTER ROLE ... SET give
  // (custom ones such as app.env too), then the session's TimeZone,
  // DateStyle and IntervalStyle. A timestamptz default '2025-01-01 00:00'
  // is another instant in another time zone; a DO block may read app.env.
  std::vector<std::pair<std::string, std::string>> settings;
  std::vector<std::string> tablespaces;  // its server's, but pg_default and pg_global
  // Its public schema's grants to PUBLIC, as GRANT statements; nullopt
  // when it has no public schema. No migration makes them (PostgreSQL 14
  // and before let PUBLIC create there, 15 does not): the shadow's public
  // schema starts with them. Grants to roles are a migration's, or drift.
  std::optional<std::vector<std::string>> public_schema_grants;
  std::string current_user;
  std::string database;  // its name ("" for check --offline)
  // When its server started and the database's OID: both the same, the
  // shadow is the target itself; the same start, and the target's OID and
  // name among the server's databases, it is the target's server.
  std::string postmaster_started;
  std::string database_oid;
  std::vector<std::string> roles;
  bool has_rows = false;  // a table of the user's holds rows (not a migration ledger)
  bool has_large_objects = false;  // which a copy of the schema lacks too
  // Its locale as CREATE DATABASE takes it ("LC_COLLATE 'en_US.UTF-8'
  // LC_CTYPE ...", "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' ..."), "" for C.
  std::string locale_clause;
  // Its default privileges as the ALTER DEFAULT PRIVILEGES that make them
  // (a platform's, as Supabase's, set before any migration): a fresh shadow
  // database the migrations replay in from empty starts with them, unless a
  // replayed migration sets its own (a copy of the schema has them from pg_dump).
  std::vector<std::string> default_privileges;
  // What makes a throwaway shadow's copies of the target's roles no more
  // privileged than there (attributes, memberships, the database's owner
  // and grants, extension owners, tablespace grants; act_as_target_role
  // reads 15's parameter grants), as statements, each with the role it
  // alters ("" when none); nullopt when current_user is a superuser or a
  // managed platform's stand-in for one (sql/shadow_target_facts.sql).
  struct RoleStatement {
    std::string role;
    std::string sql;
    std::string server;  // "16": for a shadow server of 16 or later only; "15": before 16; "": any
  };
  std::optional<std::vector<RoleStatement>> target_role_statements;
};

TargetFacts read_target_facts(pg::Connection& target);

// What will run on the shadow: the roles it gets depend on it.
struct ShadowReplay {
  // The migrations that will run there, in order.
  const std::vector<schema::MigrationFacts>& migrations;
  // From an empty database (verify, diff, baseline --detect, check
  // --offline): the shadow gets the roles the target had before them
  // (schema::roles_before), so that a migration's CREATE ROLE runs there as
  // it ran on the target. Otherwise (preflight, check, up's verify: they
  // start from a copy of the target's schema) the target's roles as they are.
  bool from_empty = false;
};

// A --shadow whose server would have to run, for real, what the replayed
// migrations change on the server itself (ddl::ClusterChange): refused
// before anything runs there. Error(usage): exit 1.
class ShadowRefusal : public Error {
 public:
  explicit ShadowRefusal(const std::string& message) : Error(ErrorKind::usage, message) {}
};

// A database to apply migrations to instead of the target: PostgreSQL itself
// says what they do. It has the target's roles as the replay needs them
// (ShadowReplay; created NOLOGIN where missing, superusers in a throwaway
// cluster, so that SET ROLE in a migration works), encoding and search_path.
// On a --shadow server, the roles it created there, and those the replayed
// migrations create, are dropped with its scratch database.
class ShadowDatabase {
 public:
  enum class Mode { cluster, scratch, in_place };

  // The shadow the options ask for, or nullptr with the reason in `why_not`
  // when none can be had without --shadow (no server installed, initdb
  // failed...). With --shadow, throws Error(connection) when it cannot be
  // reached, Error(usage) when it is the target database itself, and
  // ShadowRefusal when the replay would change its server for real: on the
  // target's own server (same postmaster, the target's database there), any
  // ddl::ClusterChange; on another, one of a role, database, tablespace or
  // setting pgapply does not make there for this run (the roles it copies
  // from the target or the migrations create are its own, dropped at the
  // end; ALTER DATABASE of the target's name, when the server has no such
  // database, only fails: only_the_database_name).
  static std::unique_ptr<ShadowDatabase> open(const ShadowOptions& options, const TargetFacts& target,
                                              const ShadowReplay& replay, std::string& why_not);
  ~ShadowDatabase();
  ShadowDatabase(const ShadowDatabase&) = delete;
  ShadowDatabase& operator=(const ShadowDatabase&) = delete;

  // An empty database, connected: a new scratch database (the previous one
  // dropped; the first in a throwaway cluster is the one initdb made,
  // renamed), or the --shadow database emptied. Called again (a shadow
  // rebuilt after a proof), it also puts the roles back as open() left them:
  // those the replayed migrations created are dropped, those they dropped
  // made again (not for a --shadow database emptied in place). In a throwaway cluster it
  // carries the target's name, so that a migration's ALTER DATABASE of its
  // own database runs there as on the target; on a --shadow server it is
  // pgapply_shadow_PID (a database of the target's name may be there: the
  // target itself, or someone else's), and such a statement fails there:
  // only_the_database_name says so.
  pg::Connection& fresh();
  pg::Connection& connection() { return *connection_; }

  Mode mode() const { return mode_; }
  // "PostgreSQL 15.18, a throwaway cluster from /usr/lib/postgresql/15/bin (ready in 1.1 s)"
  const std::string& description() const { return description_; }
  int server_version() const { return server_version_num_; }
  // The extensions the shadow's server can install.
  const std::set<std::string>& available_extensions() const { return available_extensions_; }
  // The extensions `migrations` create (CREATE EXTENSION, also in DO blocks)
  // that the shadow's server cannot install, each with the first place that
  // needs it: "postgis (needed by migrations/003_geo.sql:2), ..."; "" when none.
  std::string missing_extensions(const std::vector<schema::MigrationFacts>& migrations) const;
  // The same for one migration; `first_at` gets the FILE:LINE of the first.
  std::string missing_extensions(const schema::MigrationFacts& migration, std::string* first_at = nullptr) const;
  // Whether a file can be replayed as `role` (SET SESSION AUTHORIZATION): in
  // a throwaway cluster, for a role of the target mirrored there.
  // (or one leave_role_to_replay handed to the replay, which makes it before any file runs as it)
  bool can_replay_as(const std::string& role) const {
    return superuser_roles_ && !role.empty() &&
           (std::find(start_roles_.begin(), start_roles_.end(), role) != start_roles_.end() ||
            handed_to_replay_.count(role) != 0);
  }
  // Target roles the shadow could not create (no CREATEROLE): their GRANTs fail there.
  const std::set<std::string>& missing_roles() const { return missing_roles_; }
  // Whether `error`, a failure of the statement of `migration` it names, is
  // only that the statement names the target's database (ALTER DATABASE
  // d SET ...), which the shadow database is not: what to say instead of
  // "will fail", or "" when it is a failure like any other.
  std::string only_the_database_name(const StatementError& error, const schema::MigrationFacts& migration) const;
  // Whether `error` may be only that the shadow, a copy of the target's
  // schema without its rows, lacks the rows the statement reads (a seed that
  // refers to a row, a check that raises when a row is missing): what to say
  // instead of "will fail" when the target holds rows and the error is of a
  // kind rows cause (pg::sqlstate::may_depend_on_rows), or "".
  std::string only_the_rows(const StatementError& error) const;
  // Materialized views the target has populated that could not be on the
  // shadow (their query fails on its empty tables: copy_target_schema): a
  // REFRESH ... CONCURRENTLY of one fails there only for want of rows.
  void left_unpopulated(std::vector<std::string> views) { unpopulated_views_ = std::move(views); }
  // Whether `error` is a replayed migration's CREATE ROLE of a role the
  // shadow copied from the target before the replay (roles_before knows only
  // the CREATE ROLE it can read: not a DO block's EXECUTE of one): the role
  // becomes the replay's own, dropped by the next fresh(), and the replay may
  // run again from there. Only for a role pgapply made on the shadow (in a
  // throwaway cluster, or for its scratch database), never the connecting
  // one; false for any other error, and for a role already handed over.
  bool leave_role_to_replay(const StatementError& error);
  // Whether `error` may be only that the migrations use what none of them
  // makes (a schema such as Supabase's auth, a role, a table made by hand):
  // how to make it on the shadow (--shadow-init), to follow the error, or "".
  static std::string needs_shadow_init(const StatementError& error);
  // How long the first fresh() took (creating the database and connecting).
  std::chrono::milliseconds first_database_in() const { return first_database_in_; }
  // On a copy of the target's schema (fresh() and restored as a superuser)
  // before pending migrations run there: the target's roles become as
  // privileged as on the target, no more, so that a migration fails there as
  // it would on the target ("must be owner of table t"). Only in a throwaway
  // cluster, for roles pgapply mirrored there; the next fresh() makes the
  // connecting role a superuser again. Returns the connection to run them
  // on: a new session, since a session keeps what its role was when it
  // began (is_superuser, SET SESSION AUTHORIZATION). Nothing changes (and
  // `connection` is returned) for a superuser or a managed platform's
  // stand-in for one; where the shadow refuses a statement (a predefined
  // role its version lacks, say), the connecting role stays a superuser.
  pg::Connection& act_as_target_role(pg::Connection& connection, pg::Connection& target);
  // A throwaway cluster's own superuser, which no target's role is; "" on a --shadow server.
  std::string bootstrap_superuser() const { return mode_ == Mode::cluster ? ShadowCluster::superuser() : ""; }
  // Whether migrations run here as the target's role is, no more privileged:
  // act_as_target_role made it so, every statement of it taken. (A
  // superuser has nothing the static checks would say; a platform's
  // stand-in keeps their warnings.)
  bool as_target_role() const { return as_target_role_; }

 private:
  ShadowDatabase() = default;
  pg::ConnectParams params_for(const std::string& dbname) const;
  // The connection that makes and drops the shadow database, opened again
  // when fresh() closed it (see there).
  pg::Connection& admin();
  void mirror_roles(pg::Connection& admin, const std::vector<std::string>& roles, bool as_superusers);
  void reset_roles();
  static void refuse_server_changes(const ShadowReplay& replay, const std::string& shown, bool same_server,
                                    const std::set<std::string>& own_roles, const std::set<std::string>& databases,
                                    const std::string& target_database);
  // In a throwaway cluster, the migrations run as the role that runs them on
  // the target (mirrored there as a superuser), so that what they create has
  // the owner it has on the target: a GRANT to that role by name, or a REVOKE
  // from it, changes the owner's own privileges on both sides.
  void apply_as(const std::string& role);
  // The target's search_path and settings as the shadow database's own
  // (ALTER DATABASE ... SET: every session there, the schema's restore
  // too), each one the shadow's server refuses left out (a setting it does
  // not know, a locale it lacks).
  void set_database_settings(pg::Connection& on, const std::string& database);
  // settings_ as statements: `prefix` "SET " or "ALTER DATABASE d SET ".
  std::vector<std::string> settings_sql(const std::string& prefix) const;

  Mode mode_ = Mode::cluster;
  std::unique_ptr<ShadowCluster> cluster_;
  pg::ConnectParams base_params_;
  pg::ConnectParams admin_params_;
  std::string scratch_name_;
  std::string target_database_;
  bool target_has_rows_ = false;
  bool target_has_large_objects_ = false;
  std::string search_path_;
  std::vector<std::pair<std::string, std::string>> settings_;  // TargetFacts::settings
  // What a fresh shadow database gets of the target's that no migration
  // makes, each statement tolerated (fresh()): PUBLIC's grants on the public
  // schema (a database upgraded from PostgreSQL 14, whose PUBLIC may create
  // there, is no difference of the migrations'), and its default privileges
  // where the migrations replay from empty.
  std::vector<std::string> seed_;
  std::string encoding_;
  std::string locale_clause_;  // TargetFacts::locale_clause
  std::optional<pg::Connection> admin_;
  std::optional<pg::Connection> connection_;
  std::unique_ptr<io::ExitGuard> guard_;
  std::string description_;
  std::string shown_url_;  // --shadow's URL as messages show it (in place)
  int server_version_num_ = 0;
  std::set<std::string> available_extensions_;
  std::set<std::string> created_roles_;
  // What fresh() puts back: the roles open() made or found, and those the
  // replayed migrations create that pgapply may drop again.
  std::vector<std::string> start_roles_;
  std::vector<std::string> replay_roles_;
  std::set<std::string> handed_to_replay_;  // leave_role_to_replay's
  bool superuser_roles_ = false;
  std::string applying_role_;                    // the target's current_user, as apply_as made it the login
  std::optional<std::vector<TargetFacts::RoleStatement>> target_role_statements_;  // TargetFacts'
  // act_as_target_role() made the copy, every statement of it taken, since
  // the last fresh() (which makes the connecting role a superuser again)
  bool as_target_role_ = false;
  std::set<std::string> missing_roles_;
  std::vector<std::string> unpopulated_views_;
  std::chrono::milliseconds first_database_in_{0};
  bool created_ = false;
};

}  // namespace pgapply::engine
