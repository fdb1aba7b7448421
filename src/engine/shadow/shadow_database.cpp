#include "engine/shadow/shadow_database.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/embedded_sql.hpp"
#include "core/error.hpp"
#include "core/interruption.hpp"
#include "core/sql_quote.hpp"
#include "engine/platform_admin.hpp"
#include "engine/shadow/shadow_in_place.hpp"
#include "pg/conninfo.hpp"
#include "pg/rows.hpp"
#include "pg/server_error.hpp"
#include "pg/sqlstate.hpp"
#include "schema/shadow_roles.hpp"

namespace pgapply::engine {

namespace {

using Clock = std::chrono::steady_clock;

std::string seconds_text(std::chrono::milliseconds ms) {
  const long long tenths = (ms.count() + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

// The shadow's server version ("15.18") and whether its role may create databases.
struct ShadowServer {
  std::string version;
  bool may_create_database = false;
};

ShadowServer read_shadow_server(pg::Connection& connection) {
  const pg::Result result = connection.exec(std::string(embedded_sql("shadow_server.sql")));
  const pg::Rows rows(result);
  return {rows[0].text("server_version"), rows[0].flag("may_create_database")};
}

// The names of the roles a connection's server has (but the predefined pg_* ones).
std::set<std::string> server_roles(pg::Connection& connection) {
  std::set<std::string> roles;
  const pg::Result result = connection.exec(std::string(embedded_sql("shadow_target_roles.sql")));
  for (const pg::Row row : pg::Rows(result)) roles.insert(row.text("role_name"));
  return roles;
}

// Whether an ALTER DATABASE / ALTER ROLE ... SET of the target's goes to the
// shadow's database: what changes what a statement means or makes there,
// and every custom setting (a dotted name: app.env, which a migration may
// read). Not what would stop the replay (default_transaction_read_only, the
// timeouts, a tablespace or library the shadow's server may lack, a role),
// nor search_path, which the shadow gets from the target's session.
bool replayed_setting(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name.find('.') != std::string::npos) {
    // Not a secret (Supabase's app.settings.jwt_secret): a --shadow server
    // keeps its databases' settings where its other roles may read them.
    for (const char* secret : {"secret", "password", "passwd", "pwd", "token", "key", "credential"}) {
      if (name.find(secret) != std::string::npos) return false;
    }
    return true;
  }
  static const std::set<std::string> meaning = {
      "timezone",       "datestyle",          "intervalstyle",       "standard_conforming_strings",
      "check_function_bodies", "default_text_search_config", "bytea_output", "extra_float_digits",
      "xmloption",      "xmlbinary",          "lc_monetary",         "lc_numeric",
      "lc_time",        "array_nulls",        "backslash_quote",     "transform_null_equals",
      "row_security",   "default_toast_compression", "quote_all_identifiers"};
  return meaning.count(name) != 0;
}

// Runs each statement alone, leaving out one the shadow's server refuses (a
// setting it does not know, a role the replay makes later, one the shadow's
// role may not grant or speak for): what the target has that the shadow
// may lack only brings it closer. Returns how many it refused.
std::size_t exec_tolerated(pg::Connection& on, const std::vector<std::string>& statements) {
  std::size_t refused = 0;
  for (const auto& statement : statements) {
    try {
      on.exec(statement);
    } catch (const pg::ServerError&) {
      ++refused;  // left out: as the server made it
    }
  }
  return refused;
}

// A JSON array of strings, as the target's facts return lists.
std::vector<std::string> json_strings(const std::string& text) {
  std::vector<std::string> strings;
  for (const auto& item : nlohmann::json::parse(text)) strings.push_back(item.get<std::string>());
  return strings;
}

// A setting's name as SQL: each dotted part an identifier of its own.
std::string setting_name_sql(const std::string& name) {
  std::string sql;
  std::size_t start = 0;
  while (true) {
    const auto dot = name.find('.', start);
    sql += quote_identifier(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return sql;
    sql += ".";
    start = dot + 1;
  }
}

// In a throwaway cluster, the target's tablespaces, as directories of the
// cluster's own (allow_in_place_tablespaces: PostgreSQL 15, and the minor
// releases of 10 to 14 since 2022), so that a migration's CREATE TABLE ...
// TABLESPACE fastspace runs there as on the target; not one the replayed
// migrations create (they do, there too). One the server refuses is left
// out: such a statement fails there, as before.
void make_tablespaces(pg::Connection& admin, const std::vector<std::string>& tablespaces, const ShadowReplay& replay) {
  std::set<std::string> created;
  if (replay.from_empty) {
    for (const auto& migration : replay.migrations) {
      for (const auto& statement : migration.statements) {
        for (const auto& change : statement.facts.cluster_changes) {
          if (change.kind == ddl::ClusterObjectKind::tablespace && change.action == ddl::Action::create) {
            created.insert(change.name);
          }
        }
      }
    }
  }
  std::vector<std::string> statements = {"SET allow_in_place_tablespaces = on"};
  for (const auto& name : tablespaces) {
    if (created.count(name) == 0) statements.push_back("CREATE TABLESPACE " + quote_identifier(name) + " LOCATION ''");
  }
  exec_tolerated(admin, statements);  // (a server without in-place tablespaces refuses each)
}

std::string drop_database_sql(const std::string& name, int server_version) {
  return "DROP DATABASE IF EXISTS " + quote_identifier(name) + (server_version >= 130000 ? " WITH (FORCE)" : "");
}

// The extensions `migration` creates that are not `available` (and not in
// `seen`), with where: ", postgis (needed by migrations/003_geo.sql:2)".
void add_missing_extensions(const schema::MigrationFacts& migration, const std::set<std::string>& available,
                            std::set<std::string>& seen, std::string& missing, std::string* first_at = nullptr) {
  for (const auto& statement : migration.statements) {
    for (const auto& d : statement.facts.declarations) {
      if (d.kind != ddl::ObjectKind::extension || d.action != ddl::Action::create) continue;
      if (available.count(d.name.name) != 0 || !seen.insert(d.name.name).second) continue;
      const std::string at = statement.file + ":" + std::to_string(statement.line_of(d));
      if (first_at != nullptr && missing.empty()) *first_at = at;
      missing += (missing.empty() ? "" : ", ") + d.name.name + " (needed by " + at + ")";
    }
  }
}

}  // namespace

TargetFacts read_target_facts(pg::Connection& target) {
  TargetFacts facts;
  const pg::Result result = target.exec_params(embedded_sql("shadow_target_facts.sql"), platform_admin_params());
  const pg::Rows rows(result);
  const pg::Row row = rows[0];
  facts.server_version_num = static_cast<int>(row.integer("server_version_num"));
  facts.server_version = row.text("server_version");
  facts.encoding = row.text("encoding");
  facts.search_path = row.text("search_path");
  for (const auto& text : json_strings(row.text("role_database_settings"))) {
    const auto equals = text.find('=');
    if (equals == std::string::npos) continue;
    std::string name = text.substr(0, equals);
    if (replayed_setting(name)) facts.settings.emplace_back(std::move(name), text.substr(equals + 1));
  }
  facts.tablespaces = json_strings(row.text("tablespaces"));
  if (!row.is_null("public_schema_grants")) facts.public_schema_grants = json_strings(row.text("public_schema_grants"));
  facts.settings.emplace_back("TimeZone", row.text("time_zone"));
  facts.settings.emplace_back("DateStyle", row.text("date_style"));
  facts.settings.emplace_back("IntervalStyle", row.text("interval_style"));
  facts.current_user = row.text("current_user_name");
  facts.database = row.text("database_name");
  facts.postmaster_started = row.text("postmaster_started");
  facts.database_oid = row.text("database_oid");
  facts.has_rows = row.flag("has_rows");
  facts.has_large_objects = row.flag("has_large_objects");
  facts.locale_clause = row.text("locale_clause");
  facts.default_privileges = json_strings(row.text("default_privileges"));
  if (!row.is_null("target_role_statements")) {
    std::vector<TargetFacts::RoleStatement> statements;
    for (const auto& item : nlohmann::json::parse(row.text("target_role_statements"))) {
      const auto text = [&item](const char* key) { return item[key].is_null() ? "" : item[key].get<std::string>(); };
      statements.push_back({text("role"), text("sql"), text("server")});
    }
    facts.target_role_statements = std::move(statements);
  }
  const std::set<std::string> roles = server_roles(target);
  facts.roles.assign(roles.begin(), roles.end());
  return facts;
}

std::unique_ptr<ShadowDatabase> ShadowDatabase::open(const ShadowOptions& options, const TargetFacts& target,
                                                     const ShadowReplay& replay, std::string& why_not) {
  std::unique_ptr<ShadowDatabase> shadow(new ShadowDatabase());
  shadow->target_database_ = target.database;
  shadow->target_has_rows_ = target.has_rows;
  shadow->target_has_large_objects_ = target.has_large_objects;
  // A role a replayed migration creates must not be there before it runs.
  const std::vector<std::string> roles =
      replay.from_empty ? schema::roles_before(replay.migrations, target.roles) : target.roles;
  shadow->search_path_ = target.search_path;
  shadow->settings_ = target.settings;
  // What no migration makes: PUBLIC's grants on the public schema.
  if (target.public_schema_grants) {
    shadow->seed_.push_back("REVOKE ALL ON SCHEMA public FROM PUBLIC");
    shadow->seed_.insert(shadow->seed_.end(), target.public_schema_grants->begin(), target.public_schema_grants->end());
  }
  // And its default privileges, where the migrations replay from empty (a
  // copy of the target's schema has them from pg_dump, at its end: set
  // before it, the restored objects would get them too). As they are now:
  // where a migration's ALTER DEFAULT PRIVILEGES changed them, an object made
  // before it gets the later defaults here (its privileges are then an
  // uncertain difference: Attributor::default_privileges_since_made), but
  // every object made after the last one gets exactly the target's.
  if (replay.from_empty) {
    shadow->seed_.insert(shadow->seed_.end(), target.default_privileges.begin(), target.default_privileges.end());
  }
  shadow->encoding_ = target.encoding;
  shadow->locale_clause_ = target.locale_clause;

  if (options.url.empty()) {
    // no target (check --offline): the newest server installed
    const int major = target.server_version_num > 0 ? target.server_version_num / 10000 : 0;
    const auto root = default_server_root();
    const auto installed = installed_servers(root);
    const auto server = major > 0 ? choose_server(installed, major)
                                  : (installed.empty() ? std::nullopt : std::optional(installed.back()));
    if (!server) {
      why_not = "no --shadow was given and no PostgreSQL server is installed under " + root.string() +
                " to start a throwaway one (apt-get install postgresql" +
                (major > 0 ? "-" + std::to_string(major) : std::string()) + ")";
      return nullptr;
    }
    // The cluster is pgapply's alone: the shadow database takes the target's
    // name (the templates aside), so that ALTER DATABASE of it runs there;
    // pgapply itself works from template1, so that the first fresh() may
    // rename the database initdb made (postgres) to it.
    const bool named_so = !target.database.empty() && target.database != "template0" && target.database != "template1";
    const std::string admin_database = "template1";
    try {
      shadow->cluster_ = std::make_unique<ShadowCluster>(*server, target.encoding);
      shadow->admin_.emplace(pg::Connection::open(shadow->cluster_->params(admin_database)));
    } catch (const std::exception& error) {
      // A Ctrl-C reaches initdb and pg_ctl too, which then fail: that is the
      // interruption, not a reason to go on without a shadow.
      if (const int signal_number = signal_received()) {
        throw Interrupted(signal_number, interrupted_by(signal_number) +
                                             " while the throwaway shadow cluster started (it was removed)");
      }
      why_not = std::string("the throwaway shadow cluster could not start: ") + error.what();
      return nullptr;
    }
    shadow->mode_ = Mode::cluster;
    shadow->base_params_ = shadow->cluster_->params(admin_database);
    shadow->admin_params_ = shadow->base_params_;
    shadow->scratch_name_ = named_so ? target.database : "shadow";
    shadow->server_version_num_ = shadow->admin_->server_version();
    shadow->description_ = "PostgreSQL " + read_shadow_server(*shadow->admin_).version +
                           ", a throwaway cluster from " + server->bin_dir.string() + " (ready in " +
                           seconds_text(shadow->cluster_->started_in()) + ")";
    if (major > 0 && server->major != major) {
      shadow->description_ += "; the target runs PostgreSQL " + std::to_string(major) +
                              ", which is not installed here: results may differ where the versions do";
    }
    const std::set<std::string> present = server_roles(*shadow->admin_);  // the cluster's own (its bootstrap superuser)
    shadow->start_roles_ = roles;
    // the connecting role, even were it one the replayed migrations create
    // (otherwise the target's roles list it already)
    if (!target.current_user.empty() &&
        std::find(roles.begin(), roles.end(), target.current_user) == roles.end()) {
      shadow->start_roles_.push_back(target.current_user);
    }
    for (const auto& role : schema::roles_created(replay.migrations)) {
      if (present.count(role) == 0 && role != target.current_user) shadow->replay_roles_.push_back(role);
    }
    shadow->superuser_roles_ = true;
    shadow->mirror_roles(*shadow->admin_, shadow->start_roles_, true);
    make_tablespaces(*shadow->admin_, target.tablespaces, replay);
    shadow->apply_as(target.current_user);
    shadow->target_role_statements_ = target.target_role_statements;
  } else {
    shadow->base_params_ = {{"dbname", options.url}, {"application_name", "pgapply shadow"}};
    shadow->admin_params_ = shadow->base_params_;
    try {
      shadow->admin_.emplace(pg::Connection::open(shadow->base_params_));
    } catch (const pg::ConnectionError& error) {
      throw Error(ErrorKind::connection, "cannot connect to the shadow database " + pg::redact_password(options.url) +
                                             ": " + error.what());
    }
    pg::Connection& admin = *shadow->admin_;
    const TargetFacts here = read_target_facts(admin);
    if (here.postmaster_started == target.postmaster_started && here.database_oid == target.database_oid) {
      throw Error(ErrorKind::usage, "--shadow names the target database itself; give a database pgapply may empty, "
                                    "or a server where it may create one");
    }
    shadow->server_version_num_ = admin.server_version();
    const std::string shown = pg::redact_password(options.url);
    // The target's own server: the same postmaster (started at the same
    // instant), with the target's database (its OID and name) among its
    // databases. Anyone may read both; pg_control_system()'s
    // system_identifier may not be readable, and a physical copy of the
    // target (a standby, a restored base backup) shares it.
    std::set<std::string> databases;
    bool same_server = false;
    const pg::Result listed = admin.exec(std::string(embedded_sql("shadow_server_databases.sql")));
    for (const pg::Row row : pg::Rows(listed)) {
      databases.insert(row.text("database_name"));
      same_server = same_server || (row.text("database_oid") == target.database_oid &&
                                    row.text("database_name") == target.database &&
                                    here.postmaster_started == target.postmaster_started);
    }
    // What pgapply makes there for this run, and drops at the end: the
    // target's roles the server lacks, and those the migrations create.
    std::set<std::string> existing_roles(here.roles.begin(), here.roles.end());
    std::vector<std::string> to_create;
    for (const auto& role : roles) {
      if (existing_roles.count(role) == 0) to_create.push_back(role);
    }
    std::vector<std::string> made_by_replay;
    for (const auto& role : schema::roles_created(replay.migrations)) {
      if (existing_roles.count(role) == 0) made_by_replay.push_back(role);
    }
    std::set<std::string> own_roles(to_create.begin(), to_create.end());
    own_roles.insert(made_by_replay.begin(), made_by_replay.end());
    refuse_server_changes(replay, shown, same_server, own_roles, databases, target.database);
    const ShadowServer server = read_shadow_server(admin);
    if (server.may_create_database) {
      shadow->mode_ = Mode::scratch;
      shadow->scratch_name_ = "pgapply_shadow_" + std::to_string(getpid());
      shadow->description_ = "PostgreSQL " + server.version + " at " + shown +
                             ", in a scratch database " + shadow->scratch_name_ + " (dropped at the end)";
      // The scratch database and the roles made for it (by pgapply, or by
      // the migrations replayed there) go even if pgapply dies.
      std::vector<std::string> to_drop = to_create;
      to_drop.insert(to_drop.end(), made_by_replay.begin(), made_by_replay.end());
      shadow->created_roles_.insert(made_by_replay.begin(), made_by_replay.end());
      shadow->start_roles_ = to_create;
      shadow->replay_roles_ = made_by_replay;
      shadow->guard_ = std::make_unique<io::ExitGuard>(
          [params = shadow->base_params_, name = shadow->scratch_name_, roles = to_drop,
           version = shadow->server_version_num_] {
            pg::Connection connection = pg::Connection::open(params);
            connection.exec(drop_database_sql(name, version));
            for (const auto& role : roles) {
              try {
                connection.exec("DROP ROLE IF EXISTS " + quote_identifier(role));
              } catch (const pg::ServerError&) {
                // still used elsewhere: left
              }
            }
          });
      shadow->mirror_roles(admin, to_create, false);
    } else {
      claim_for_emptying(admin, shown);
      shadow->mode_ = Mode::in_place;
      shadow->shown_url_ = shown;
      shadow->description_ = "PostgreSQL " + server.version + ": the database " + shown +
                             " (emptied before use)";
      shadow->mirror_roles(admin, to_create, false);
      shadow->connection_ = std::move(shadow->admin_);
      shadow->admin_.reset();
    }
  }
  pg::Connection& any = shadow->admin_ ? *shadow->admin_ : *shadow->connection_;
  const pg::Result extensions = any.exec(std::string(embedded_sql("catalog_available_extensions.sql")));
  for (const pg::Row row : pg::Rows(extensions)) shadow->available_extensions_.insert(row.text("extension_name"));
  return shadow;
}

void ShadowDatabase::refuse_server_changes(const ShadowReplay& replay, const std::string& shown, bool same_server,
                                           const std::set<std::string>& own_roles,
                                           const std::set<std::string>& databases,
                                           const std::string& target_database) {
  const std::string elsewhere =
      "Give --shadow (or SHADOW_DATABASE_URL) a database on a server of its own, or leave both out for a throwaway "
      "local cluster, where it runs.";
  for (const auto& migration : replay.migrations) {
    for (const auto& statement : migration.statements) {
      for (const auto& change : statement.facts.cluster_changes) {
        const std::string what = statement.file + ":" + std::to_string(statement.line_of(change)) + ": " +
                                 change.command + (change.name.empty() ? "" : " " + change.name);
        const std::string kind(ddl::to_string(change.kind));
        if (same_server) {
          throw ShadowRefusal("the --shadow database " + shown +
                              " is on the target's own server, and " + what + " changes that server itself (" +
                              kind + "s belong to the whole server, not to one database): run on the shadow, it would "
                              "change the target's server for real. " + elsewhere);
        }
        bool own = false;
        switch (change.kind) {
          case ddl::ClusterObjectKind::role:
            own = !change.name.empty() && own_roles.count(change.name) != 0;
            break;
          case ddl::ClusterObjectKind::database:
            // It can only fail there (only_the_database_name).
            own = change.action == ddl::Action::alter && change.name == target_database &&
                  databases.count(change.name) == 0;
            break;
          case ddl::ClusterObjectKind::tablespace:
          case ddl::ClusterObjectKind::setting:
            break;
        }
        if (!own) {
          throw ShadowRefusal(what + " changes the --shadow server " + shown + " itself, beyond what pgapply makes "
                              "there for the run (the database it uses, the roles it copies from the target or the "
                              "migrations create, dropped at the end): run on the shadow, it would change that " +
                              kind + " for real. " + elsewhere);
        }
      }
    }
  }
}

void ShadowDatabase::mirror_roles(pg::Connection& admin, const std::vector<std::string>& roles,
                                  bool as_superusers) {
  // (no role listed here is a predefined pg_* one: pgapply never copies them)
  std::set<std::string> existing = server_roles(admin);
  for (const auto& role : roles) {
    // A role made here exists from now on: were it listed twice, a second
    // CREATE ROLE would fail and call it missing.
    if (!existing.insert(role).second) continue;
    try {
      admin.exec("CREATE ROLE " + quote_identifier(role) + (as_superusers ? " SUPERUSER" : "") + " NOLOGIN");
      created_roles_.insert(role);  // (a set: fresh() may make a role again)
    } catch (const pg::ServerError&) {
      missing_roles_.insert(role);
    }
  }
}

std::string ShadowDatabase::missing_extensions(const std::vector<schema::MigrationFacts>& migrations) const {
  std::string missing;
  std::set<std::string> seen;
  for (const auto& migration : migrations) add_missing_extensions(migration, available_extensions_, seen, missing);
  return missing;
}

std::string ShadowDatabase::missing_extensions(const schema::MigrationFacts& migration, std::string* first_at) const {
  std::string missing;
  std::set<std::string> seen;
  add_missing_extensions(migration, available_extensions_, seen, missing, first_at);
  return missing;
}

std::string ShadowDatabase::only_the_database_name(const StatementError& error,
                                                   const schema::MigrationFacts& migration) const {
  // "database "d" does not exist"
  if (error.server.sqlstate != pg::sqlstate::invalid_catalog_name || target_database_.empty()) return "";
  for (const auto& statement : migration.statements) {
    if (statement.file != error.file || statement.line != error.statement_line) continue;
    for (const auto& change : statement.facts.cluster_changes) {
      if (change.kind != ddl::ClusterObjectKind::database || change.name != target_database_) continue;
      return change.command + " names the target's database, " + target_database_ + ", which the shadow database (" +
             (connection_ ? connection_->dbname() : scratch_name_) +
             ") is not: the migration was not checked there, nor those after it (without --shadow, the throwaway "
             "shadow cluster's database takes the target's name)";
    }
  }
  return "";
}

bool ShadowDatabase::leave_role_to_replay(const StatementError& error) {
  // By the message: a throwaway cluster's are in English; another shadow's,
  // translated, keep the failure.
  static constexpr std::string_view prefix = "role \"";
  static constexpr std::string_view suffix = "\" already exists";
  const std::string& message = error.server.message;
  if (error.server.sqlstate != pg::sqlstate::duplicate_object || !message.starts_with(prefix) ||
      !message.ends_with(suffix) || message.size() <= prefix.size() + suffix.size()) {
    return false;
  }
  const std::string role = message.substr(prefix.size(), message.size() - prefix.size() - suffix.size());
  const auto copied = std::find(start_roles_.begin(), start_roles_.end(), role);
  if (copied == start_roles_.end() || role == applying_role_ || mode_ == Mode::in_place) return false;
  // (in a throwaway cluster every role but its bootstrap superuser is pgapply's)
  if (mode_ == Mode::scratch && created_roles_.count(role) == 0) return false;
  start_roles_.erase(copied);
  replay_roles_.push_back(role);
  handed_to_replay_.insert(role);
  return true;
}

std::string ShadowDatabase::only_the_rows(const StatementError& error) const {
  // A large object the target has and a copy of its schema lacks (GRANT ON
  // LARGE OBJECT, lo_unlink): by the message (a throwaway cluster's are in
  // English; another shadow's, translated, keep WILL FAIL).
  if (target_has_large_objects_ && error.server.sqlstate == pg::sqlstate::undefined_object &&
      error.server.message.starts_with("large object ")) {
    return "it fails on the shadow (" + error.server.message + ", SQLSTATE " + error.server.sqlstate +
           "), which has none of the target's large objects (they are data): whether it fails on the target depends "
           "on the large objects there, which the shadow cannot tell";
  }
  // A foreign table: the copy has no user mapping (sql/shadow_user_mappings.sql), by the message.
  if (error.server.sqlstate == pg::sqlstate::undefined_object &&
      error.server.message.starts_with("user mapping not found")) {
    return "it fails on the shadow (" + error.server.message + ", SQLSTATE " + error.server.sqlstate +
           "), whose copy of the schema reaches none of the foreign servers the target reaches (it has no user "
           "mapping, so that nothing run there changes what they hold): whether it fails on the target, the "
           "shadow cannot tell";
  }
  if (!target_has_rows_) return "";
  // Only REFRESH ... CONCURRENTLY's own 0A000, by its message (a throwaway
  // cluster's are in English; another shadow's, translated, keep WILL FAIL):
  // an ALTER COLUMN TYPE of a column a view uses fails with 0A000 too.
  if (error.server.sqlstate == pg::sqlstate::feature_not_supported && !unpopulated_views_.empty() &&
      error.server.message.find("materialized view is not populated") != std::string::npos) {
    std::string views;
    for (const auto& view : unpopulated_views_) views += (views.empty() ? "" : ", ") + view;
    return "it fails on the shadow (" + error.server.message + ", SQLSTATE " + error.server.sqlstate +
           "), where materialized views the target has populated could not be populated (" + views +
           ": their queries fail on its empty tables): whether it fails on the target depends on the rows there, "
           "which the shadow cannot tell";
  }
  if (!pg::sqlstate::may_depend_on_rows(error.server.sqlstate)) return "";
  return "it fails on the shadow (" + error.server.message + ", SQLSTATE " + error.server.sqlstate +
         "), which has none of the target's rows: whether it fails on the target depends on the rows it reads "
         "there, which the shadow cannot tell";
}

std::string ShadowDatabase::needs_shadow_init(const StatementError& error) {
  namespace state = pg::sqlstate;
  const std::string& code = error.server.sqlstate;
  if (code != state::invalid_schema_name && code != state::undefined_table && code != state::undefined_object &&
      code != state::undefined_function) {
    return "";
  }
  return "; if the migrations use what none of them makes (a schema such as auth, a role, a table made by hand or "
         "by another tool), make it on the shadow first with --shadow-init FILE, a script that makes it";
}

pg::Connection& ShadowDatabase::admin() {
  if (!admin_) admin_.emplace(pg::Connection::open(admin_params_));
  return *admin_;
}

void ShadowDatabase::apply_as(const std::string& role) {
  if (role.empty()) return;  // no target (check --offline)
  admin().exec("ALTER ROLE " + quote_identifier(role) + " LOGIN");
  base_params_.push_back({"user", role});
  applying_role_ = role;
}

pg::Connection& ShadowDatabase::act_as_target_role(pg::Connection& connection, pg::Connection& target) {
  // (a role the cluster had of its own, its bootstrap superuser, stays one)
  if (mode_ != Mode::cluster || !target_role_statements_ || created_roles_.count(applying_role_) == 0) {
    return connection;
  }
  std::vector<std::string> statements;
  // 15's privileges on settings, read here (only preflight and check copy the roles)
  if (target.server_version() >= 150000) {
    try {
      const pg::Result granted = target.exec(std::string(embedded_sql("shadow_parameter_grants.sql")));
      for (const pg::Row grant : pg::Rows(granted)) statements.push_back(grant.text("statement"));
    } catch (const pg::ServerError&) {
      return connection;  // (not all of what the role may: it stays a superuser there)
    }
  }
  const std::string server = server_version_num_ >= 160000 ? "16" : "15";
  for (const auto& statement : *target_role_statements_) {
    if (!statement.server.empty() && statement.server != server) continue;
    if (statement.role.empty() || created_roles_.count(statement.role) != 0) statements.push_back(statement.sql);
  }
  // (set first: should anything here throw, fresh() makes the role a superuser again)
  as_target_role_ = true;
  const std::size_t refused = exec_tolerated(connection, statements);
  if (refused != 0) {
    // Not all of it: a grant the shadow lacks may make a migration fail
    // there that does not on the target. The role stays a superuser, and
    // the static privilege checks stand (as_target_role()).
    admin().exec("ALTER ROLE " + quote_identifier(applying_role_) + " SUPERUSER");
    admin_.reset();  // (template1 free for a migration's CREATE DATABASE)
    as_target_role_ = false;
    return connection;
  }
  // A session keeps what its role was when it began (is_superuser, SET SESSION AUTHORIZATION).
  connection_.reset();
  connection_.emplace(pg::Connection::open(params_for(scratch_name_)));
  return *connection_;
}

void ShadowDatabase::reset_roles() {
  for (const auto& role : replay_roles_) {
    try {
      admin().exec("DROP ROLE IF EXISTS " + quote_identifier(role));
    } catch (const pg::ServerError&) {
      // still used elsewhere: the replay's CREATE ROLE will say so
    }
  }
  mirror_roles(admin(), start_roles_, superuser_roles_);
}

std::vector<std::string> ShadowDatabase::settings_sql(const std::string& prefix) const {
  std::vector<std::string> statements;
  for (const auto& [name, value] : settings_) {
    statements.push_back(prefix + setting_name_sql(name) + " TO " + quote_literal(value));
  }
  return statements;
}

void ShadowDatabase::set_database_settings(pg::Connection& on, const std::string& database) {
  const std::string alter = "ALTER DATABASE " + quote_identifier(database) + " SET ";
  // (not the database's owner, a --shadow database in place: the sessions keep the server's default)
  exec_tolerated(on, {alter + "search_path TO " + search_path_});
  // A --shadow database emptied in place stays: the settings are its session's alone (fresh()).
  if (mode_ != Mode::in_place) exec_tolerated(on, settings_sql(alter));
}

pg::ConnectParams ShadowDatabase::params_for(const std::string& dbname) const {
  pg::ConnectParams params = base_params_;
  params.push_back({"dbname", dbname});
  return params;
}

pg::Connection& ShadowDatabase::fresh() {
  const auto started = Clock::now();
  if (mode_ == Mode::in_place) {
    empty_in_place(*connection_, shown_url_);
    set_database_settings(*connection_, connection_->dbname());
    connection_->exec("RESET ALL");
    // (a session keeps the database's settings it started with: this one's own)
    exec_tolerated(*connection_, settings_sql("SET "));
  } else if (mode_ == Mode::cluster && !created_ && locale_clause_.empty()) {
    // initdb made the database postgres as CREATE DATABASE below would make
    // the shadow's (from the same template, in the cluster's encoding, locale
    // C): renamed, it saves copying template0, a third of a second.
    if (scratch_name_ != "postgres") {
      admin().exec("ALTER DATABASE postgres RENAME TO " + quote_identifier(scratch_name_));
    }
    set_database_settings(admin(), scratch_name_);
    connection_.emplace(pg::Connection::open(params_for(scratch_name_)));
  } else {
    connection_.reset();
    pg::Connection& admin = this->admin();
    if (as_target_role_) {
      // (the copy of the schema restores as a superuser: OWNER TO other roles)
      admin.exec("ALTER ROLE " + quote_identifier(applying_role_) + " SUPERUSER");
      as_target_role_ = false;
    }
    admin.exec(drop_database_sql(scratch_name_, server_version_num_));
    if (mode_ == Mode::cluster) {
      // The cluster is pgapply's alone: a database an earlier replay's
      // CREATE DATABASE made goes too, before the roles that may own it.
      const pg::Result listed = admin.exec(std::string(embedded_sql("shadow_server_databases.sql")));
      for (const pg::Row row : pg::Rows(listed)) {
        const std::string name(row.text("database_name"));
        if (name == "template0" || name == "template1") continue;
        // A template database (CREATE DATABASE ... IS_TEMPLATE true) cannot be dropped as one.
        if (row.flag("is_template")) admin.exec("ALTER DATABASE " + quote_identifier(name) + " IS_TEMPLATE false");
        admin.exec(drop_database_sql(name, server_version_num_));
      }
    }
    if (created_) reset_roles();
    const std::string create =
        "CREATE DATABASE " + quote_identifier(scratch_name_) + " TEMPLATE template0 ENCODING " + quote_literal(encoding_);
    bool made = false;
    if (!locale_clause_.empty()) {
      try {
        admin.exec(create + " " + locale_clause_);
        made = true;
      } catch (const pg::ServerError&) {
        // a locale this machine lacks, or a provider the shadow's server has not: C, as before
      }
    }
    if (!made) admin.exec(create + " LC_COLLATE 'C' LC_CTYPE 'C'");
    set_database_settings(admin, scratch_name_);
    connection_.emplace(pg::Connection::open(params_for(scratch_name_)));
  }
  // A migration's CREATE DATABASE copies template1, which the server
  // refuses while another session is in it: in a throwaway cluster the
  // admin connection (on template1) closes while migrations run.
  exec_tolerated(*connection_, seed_);
  if (mode_ == Mode::cluster) admin_.reset();
  if (!created_) {
    first_database_in_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    created_ = true;
  }
  return *connection_;
}

ShadowDatabase::~ShadowDatabase() {
  connection_.reset();
  if (mode_ == Mode::scratch && admin_ && admin_->is_ok()) {
    try {
      admin_->exec(drop_database_sql(scratch_name_, server_version_num_));
      for (const auto& role : created_roles_) {
        try {
          admin_->exec("DROP ROLE IF EXISTS " + quote_identifier(role));
        } catch (const pg::ServerError&) {
        }
      }
    } catch (...) {
      // the guard tries again
    }
  }
  admin_.reset();
  guard_.reset();
  cluster_.reset();
}

}  // namespace pgapply::engine
