#include "cli/command_table.hpp"

#include <algorithm>
#include <string>

namespace pgapply::cli {

namespace {

using Names = std::vector<std::string_view>;

Names operator+(Names left, const Names& right) {
  left.insert(left.end(), right.begin(), right.end());
  return left;
}

const Names migrations = {"dir", "ledger", "ledger-format", "set", "allow-undefined-variables"};
const Names connection = {"dbname", "host", "port", "username", "password", "env-file", "no-env-file",
                          "connect-retries"};
const Names general = {"color", "help"};
const Names reporting = Names{"format"} + general;

// Every configurable option but the connection's and output's (config lists
// those with their groups): a row given an env or toml column shows in
// `pgapply config` without further change.
Names configurable_options() {
  Names names;
  for (const auto& option : option_table()) {
    if (option.configurable() && option.group != OptionGroup::connection && option.group != OptionGroup::output) {
      names.push_back(option.name);
    }
  }
  return names;
}

std::vector<CommandSpec> make_table() {
  return {
      {"up", "apply pending migrations, then verify", "[OPTIONS]",
       "Applies the pending migrations in version order under the migration lock, each file with its ledger row "
       "in one transaction (or statement by statement, recorded as it goes, for a file that cannot run in a "
       "transaction), then verifies that the declared objects exist as declared. Every file is read, split and "
       "checked before anything runs. --dry-run prints the SQL script up would run instead.",
       Names{"target", "dry-run", "offline", "from", "allow-out-of-order", "allow-empty", "no-verify", "lock-wait",
             "lock-timeout", "statement-timeout", "retries", "backup", "shadow", "no-shadow",
             "ignore-foreign-ledger"} +
           migrations + connection + reporting},
      {"status", "every migration and its state", "[OPTIONS]",
       "Lists every migration, from the files and the ledger, with its state: applied, pending, modified (the "
       "file changed since it was applied), missing (applied, file gone) or failed. Reads the ledger without "
       "creating it or taking the lock.",
       Names{"exit-code"} + migrations + connection + reporting},
      {"preflight", "what the pending migrations would do here", "[OPTIONS]",
       "Read-only: for each pending migration, every object it declares with its state in the database (absent, "
       "present and matching, present but different, a missing dependency), the tables it locks with their "
       "size, the privileges it lacks, its lint findings, other sessions in the way, whether the role can "
       "read, write or create the ledger, and a verdict. On a shadow database (--shadow, or a throwaway local "
       "cluster) with a copy of the schema, no data, the pending migrations run first: one that fails there "
       "will fail, with the server's own error, and one that applies lists the objects it changes. What fails "
       "on the rows, which the copy lacks (SET NOT NULL over NULLs, a UNIQUE over duplicates, a CHECK or foreign "
       "key that rows break, a type they do not convert to), the database is asked: one read-only query each, "
       "bounded in time and locks. Exits 4 "
       "where something will fail, or will block a large table (a lint error whose lock lasts as long as the "
       "table is rewritten, scanned or indexed).",
       Names{"target", "allow-out-of-order", "allow-empty", "idempotency", "shadow", "no-shadow", "enable", "disable",
             "severity"} +
           migrations + connection + reporting},
      {"verify", "is the schema what the applied migrations make?", "[OPTIONS]",
       "Replays the applied migrations, in version order, on a shadow database (--shadow, or else a throwaway "
       "local cluster from the installed PostgreSQL) and compares the database with it object by object: what "
       "is missing, different, or extra (drift: in the database, made by no migration), each with the file and "
       "line of the migration that last made or changed it. Exits 4 when anything differs (a difference a DO "
       "block decided from table rows is listed as uncertain), and when a shadow could not replay the "
       "migrations: the static model then stands in, and it cannot see drift. --no-shadow checks with the "
       "static model only: every object the migrations declare exists as declared (types, defaults, "
       "nullability, valid indexes, policies) and dropped objects are gone.",
       Names{"shadow", "no-shadow", "shadow-init"} + migrations + connection + reporting},
      {"diff", "the drift between the schema and what its migrations make", "[OPTIONS]",
       "Replays the applied migrations on the shadow and compares the two catalogs both ways: what the "
       "migrations make that the database lacks or has differently, and what the database has that no "
       "migration made (drift). Exits 4 when they differ.",
       Names{"shadow", "no-shadow", "shadow-init"} + migrations + connection + reporting},
      {"check", "prove pending migrations safe to run twice and reversible", "[OPTIONS]",
       "On the shadow (a copy of the target's schema, or an empty database with --offline): applies each pending "
       "migration twice (the second run must succeed and change nothing) and, where it has a rollback, up, down, "
       "up (the catalog must end where up left it). Exits 4 when a migration or a proof fails, and, as up does, "
       "for a migration with no statements unless --allow-empty.",
       Names{"idempotency", "rollback", "offline", "target", "allow-out-of-order", "allow-empty", "shadow",
             "shadow-init"} +
           migrations + connection +
           reporting},
      {"baseline", "adopt a database built without pgapply",
       "--version VERSION | --detect | --from TOOL [OPTIONS]",
       "--version records the pending migrations up to VERSION as applied without running them. --detect "
       "proposes the leading migrations whose declared objects all exist already; --yes records the proposal. "
       "--from reads another tool's ledger (flyway, dbmate, golang-migrate, goose, supabase, sqitch), matches its "
       "rows to the files and reports what matched, rows without a file, files without a row, failed or dirty "
       "rows and checksum disagreements; --yes records the matched migrations (method baseline, with the tool's "
       "applied_at and applied_by), and only when nothing disagrees unless --force gives a reason. Exits 4 when "
       "they disagree.",
       Names{"version", "detect", "from", "from-table", "force", "yes", "lock-wait", "shadow", "no-shadow"} +
           migrations + connection + reporting},
      {"exec", "run SQL files once, psql-style, without the ledger", "[OPTIONS] FILE... | -f FILE... | -c SQL...",
       "Runs each FILE (- for standard input; or -f FILE), or each -c SQL, in one session, as psql -v "
       "ON_ERROR_STOP=1 -1 -f would: in a transaction (its own BEGIN and "
       "COMMIT left out), or statement by statement as written when it has statements after a COMMIT, rolls back "
       "its own transaction or holds a statement that cannot run in one (CREATE INDEX CONCURRENTLY). Variables a "
       "file \\sets carry to the next. pgapply's error reports; nothing is recorded; query results are not printed.",
       Names{"command", "file", "set", "allow-undefined-variables"} + connection + general, "FILE", 0, any_number},
      {"down", "roll back with NNN_name.down.sql files", "[--steps K | --to VERSION] [OPTIONS]",
       "Rolls back the newest applied migrations (one by default) by running their NNN_name.down.sql files, "
       "each in a transaction with the removal of its ledger row. --dry-run prints the SQL instead. A rollback "
       "with no statements is refused unless --allow-empty.",
       Names{"steps", "to", "dry-run", "allow-empty", "lock-wait", "lock-timeout", "statement-timeout", "backup"} +
           migrations + connection + reporting},
      {"repair", "fix the ledger after an intentional change",
       "ACTION VERSION --reason TEXT [OPTIONS]",
       "Changes one ledger row, under the migration lock, and records why in the ledger's history. ACTION is "
       "one of --accept-checksum (the file was edited on purpose), --mark-applied, --mark-pending or "
       "--clear-failed.",
       Names{"accept-checksum", "mark-applied", "mark-pending", "clear-failed", "reason", "lock-wait"} + migrations +
           connection + reporting},
      {"new", "create the next-numbered migration file", "[OPTIONS] NAME...",
       "Creates the next migration in the format of the newest file in DIR (pgapply's NNN_name.sql in an "
       "empty one; golang-migrate's .up.sql and .down.sql pair, Flyway's V<next>__name.sql, a dbmate or goose "
       "file with its sections), its version the highest plus one (as wide as the existing ones) and its name "
       "the words of NAME joined by underscores. --format json: {\"format_version\", \"command\": \"new\", "
       "\"files\": [the paths created]}.",
       Names{"dir", "down", "timestamp", "ledger-format"} + reporting, "NAME", 1, any_number},
      {"split", "show how files split into statements", "[OPTIONS] FILE...",
       "Prints the statements, meta-commands and COPY data of each FILE with their line, column and byte "
       "offsets, as pgapply sends them (json: one document with a list of files; count: the number of "
       "statements per file).",
       reporting, "FILE", 1, any_number, "text json count"},
      {"config", "the effective settings and where each came from", "[OPTIONS]",
       "Prints every setting that the environment (PGAPPLY_*) or the project file (pgapply.toml in the working "
       "directory) can give, with its value and where it came from: the command line, the environment, the "
       "project file (with the line) or the default; and the database pgapply would connect to, password "
       "redacted. Precedence: command line, then environment, then project file, then default.",
       Names{"get"} + configurable_options() + connection + reporting},
      {"lint", "offline safety lint of migration files", "[OPTIONS] [FILE|DIR...]",
       "Finds what hurts in production in the pending migrations, before any database is involved: locks that "
       "block readers and writers, table rewrites, validation scans, risky types, renames and drops, also inside "
       "DO blocks and function bodies. The files of --changed-since, --from or FILE arguments are one run of "
       "pending migrations (a table created by an earlier one is new and empty); a whole directory's migrations "
       "each run on their own. No connection. Exits 4 with errors (or more than --max-warnings warnings).",
       Names{"changed-since", "from", "pg-version", "enable", "disable", "severity", "max-warnings", "list-rules",
             "dir", "set", "allow-undefined-variables"} +
           reporting,
       "FILE|DIR", 0, any_number, "text json sarif github"},
      {"history", "what pgapply did to the ledger, newest first", "[OPTIONS]",
       "Lists the ledger's history: every apply, failure (in a transaction or not), interruption, rollback, "
       "baseline and repair, with who, when, from which machine and why.",
       Names{"limit", "version"} + migrations + connection + reporting},
      {"help", "help for a command", "[OPTIONS] [COMMAND]",
       "Prints the help of COMMAND, or the list of commands.", general, "COMMAND", 0, 1},
      {"version", "print pgapply's version", "[OPTIONS]",
       "Prints the version (as --version and -V do); --format json: {\"format_version\", \"command\": \"version\", "
       "\"pgapply_version\"}.",
       reporting},
  };
}

}  // namespace

bool CommandSpec::takes(std::string_view option) const {
  return std::find(options.begin(), options.end(), option) != options.end();
}

std::string CommandSpec::usage() const {
  return "pgapply " + std::string(name) + " " + std::string(synopsis);
}

const std::vector<CommandSpec>& command_table() {
  static const std::vector<CommandSpec> table = make_table();
  return table;
}

const CommandSpec* find_command(std::string_view name) {
  for (const auto& command : command_table()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

const std::vector<ExitStatusRow>& exit_status_table() {
  static const std::vector<ExitStatusRow> table = {
      {0, "ok", "success"},
      {1, "usage or input error", "usage or input error: bad arguments or settings, a --dir that holds no migration, "
          "unreadable or unsplittable files, duplicate "
          "versions, unknown meta-commands, undefined variables, a missing down file, a shadow cluster that cannot be made"},
      {2, "cannot connect", "cannot connect to the database (or the --shadow database)"},
      {3, "SQL error", "a SQL statement failed (its file was rolled back, later files did not run)"},
      {4, "check failed", "a check failed: a modified, out-of-order or failed migration (nothing ran), status --exit-code with "
          "anything not applied, preflight, verify or diff found a problem, a proof of check failed, lint errors (or "
          "more warnings than --max-warnings), a repair that does not fit the ledger, a role "
          "without the ledger privileges it needs, a --ledger table that is not a pgapply ledger, up with an empty "
          "ledger beside another ledger, a baseline --from that disagrees with the other tool's ledger"},
      {5, "lock not acquired", "the migration lock was not acquired within --lock-wait"},
      {6, "backup failed", "the --backup before a change failed (nothing was changed)"},
      {7, "connection lost", "the connection to the server (or the migration lock's) was lost during a run (the file "
          "running was rolled back, or, outside a transaction, the ledger says how far it got)"},
      {70, "bug in pgapply", "a bug in pgapply (please report it)"},
      {130, "interrupted", "Ctrl-C (SIGINT) stopped the run: the statement running was cancelled and its file rolled "
          "back; 143 for SIGTERM, 129 for SIGHUP. A second Ctrl-C within 3 s lets that stop finish; one later "
          "exits at once"},
  };
  return table;
}

}  // namespace pgapply::cli
