#include "cli/option_table.hpp"

#include "pg/conninfo.hpp"

namespace pgapply::cli {

namespace {

using Kind = OptionKind;
using Group = OptionGroup;
using Hint = ValueHint;

// The rows. Help texts are lower case without a final period: help prints
// them after the option, the man page as a sentence.
std::vector<OptionSpec> make_table() {
  return {
      // --- migrations
      {"dir", 0, Kind::value, "DIR", "directory of NNN_name.sql files", "migrations", "PGAPPLY_DIR", "dir",
       Group::migrations, Hint::directory, {}},
      {"ledger", 0, Kind::value, "TABLE", "ledger table: [schema.]table", "pgapply_migrations", "PGAPPLY_LEDGER",
       "ledger", Group::migrations, Hint::none, {}},
      {"set", 'v', Kind::assignments, "NAME=VALUE", "set a psql variable", {}, "PGAPPLY_SET",
       "variables", Group::migrations, Hint::none, {}},
      {"ledger-format", 0, Kind::value, "FORMAT",
       "another tool's ledger to keep in step with pgapply's, in the same transaction (supabase: "
       "supabase_migrations.schema_migrations; dbmate, golang-migrate: schema_migrations in the current schema)",
       "pgapply", "PGAPPLY_LEDGER_FORMAT", "ledger_format", Group::migrations, Hint::choice,
       "pgapply supabase dbmate golang-migrate"},
      {"allow-undefined-variables", 0, Kind::flag, {},
       "leave :name as written when name is not set (psql's behaviour) instead of failing", {},
       "PGAPPLY_ALLOW_UNDEFINED_VARIABLES", "allow_undefined_variables", Group::migrations, Hint::none, {}},

      // --- how migrations run
      {"lock-wait", 0, Kind::value, "DURATION", "how long to wait for another run's migration lock", "60s",
       "PGAPPLY_LOCK_WAIT", "lock_wait", Group::session, Hint::none, {}},
      {"lock-timeout", 0, Kind::value, "DURATION", "lock_timeout for migration statements (0: wait forever)", "5s",
       "PGAPPLY_LOCK_TIMEOUT", "lock_timeout", Group::session, Hint::none, {}},
      {"statement-timeout", 0, Kind::value, "DURATION", "statement_timeout for migration statements", {},
       "PGAPPLY_STATEMENT_TIMEOUT", "statement_timeout", Group::session, Hint::none, {}},
      {"retries", 0, Kind::value, "N",
       "run a transactional file again this many times after a lock timeout or deadlock", "3", "PGAPPLY_RETRIES",
       "retries", Group::session, Hint::none, {}},
      {"backup", 0, Kind::value, "DIR", "pg_dump the database into this directory before changing it", {},
       "PGAPPLY_BACKUP", "backup", Group::session, Hint::directory, {}},

      // --- connection (libpq's own PGHOST, PGPORT, PGUSER, PGDATABASE and
      // DATABASE_URL configure these, so they have no PGAPPLY_ variable, and
      // a database is never read from the project file, which is committed)
      {"dbname", 'd', Kind::value, "DBNAME", "database name, conninfo string or postgresql:// URI", {}, {}, {},
       Group::connection, Hint::none, {}},
      {"host", 'h', Kind::value, "HOST", "server host or socket directory (as in psql: -h is not help)", {}, {}, {},
       Group::connection, Hint::none, {}},
      {"port", 'p', Kind::value, "PORT", "server port", {}, {}, {}, Group::connection, Hint::none, {}},
      {"username", 'U', Kind::value, "USER", "user name", {}, {}, {}, Group::connection, Hint::none, {}},
      {"password", 'W', Kind::flag, {}, "ask for a password", {}, {}, {}, Group::connection, Hint::none, {}},
      {"env-file", 0, Kind::value, "FILE", "read DATABASE_URL from this file", ".env", "PGAPPLY_ENV_FILE", "env_file",
       Group::connection, Hint::file, {}},
      {"no-env-file", 0, Kind::flag, {}, "do not read a .env file", {}, "PGAPPLY_NO_ENV_FILE", "no_env_file",
       Group::connection, Hint::none, {}},
      {"connect-retries", 0, Kind::value, "N", "retry a failed connection N times, after 2 s, 4 s, 8 s...", "0",
       "PGAPPLY_CONNECT_RETRIES", "connect_retries", Group::connection, Hint::none, {}},

      // --- exec, as psql takes them
      {"command", 'c', Kind::list, "SQL", "run SQL, as psql -c does (instead of files)", {}, {}, {},
       Group::command, Hint::none, {}},
      {"file", 'f', Kind::list, "FILE", "run FILE, as psql -f does (- is standard input)", {}, {}, {},
       Group::command, Hint::file, {}},

      // --- the shadow database (PostgreSQL itself says what the migrations do)
      {"shadow", 0, Kind::value, "URL",
       "an empty database pgapply may use (or one it used before), or a server where it may create scratch "
       "databases (default: a throwaway local cluster)", {}, "PGAPPLY_SHADOW", "shadow", Group::session, Hint::none, {}},
      {"no-shadow", 0, Kind::flag, {}, "no shadow: the static model of the SQL only", {}, "PGAPPLY_NO_SHADOW",
       "no_shadow", Group::session, Hint::none, {}},
      {"shadow-init", 0, Kind::list, "FILE",
       "SQL to run on the shadow before migrations replayed from an empty database: what they use but do not make "
       "(a platform's schemas); left out of verify's comparison", {}, "PGAPPLY_SHADOW_INIT", "shadow_init",
       Group::session, Hint::file, {}},
      {"idempotency", 0, Kind::flag, {},
       "prove each pending migration safe to run twice on the shadow (check: only this proof)", {}, {}, {},
       Group::command, Hint::none, {}},
      {"rollback", 0, Kind::flag, {}, "only the rollback proof (up, down, up ends where up did)", {}, {}, {},
       Group::command, Hint::none, {}},

      // --- lint (pgapply.toml: a [lint] table)
      {"changed-since", 0, Kind::value, "GIT_REF",
       "lint only the migrations of --dir that the branch adds or changes since it forked from this git revision",
       {}, {}, {}, Group::command, Hint::none, {}},
      {"pg-version", 0, Kind::value, "N",
       "the PostgreSQL major version the migrations will run on; rules depend on it",
       "14",  // lint::default_pg_version
       "PGAPPLY_PG_VERSION", "lint.pg_version", Group::command, Hint::none, {}},
      {"enable", 0, Kind::list, "RULE", "turn a lint rule on (an opt-in one too); RULE,RULE for several", {},
       "PGAPPLY_ENABLE", "lint.enable", Group::command, Hint::none, {}},
      {"disable", 0, Kind::list, "RULE", "turn a lint rule off; RULE,RULE for several", {},
       "PGAPPLY_DISABLE", "lint.disable", Group::command, Hint::none, {}},
      {"severity", 0, Kind::assignments, "RULE=LEVEL", "a lint rule's severity: RULE=error or RULE=warning", {},
       "PGAPPLY_SEVERITY", "lint.severity", Group::command, Hint::none, {}},
      {"max-warnings", 0, Kind::value, "N", "exit 4 when lint finds more than N warnings", {},
       "PGAPPLY_MAX_WARNINGS", "lint.max_warnings", Group::command, Hint::none, {}},
      {"list-rules", 0, Kind::flag, {}, "list the lint rules (with these settings) and exit", {}, {}, {},
       Group::command, Hint::none, {}},

      // --- output
      {"format", 0, Kind::value, "FORMAT", "output format", "text", "PGAPPLY_FORMAT", {}, Group::output,
       Hint::choice, "text json"},
      {"color", 0, Kind::value, "WHEN", "colour: auto colours a terminal unless NO_COLOR is set",
       "auto", "PGAPPLY_COLOR", "color", Group::output, Hint::choice, "auto always never"},

      // --- general
      {"help", '?', Kind::flag, {}, "show this help", {}, {}, {}, Group::general, Hint::none, {}},

      // --- the commands' own options
      {"target", 0, Kind::value, "VERSION", "migrations up to this version only", {}, {}, {}, Group::command,
       Hint::version, {}},
      {"dry-run", 0, Kind::flag, {}, "print the SQL script that would run (psql runs it too); run nothing", {}, {},
       {}, Group::command, Hint::none, {}},
      {"offline", 0, Kind::flag, {}, "with --dry-run: no database; every migration is pending", {}, {}, {},
       Group::command, Hint::none, {}},
      {"from", 0, Kind::value, "VERSION", "migrations up to this version count as applied", {}, {}, {},
       Group::command, Hint::version, {}},  // and see command_variants()
      {"from-table", 0, Kind::value, "TABLE",
       "baseline --from: the tool's ledger table, [schema.]table, when not its default", {}, {}, {}, Group::command,
       Hint::none, {}},
      {"force", 0, Kind::value, "REASON",
       "baseline --from: record the matched migrations although the ledgers disagree (recorded in the history)", {},
       {}, {}, Group::command, Hint::none, {}},
      {"ignore-foreign-ledger", 0, Kind::flag, {},
       "run every migration although another tool's ledger says some were applied", {}, {}, {}, Group::command,
       Hint::none, {}},
      {"allow-out-of-order", 0, Kind::flag, {}, "apply pending migrations below the highest applied version too",
       {}, "PGAPPLY_ALLOW_OUT_OF_ORDER", "allow_out_of_order", Group::command, Hint::none, {}},
      {"allow-empty", 0, Kind::flag, {}, "apply pending migrations that have no statements (refused by default)",
       {}, "PGAPPLY_ALLOW_EMPTY", "allow_empty", Group::command, Hint::none, {}},
      {"no-verify", 0, Kind::flag, {}, "do not verify the schema after applying", {}, "PGAPPLY_NO_VERIFY",
       "no_verify", Group::command, Hint::none, {}},
      {"steps", 0, Kind::value, "K", "roll back this many migrations, newest first (default 1)", {}, {}, {},
       Group::command, Hint::none, {}},
      {"to", 0, Kind::value, "VERSION", "roll back every migration above this version (0: every one, a version 0 too)", {}, {}, {},
       Group::command, Hint::version, {}},
      {"exit-code", 0, Kind::flag, {}, "exit 4 when anything is pending, modified, missing or failed", {}, {}, {},
       Group::command, Hint::none, {}},
      {"version", 0, Kind::value, "VERSION", "only VERSION's events", {}, {}, {}, Group::command, Hint::version,
       {}},  // and see command_variants()
      {"limit", 0, Kind::value, "N", "only the newest N events", {}, {}, {}, Group::command, Hint::none, {}},
      {"detect", 0, Kind::flag, {}, "propose the leading migrations whose objects all exist already", {}, {}, {},
       Group::command, Hint::none, {}},
      {"yes", 0, Kind::flag, {}, "with --detect or --from: record what is proposed (--version records without it)", {}, {}, {}, Group::command, Hint::none, {}},
      {"accept-checksum", 0, Kind::value, "VERSION", "VERSION was edited on purpose: record its new checksum", {},
       {}, {}, Group::command, Hint::version, {}},
      {"mark-applied", 0, Kind::value, "VERSION", "record VERSION as applied without running it", {}, {}, {},
       Group::command, Hint::version, {}},
      {"mark-pending", 0, Kind::value, "VERSION", "remove VERSION from the ledger so that up runs it again", {}, {},
       {}, Group::command, Hint::version, {}},
      {"clear-failed", 0, Kind::value, "VERSION", "clear VERSION's failed non-transactional run (up runs it again), or its unfinished rollback (it stays applied)", {}, {}, {},
       Group::command, Hint::version, {}},
      {"reason", 0, Kind::value, "TEXT", "why (recorded in the ledger's history)", {}, {}, {}, Group::command,
       Hint::none, {}},
      {"timestamp", 0, Kind::flag, {},
       "version the file YYYYMMDDHHMMSS in UTC (automatic where the newest file has such a version)", {}, {}, {},
       Group::command, Hint::none, {}},
      {"down", 0, Kind::flag, {},
       "also create the rollback file (NNN_name.down.sql; U<version>__name.sql in a Flyway directory; "
       "golang-migrate's pair has one anyway, and a dbmate or goose file holds its own)", {}, {}, {},
       Group::command,
       Hint::none, {}},
      {"get", 0, Kind::value, "NAME", "print only this setting's value (e.g. dir)", {}, {}, {}, Group::command,
       Hint::none, {}},
  };
}

// The options a command reads its own way: the command's name, and the row
// as that command reads it (its value name, help, completion and choices).
struct CommandVariant {
  std::string_view command;
  OptionSpec option;
};

const std::vector<CommandVariant>& command_variants() {
  static const std::vector<CommandVariant> variants{
      {"up", {"from", 0, Kind::value, "VERSION", "with --dry-run --offline: migrations up to this version count as applied",
              {}, {}, {}, Group::command, Hint::version, {}}},
      {"check", {"offline", 0, Kind::flag, {}, "no database: every migration is pending, proved on an empty shadow",
                 {}, {}, {}, Group::command, Hint::none, {}}},
      {"down", {"allow-empty", 0, Kind::flag, {}, "run rollbacks that have no statements (refused by default)", {},
                {}, {}, Group::command, Hint::none, {}}},
      {"lint", {"from", 0, Kind::value, "VERSION", "lint only the files after this version", {}, {}, {},
                Group::command, Hint::version, {}}},
      {"baseline", {"from", 0, Kind::value, "TOOL", "the tool whose ledger to adopt", {}, {}, {}, Group::command,
                    Hint::choice, "flyway dbmate golang-migrate goose supabase sqitch"}},
      {"baseline", {"version", 0, Kind::value, "VERSION",
                    "record the pending migrations up to VERSION as applied, without running them", {}, {}, {},
                    Group::command, Hint::version, {}}},
  };
  return variants;
}

}  // namespace

const std::vector<OptionSpec>& option_table() {
  static const std::vector<OptionSpec> table = make_table();
  return table;
}

const OptionSpec* find_option(std::string_view name) {
  for (const auto& option : option_table()) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

OptionSpec option_for_command(const OptionSpec& option, std::string_view command) {
  for (const auto& variant : command_variants()) {
    if (variant.command != command || variant.option.name != option.name) continue;
    // Only how it reads and completes differs; how it is set stays the option's.
    OptionSpec read = option;
    read.value_name = variant.option.value_name;
    read.help = variant.option.help;
    read.hint = variant.option.hint;
    read.choices = variant.option.choices;
    return read;
  }
  return option;
}

bool read_differently_by_some_command(std::string_view option) {
  for (const auto& variant : command_variants()) {
    if (variant.option.name == option) return true;
  }
  return false;
}

bool carries_conninfo(const OptionSpec& option) { return option.name == "dbname" || option.name == "shadow"; }

std::string shown_value(const OptionSpec& option, const std::string& value) {
  if (carries_conninfo(option)) return pg::redact_password(value);
  if (option.kind != OptionKind::assignments) return value;
  const auto equals = value.find('=');
  if (equals == std::string::npos || !pg::looks_like_password_key(value.substr(0, equals))) return value;
  return value.substr(0, equals + 1) + "***";
}

std::string shown_argument(const std::string& word) {
  // --name=VALUE: the value, read as a connection string or an assignment
  std::size_t value_at = 0;
  if (word.rfind("--", 0) == 0) {
    const auto equals = word.find('=');
    value_at = equals == std::string::npos ? word.size() : equals + 1;
  } else if (word.size() > 2 && word[0] == '-') {
    // -dVALUE, -vNAME=VALUE: the value attached to a short option; and what
    // follows an '=' (-database=URL, a long option given one dash)
    std::string shown = word.substr(0, 2) + pg::redact_password(std::string_view(word).substr(2));
    const auto equals = shown.find('=');
    if (equals != std::string::npos) {
      shown = shown.substr(0, equals + 1) + pg::redact_password(std::string_view(shown).substr(equals + 1));
    }
    return shown;
  }
  return word.substr(0, value_at) + pg::redact_password(std::string_view(word).substr(value_at));
}

const OptionSpec* find_short_option(char short_name) {
  if (short_name == 0) return nullptr;
  for (const auto& option : option_table()) {
    if (option.short_name == short_name) return &option;
  }
  return nullptr;
}

std::string_view group_title(OptionGroup group) {
  switch (group) {
    case OptionGroup::command: return "options";
    case OptionGroup::migrations: return "migrations";
    case OptionGroup::session: return "how migrations run";
    case OptionGroup::connection: return "connection (also PG* environment variables and DATABASE_URL)";
    case OptionGroup::output: return "output";
    case OptionGroup::general: return "general";
  }
  return "options";
}

}  // namespace pgapply::cli
