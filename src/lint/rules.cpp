#include "lint/rules.hpp"

#include <algorithm>
#include <string>

#include "ddl/server_versions.hpp"

namespace pgapply::lint {

namespace {

constexpr Severity E = Severity::error;
constexpr Severity W = Severity::warning;

std::vector<RuleInfo> make_rules() {
  return {
      // Adding columns and constraints to a table that may be big and busy.
      {"adding-field-with-default", E, RuleDefault::on, 0, 0,
       "ADD COLUMN whose default rewrites the table",
       "takes ACCESS EXCLUSIVE on the table and rewrites every row while holding it: reads and writes wait for the "
       "whole rewrite (on PostgreSQL 11+ only a volatile default, a generated, identity or serial column does that; "
       "before 11 any default does)",
       "add the column without the default (on 11+ a constant default is fine), set the default for new rows, then "
       "backfill in batches; compute generated values in a trigger",
       "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();", true},
      {"adding-required-field", E, RuleDefault::on, 0, 0, "ADD COLUMN ... NOT NULL without a default",
       "fails as soon as the table has a row (the existing rows would be NULL), and application code that does not "
       "set the new column can no longer INSERT",
       "add the column nullable, or NOT NULL with a non-volatile DEFAULT (stored without a rewrite on PostgreSQL 11+)",
       "ALTER TABLE users ADD COLUMN plan text NOT NULL;"},
      {"adding-not-nullable-field", E, RuleDefault::on, 0, 0, "SET NOT NULL on an existing column (or PostgreSQL 18's ADD CONSTRAINT ... NOT NULL without NOT VALID)",
       "takes ACCESS EXCLUSIVE and scans the whole table for NULLs while holding it: reads and writes wait for the scan",
       "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT c in a later migration, then SET NOT "
       "NULL (PostgreSQL 12+ trusts the validated constraint and skips the scan)",
       "ALTER TABLE users ALTER COLUMN email SET NOT NULL;", true},
      {"adding-serial-primary-key-field", E, RuleDefault::on, 0, 0, "ADD PRIMARY KEY without an existing index",
       "takes ACCESS EXCLUSIVE and builds the unique index while holding it: reads and writes wait for the whole build",
       "CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ALTER TABLE ... ADD CONSTRAINT name PRIMARY "
       "KEY USING INDEX index_name",
       "ALTER TABLE accounts ADD PRIMARY KEY (id);", true},
      {"disallowed-unique-constraint", E, RuleDefault::on, 0, 0, "ADD UNIQUE without an existing index",
       "takes ACCESS EXCLUSIVE and builds the unique index while holding it: reads and writes wait for the whole build",
       "CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ALTER TABLE ... ADD CONSTRAINT name UNIQUE "
       "USING INDEX index_name",
       "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);", true},
      {"adding-foreign-key-constraint", E, RuleDefault::on, 0, 0, "ADD FOREIGN KEY without NOT VALID",
       "takes SHARE ROW EXCLUSIVE on both tables and checks every existing row while holding it: writes to both "
       "tables wait for the check",
       "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later migration (it checks the "
       "rows under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on)",
       "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);", true},
      {"constraint-missing-not-valid", E, RuleDefault::on, 0, 0,
       "ADD CHECK without NOT VALID, ADD EXCLUDE (which has no NOT VALID), or VALIDATE in the transaction that added it",
       "ADD CHECK takes ACCESS EXCLUSIVE and checks every row while holding it; a VALIDATE in the same transaction as "
       "its NOT VALID add keeps that ACCESS EXCLUSIVE lock for the whole check",
       "ADD CONSTRAINT ... CHECK (...) NOT VALID in one migration, VALIDATE CONSTRAINT in a later one",
       "ALTER TABLE accounts ADD CONSTRAINT positive_balance CHECK (balance >= 0);", true},
      {"changing-column-type", E, RuleDefault::on, 0, 0,
       "ALTER COLUMN ... TYPE, unless the old type is known, the change keeps the rows (varchar(n) to text) and no "
       "valid CHECK constraint still in place (the run's, or preflight's target's) names the column",
       "takes ACCESS EXCLUSIVE and, unless the new type is binary-coercible (varchar(n) to text or to a longer "
       "varchar), rewrites the table and rebuilds its indexes while holding it; clients reading the column may break",
       "add a column of the new type, keep it filled (trigger, then batched backfill), switch the application, then "
       "drop the old column",
       "ALTER TABLE events ALTER COLUMN id TYPE bigint;", true},
      {"rewriting-table", E, RuleDefault::on, 0, 0,
       "SET LOGGED, SET UNLOGGED, SET TABLESPACE (of a table, index or materialized view, or ALL IN "
       "TABLESPACE), SET ACCESS METHOD, and VACUUM FULL or CLUSTER before PostgreSQL 19, on a table the run did not "
       "create",
       "takes ACCESS EXCLUSIVE and writes the table anew, with its indexes (SET TABLESPACE copies the files of what "
       "it moves) while holding it: reads and writes wait for the whole rewrite, however long the table takes",
       "run it while the table is small or in a maintenance window, with SET lock_timeout first, and put a "
       "lint-ignore rewriting-table with the reason above it; for VACUUM FULL and CLUSTER, pg_repack rewrites "
       "without the long lock",
       "ALTER TABLE events SET LOGGED;", true},

      // Changes that break the application code already deployed.
      {"renaming-column", W, RuleDefault::on, 0, 0, "RENAME COLUMN",
       "application code still using the old name fails as soon as the rename commits (while a deploy rolls out, "
       "old and new code run side by side)",
       "keep the column's name (rename it in the application's mapping), or add a new column, write both, backfill, "
       "move readers over, then drop the old one",
       "ALTER TABLE users RENAME COLUMN name TO full_name;"},
      {"renaming-table", W, RuleDefault::on, 0, 0, "ALTER TABLE ... RENAME TO",
       "application code still using the old name fails as soon as the rename commits",
       "rename the table and CREATE VIEW old_name AS SELECT * FROM new_name in one transaction, deploy code that uses "
       "the new name, then drop the view",
       "ALTER TABLE user_stars RENAME TO user_favorites;"},
      {"ban-drop-column", W, RuleDefault::on, 0, 0, "DROP COLUMN",
       "application code that still reads or writes the column fails as soon as the drop commits",
       "stop using the column in every deployed version of the application first, then drop it in a later migration",
       "ALTER TABLE users DROP COLUMN legacy_flag;"},
      {"ban-drop-table", W, RuleDefault::on, 0, 0, "DROP TABLE",
       "application code that still uses the table fails, and its rows are gone (it also takes ACCESS EXCLUSIVE, "
       "waiting behind every query on the table)",
       "stop using the table in every deployed version first, and take a backup (pgapply up --backup DIR)",
       "DROP TABLE sessions;"},
      {"ban-drop-database", E, RuleDefault::on, 0, 0, "DROP DATABASE",
       "removes every table at once, and every client connected to the database fails",
       "do not drop databases from a migration: do it by hand, deliberately",
       "DROP DATABASE analytics;"},
      {"ban-drop-not-null", W, RuleDefault::on, 0, 0, "DROP NOT NULL",
       "code that relies on the column never being NULL (the application, PL/pgSQL, reports) may break on the first "
       "NULL",
       "keep the constraint and store a marker value instead, or move to a new column that allows NULL",
       "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;"},
      {"ban-truncate-cascade", E, RuleDefault::on, 0, 0, "TRUNCATE ... CASCADE",
       "CASCADE also empties every table with a foreign key to the truncated ones, and the tables referencing "
       "those, recursively",
       "name every table to empty in the TRUNCATE, without CASCADE",
       "TRUNCATE accounts CASCADE;"},

      // Column types that cost a rewrite later.
      {"ban-char-field", W, RuleDefault::on, 0, 0, "char(n) column",
       "char(n) pads values with spaces, compares them with surprises and is no faster than text in PostgreSQL",
       "use text (with CHECK (length(col) <= n) if a limit is needed) or varchar",
       "CREATE TABLE codes (code char(3));"},
      {"prefer-text-field", W, RuleDefault::on, 0, 0, "varchar(n) column",
       "changing the limit later is an ALTER COLUMN TYPE under ACCESS EXCLUSIVE (lowering it rewrites the table)",
       "use text with a CHECK (length(col) <= n) constraint, which can be replaced with NOT VALID and VALIDATE",
       "CREATE TABLE users (email varchar(255));"},
      {"prefer-bigint-over-int", W, RuleDefault::on, 0, 0, "integer column",
       "a 32-bit integer runs out at 2,147,483,647; widening it later rewrites the table under ACCESS EXCLUSIVE",
       "use bigint (bigint GENERATED BY DEFAULT AS IDENTITY for keys)",
       "CREATE TABLE events (id int PRIMARY KEY);"},
      {"prefer-bigint-over-smallint", W, RuleDefault::on, 0, 0, "smallint column",
       "a 16-bit integer runs out at 32,767; widening it later rewrites the table under ACCESS EXCLUSIVE",
       "use bigint",
       "CREATE TABLE flags (bits smallint);"},
      {"prefer-identity", W, RuleDefault::on, 100000, 0, "serial column",
       "a serial column's sequence is a separate object with its own owner and privileges that grants, dumps and "
       "copies of the table must handle",
       "use bigint GENERATED BY DEFAULT AS IDENTITY (or ALWAYS)",
       "CREATE TABLE users (id bigserial PRIMARY KEY);"},
      {"prefer-timestamptz", W, RuleDefault::on, 0, 0, "timestamp without time zone column",
       "timestamp without time zone drops the UTC offset of what is stored: two instants hours apart can be stored "
       "as the same value",
       "use timestamptz (timestamp with time zone)",
       "CREATE TABLE events (created_at timestamp);"},

      // Indexes and partitions without CONCURRENTLY, and CONCURRENTLY where it cannot run.
      {"require-concurrent-index-creation", E, RuleDefault::on, 0, 0, "CREATE INDEX without CONCURRENTLY",
       "takes SHARE on the table: INSERT, UPDATE and DELETE wait until the whole index is built",
       "CREATE INDEX CONCURRENTLY, in a migration of its own (pgapply runs that file outside a transaction); on a "
       "partitioned table, which refuses CONCURRENTLY: CREATE INDEX ... ON ONLY it, then each partition's index "
       "CONCURRENTLY, attached with ALTER INDEX ... ATTACH PARTITION",
       "CREATE INDEX users_email ON users (email);", true},
      {"require-concurrent-index-deletion", E, RuleDefault::on, 0, 0, "DROP INDEX without CONCURRENTLY",
       "takes ACCESS EXCLUSIVE on the index's table: reads and writes wait, and the drop itself waits behind every "
       "query running on the table",
       "DROP INDEX CONCURRENTLY, in a migration of its own (pgapply runs that file outside a transaction)",
       "DROP INDEX users_email;"},
      {"require-concurrent-reindex", E, RuleDefault::on, 120000, 0, "REINDEX without CONCURRENTLY",
       "takes SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index it rebuilds (reads that use it "
       "wait)",
       "REINDEX ... CONCURRENTLY (PostgreSQL 12+), in a migration of its own",
       "REINDEX INDEX users_email;", true},
      {"require-concurrent-partition-detach", E, RuleDefault::on, 140000, 0, "DETACH PARTITION without CONCURRENTLY",
       "takes ACCESS EXCLUSIVE on the partitioned table: reads and writes of every partition wait",
       "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+), in a migration of its own",
       "ALTER TABLE measurements DETACH PARTITION measurements_2020;"},
      {"ban-concurrent-index-creation-in-transaction", E, RuleDefault::on, 0, 0,
       "CONCURRENTLY (or another statement that cannot run in a transaction block) inside one",
       "CREATE INDEX CONCURRENTLY, the other CONCURRENTLY forms, VACUUM and CREATE DATABASE fail inside a "
       "transaction block, a DO block or a function: the migration stops there",
       "put the statement in a migration of its own, without BEGIN/COMMIT or -- pgapply: transaction (pgapply then "
       "runs the file statement by statement)",
       "BEGIN; CREATE INDEX CONCURRENTLY users_email ON users (email); COMMIT;"},

      // Transactions.
      {"transaction-nesting", E, RuleDefault::on, 0, 0, "BEGIN inside a transaction, or COMMIT/ROLLBACK outside one",
       "PostgreSQL has no nested transactions: a second BEGIN only warns and a COMMIT without a BEGIN has nothing to "
       "commit, so the file does not run the transactions it describes (pgapply runs it as one transaction, its "
       "BEGINs and COMMITs left out)",
       "one BEGIN ... COMMIT around the whole file, or none (pgapply then runs the file in a transaction of its own)",
       "BEGIN; BEGIN; CREATE TABLE t (id bigint); COMMIT;"},
      {"ban-uncommitted-transaction", E, RuleDefault::on, 0, 0, "BEGIN without COMMIT",
       "a transaction the file never commits: pgapply up refuses the file, and psql would roll its changes back at "
       "the end",
       "end the transaction with COMMIT, or drop the BEGIN and let pgapply run the file in its own transaction",
       "BEGIN; CREATE TABLE t (id bigint);"},
      {"transaction-not-recordable", E, RuleDefault::on, 0, 0, "a file pgapply up would refuse for its transactions",
       "pgapply up refuses, before anything runs, a file it cannot run as its author meant: a ROLLBACK or PREPARE "
       "TRANSACTION, a BEGIN never committed, or its own transaction (or a -- pgapply: transaction mark) around a "
       "statement that cannot run in one",
       "drop the ROLLBACK or PREPARE TRANSACTION, commit what the file begins, split the file, or mark it -- "
       "pgapply: no-transaction to run it statement by statement as written",
       "BEGIN; CREATE TABLE t (id bigint); ROLLBACK;"},
      {"empty-migration", E, RuleDefault::on, 0, 0, "a migration with no statements, which pgapply up refuses",
       "pgapply up refuses, before anything runs, a pending migration with nothing to run (exit 4) unless "
       "--allow-empty: applied empty and filled in later, it would show as a modified migration",
       "fill it in before it is applied, or delete it; to apply it empty on purpose, run pgapply up --allow-empty",
       "-- placeholder: filled in later"},
      {"require-lock-timeout", W, RuleDefault::off, 0, 0, "no lock_timeout before a statement that takes a lock",
       "a statement waiting for its lock behind a long transaction blocks every later query on the table; pgapply "
       "already sets lock_timeout (5s, --lock-timeout) for every migration, which is why this rule is off by default",
       "SET lock_timeout = '5s' before the first such statement, or run pgapply with --lock-timeout",
       "ALTER TABLE users ADD COLUMN note text;"},
      {"require-statement-timeout", W, RuleDefault::off, 0, 0,
       "no statement_timeout before a statement that takes a lock",
       "without a statement_timeout a slow statement holds its locks for as long as it runs; pgapply sets one only "
       "with --statement-timeout, and this rule is off by default",
       "SET statement_timeout = '...' at the top of the file, or run pgapply with --statement-timeout",
       "ALTER TABLE users ADD COLUMN note text;"},

      // Names, types and robustness.
      {"identifier-too-long", W, RuleDefault::on, 0, 0, "a name longer than 63 bytes",
       "PostgreSQL cuts names to 63 bytes with only a NOTICE: the object gets another name than the one written, and "
       "two long names can end up the same",
       "use a name of at most 63 bytes",
       "CREATE INDEX index_on_the_users_table_by_email_address_and_the_time_it_was_created ON users (email, "
       "created_at);"},
      {"require-enum-value-ordering", W, RuleDefault::on, 0, 0, "ALTER TYPE ... ADD VALUE without BEFORE or AFTER",
       "the value goes to the end of the enum's sort order, which changes comparisons such as status < 'approved' "
       "and ORDER BY status",
       "say where the value belongs: ADD VALUE 'x' BEFORE 'y' (or AFTER 'z')",
       "ALTER TYPE status ADD VALUE 'pending_review';"},
      {"ban-create-domain-with-constraint", W, RuleDefault::on, 0, 0, "CREATE DOMAIN with a constraint",
       "every later change to the domain's constraints re-checks every column of that domain in every table, and "
       "converting a column to a constrained domain rewrites its table",
       "use the base type and put the CHECK on the columns (those can be added NOT VALID and validated later)",
       "CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);"},
      {"ban-alter-domain-with-add-constraint", W, RuleDefault::on, 0, 0, "ALTER DOMAIN ... ADD CONSTRAINT",
       "checks every column of every table that uses the domain, blocking writes to those tables while it does",
       "put the CHECK on the columns themselves, added NOT VALID and validated in a later migration",
       "ALTER DOMAIN positive_int ADD CONSTRAINT nonzero CHECK (VALUE <> 0);"},
      {"ban-duplicate-column-assignments", E, RuleDefault::on, 0, 0, "a column named twice",
       "a column named twice in a CREATE TABLE, a view's column list, an INSERT column list or an UPDATE's SET is an "
       "error: the migration fails there",
       "name each column once",
       "UPDATE users SET plan = 'free', plan = 'pro';"},
      {"prefer-repack", E, RuleDefault::on, 190000, 0, "VACUUM FULL or CLUSTER",
       "both take ACCESS EXCLUSIVE and rewrite the table: reads and writes wait for the whole rewrite",
       "REPACK (CONCURRENTLY) table (PostgreSQL 19+)",
       "VACUUM FULL events;", true},
      {"require-table-schema", W, RuleDefault::opt_in, 0, 0, "a table name without its schema",
       "an unqualified name is looked up through search_path, so the same migration can act on another schema's "
       "table depending on the session",
       "qualify the table: public.users",
       "CREATE TABLE users (id bigint);"},
      {"prefer-robust-stmts", W, RuleDefault::opt_in, 0, 0,
       "a statement without IF [NOT] EXISTS where a failed run is not rolled back",
       "in a file that runs outside a transaction, a failure leaves the statements before it applied, and running "
       "the file again fails on them unless each is idempotent",
       "use IF NOT EXISTS / IF EXISTS (DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT), or keep the file in one "
       "transaction",
       "CREATE INDEX CONCURRENTLY users_email ON users (email);"},

      {dynamic_sql_rule, W, RuleDefault::on, 0, 0, "EXECUTE of SQL built at run time, which lint cannot check",
       "lint checks an EXECUTE of a constant string like any statement, but not SQL made when the block runs "
       "(format(), variables, concatenation with them): that SQL may take any lock or rewrite any table unseen",
       "write the statement in the body itself, or EXECUTE a constant string; else review the SQL it makes and put "
       "a lint-ignore with the reason above the EXECUTE",
       "DO $$ BEGIN EXECUTE format('ALTER TABLE %I DROP COLUMN email', 'accounts'); END $$;"},

      // What pgapply sees across the migrations of one run.
      {"uses-renamed-column", E, RuleDefault::on, 0, 0, "a column used by the name an earlier migration renamed",
       "an earlier statement of this run renamed the column, so this one fails with \"column does not exist\"",
       "use the column's new name",
       "ALTER TABLE users RENAME COLUMN name TO full_name; CREATE INDEX CONCURRENTLY ON users (name);"},
      {"uses-renamed-table", E, RuleDefault::on, 0, 0, "a table used by the name an earlier migration renamed",
       "an earlier statement of this run renamed the table, so this one fails with \"relation does not exist\"",
       "use the table's new name",
       "ALTER TABLE users RENAME TO accounts; ALTER TABLE users ADD COLUMN note text;"},

      // pgapply's checks of the files themselves.
      {invalid_file_rule, E, RuleDefault::always, 0, 0, "a file pgapply cannot run",
       "pgapply up stops before applying anything when a file cannot be read, split or interpreted (an unknown "
       "meta-command, an undefined variable, an unterminated quote...); down, when its down section cannot",
       "fix the file at the place named", "\\c otherdb"},
      {invalid_ignore_rule, E, RuleDefault::always, 0, 0, "a lint-ignore comment without a reason or a known rule",
       "a lint-ignore must name the rules it silences and say why they do not apply here, so that reviewers can "
       "judge it",
       "-- pgapply: lint-ignore RULE[,RULE...] REASON, on the line before the statement",
       "-- pgapply: lint-ignore require-concurrent-index-creation"},
      {unused_ignore_rule, W, RuleDefault::on, 0, 0, "a lint-ignore comment that silences nothing",
       "the statement it was written for changed or moved; a stale lint-ignore would silence a future finding "
       "nobody reviewed",
       "remove the comment, or move it to the line before the statement it is about",
       "-- pgapply: lint-ignore ban-drop-table the table is empty (above a statement that drops nothing)"},
  };
}

}  // namespace

std::string_view to_string(Severity severity) { return severity == Severity::error ? "error" : "warning"; }

const std::vector<RuleInfo>& all_rules() {
  static const std::vector<RuleInfo> rules = make_rules();
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  const auto& rules = all_rules();
  const auto found = std::find_if(rules.begin(), rules.end(), [id](const RuleInfo& rule) { return rule.id == id; });
  return found == rules.end() ? nullptr : &*found;
}

const std::vector<RuleAlias>& rule_aliases() {
  // squawk 2.x reads prefer-timestamp-tz as prefer-timestamptz, and
  // require-timeout-settings (deprecated) as both timeout rules.
  static const std::vector<RuleAlias> aliases{
      {"prefer-timestamp-tz", {"prefer-timestamptz"}},
      {"require-timeout-settings", {"require-lock-timeout", "require-statement-timeout"}},
      {"unused-ignore", {unused_ignore_rule}},
  };
  return aliases;
}

std::vector<std::string_view> rules_named(std::string_view id) {
  if (const RuleInfo* rule = find_rule(id)) return {rule->id};
  for (const auto& alias : rule_aliases()) {
    if (alias.alias == id) return alias.rules;
  }
  return {};
}

bool applies_to(const RuleInfo& rule, int version) {
  return (rule.min_version == 0 || version >= rule.min_version) &&
         (rule.max_version == 0 || version < rule.max_version);
}

std::string versions_text(const RuleInfo& rule) {
  if (rule.min_version == 0 && rule.max_version == 0) return "all";
  if (rule.max_version == 0) return ddl::version_string(rule.min_version) + "+";
  if (rule.min_version == 0) return "before " + ddl::version_string(rule.max_version);
  return ddl::version_string(rule.min_version) + " to " + ddl::version_string(rule.max_version);
}

}  // namespace pgapply::lint
