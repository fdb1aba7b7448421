// Every pgapply command a message suggests runs as printed: each test makes
// the situation with a non-default --dir, --ledger and -d (PGDATABASE and
// DATABASE_URL unset, so the hint fails unless it carries them), reads the
// command out of the message, runs it word for word (a '...' placeholder
// replaced by a reason), and checks the ledger and database end consistent.
#include <doctest/doctest.h>

#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// The options of the runs that print the hints.
std::vector<std::string> run_options(const MigrationProject& project) {
  return {"--dir", "db/mig", "--ledger", "ops.hist", "-d", project.database().name()};
}

ProcessOptions without_default_database() {
  ProcessOptions options;
  options.unset_env = {"PGDATABASE", "DATABASE_URL"};
  return options;
}

// pgapply ARGS with the hint-printing run's options.
ProcessResult run(const MigrationProject& project, std::vector<std::string> args) {
  const auto options = run_options(project);
  args.insert(args.end(), options.begin(), options.end());
  return project.pgapply(args, without_default_database());
}

// pgapply WORDS exactly as a hint printed them (no options added).
ProcessResult run_as_printed(const MigrationProject& project, const std::vector<std::string>& words) {
  return project.pgapply(words, without_default_database());
}

// The words after "pgapply" of the command printed after `lead` in `text`
// (or starting with `lead` when it starts with "pgapply "),
// split as a POSIX shell would (single quotes; the hints use no others). The
// command ends at a newline, or at ", ", ";", "(" or ")" outside quotes.
std::vector<std::string> hinted(const std::string& text, const std::string& lead) {
  const auto at = text.find(lead);
  REQUIRE_MESSAGE(at != std::string::npos, "no '" << lead << "' in: " << text);
  const auto start = lead.starts_with("pgapply ") ? at : text.find("pgapply ", at + lead.size());
  REQUIRE(start != std::string::npos);
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  bool quoted = false;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '\'') {
        quoted = false;
      } else {
        word += c;
      }
      continue;
    }
    if (c == '\n' || c == ';' || c == '(' || c == ')' || (c == ',' && i + 1 < text.size() && text[i + 1] == ' ')) break;
    if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      quoted = true;
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  REQUIRE(!words.empty());
  CHECK(words.front() == "pgapply");
  words.erase(words.begin());
  return words;
}

// The words with the '...' placeholder (there must be one) replaced by `reason`.
std::vector<std::string> with_reason(std::vector<std::string> words, const std::string& reason) {
  bool replaced = false;
  for (auto& word : words) {
    if (word == "...") {
      word = reason;
      replaced = true;
    }
  }
  CHECK(replaced);
  return words;
}

// The command printed after `lead` in `text` (to the end of its line, or to
// the " (" of a note after it), the '...' placeholder replaced by `reason`, run by
// sh as printed (pgapply being the binary under test) with `env` set: for a
// hint that names shell variables ("pw=$PW").
ProcessResult run_in_shell(const MigrationProject& project, const std::string& text, const std::string& lead,
                           const std::map<std::string, std::string>& env, const std::string& reason = "") {
  const auto at = text.find(lead);
  REQUIRE_MESSAGE(at != std::string::npos, "no '" << lead << "' in: " << text);
  const auto start = text.find("pgapply ", at + lead.size());
  REQUIRE(start != std::string::npos);
  std::string command = text.substr(start, std::min(text.find('\n', start), text.find(" (", start)) - start);
  if (const auto placeholder = command.find("'...'"); placeholder != std::string::npos) {
    command.replace(placeholder, 5, "'" + reason + "'");
  }
  ProcessOptions options = without_default_database();
  options.cwd = project.path();
  options.env = env;
  for (const auto& [name, value] : project.database().env()) {
    if (name != "PGDATABASE" && name != "DATABASE_URL") options.env.emplace(name, value);
  }
  options.env["PGAPPLY_UNDER_TEST"] = PGAPPLY_BINARY;
  return run_process({"sh", "-c", "pgapply() { \"$PGAPPLY_UNDER_TEST\" \"$@\"; }\n" + command}, options);
}

std::string states(const MigrationProject& project) {
  return project.query("select version || ':' || state from ops.hist order by version::numeric");
}

}  // namespace

TEST_CASE("a failed file outside a transaction: the clear-failed and mark-applied hints run as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_gate.sql", "create table gate (id int);\n");
  project.write_file("db/mig/002_steps.sql",
                     "-- pgapply: no-transaction\ncreate table if not exists a (id int);\n"
                     "select 1 / (select count(*) from gate);\n");
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 3);
  result = run(project, {"up", "--no-verify"});
  REQUIRE(result.status == 4);
  CHECK(contains(result.err, "002_steps.sql failed at statement 2 of 2"));
  const auto clear = hinted(result.err, "then run it again with: ");
  const auto mark = hinted(result.err, "once you have finished it by hand: ");
  CHECK(contains(result.err, "; '...' is your reason)"));

  project.execute("insert into gate values (1)");
  result = run_as_printed(project, with_reason(clear, "the gate is open now"));
  CHECK(result.status == 0);
  CHECK(states(project) == "1:applied\n2:failed");  // cleared: kept, to run again
  CHECK(run(project, {"up", "--no-verify"}).status == 0);
  CHECK(states(project) == "1:applied\n2:applied");

  // The other hint, on a second failure: recorded as applied without running.
  project.execute("delete from gate");
  project.write_file("db/mig/003_steps.sql",
                     "-- pgapply: no-transaction\ncreate table if not exists b (id int);\n"
                     "select 1 / (select count(*) from gate);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 3);
  result = run(project, {"up", "--no-verify"});
  REQUIRE(result.status == 4);
  const auto mark3 = hinted(result.err, "once you have finished it by hand: ");
  CHECK(mark3.at(0) == "repair");
  CHECK(mark3.at(1) == "--mark-applied");
  result = run_as_printed(project, with_reason(mark3, "finished by hand"));
  CHECK(result.status == 0);
  CHECK(states(project) == "1:applied\n2:applied\n3:applied");
  CHECK(run(project, {"status", "--exit-code"}).status == 0);
  CHECK(mark.at(1) == "--mark-applied");
}

TEST_CASE("a failed repeatable migration: its hints name it r:DESCRIPTION, and repair and history take that") {
  MigrationProject project;
  project.write_file("db/mig/001_gate.sql", "create table gate (id int);\n");
  project.write_file("db/mig/R__views.sql",
                     "-- pgapply: no-transaction\ncreate or replace view v as select 1 as one;\n"
                     "select 1 / (select count(*) from gate);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 3);
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 4);
  const auto clear = hinted(result.err, "then run it again with: ");
  CHECK(clear.at(2) == "r:views");
  project.execute("insert into gate values (1)");
  result = run_as_printed(project, with_reason(clear, "the gate is open now"));
  CHECK(result.status == 0);
  result = run(project, {"up", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(contains(result.out + result.err,
                 "Running R__views.sql again: it failed last time, and repair --clear-failed cleared that"));
  CHECK(project.query("select state from ops.hist where version = 'r:views'") == "applied");
  result = run(project, {"history", "--version", "r:views"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "repair:clear-failed"));
  // --limit: the newest, of how many of that migration's
  const std::string events = project.query("select count(*) from ops.hist_history where version = 'r:views'");
  result = run(project, {"history", "--version", "r:views", "--limit", "1"});
  CHECK(contains(result.out, "\nThe newest 1 of " + events + " events (--limit).\n"));
  // A key that is neither: the message says what is taken.
  result = run(project, {"history", "--version", "views"});
  CHECK(result.status == 1);
  CHECK(contains(result.err, "--version expects a migration version (digits), or r:DESCRIPTION"));
}

TEST_CASE("an interrupted file: repair --clear-failed N --reason interrupted, then up, both as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_steps.sql",
                     "-- pgapply: no-transaction\ncreate table if not exists a (id int);\nselect 1 / 0;\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 3);
  // What a signal leaves (run_guarantees_test makes it with a real SIGTERM).
  project.execute("update ops.hist set error = 'interrupted by SIGTERM at db/mig/001_steps.sql:3:1'");
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.err);
  REQUIRE(result.status == 4);
  CHECK(contains(result.err, "Nothing is wrong with the file itself"));
  const auto clear = hinted(result.err, "run it again with: ");
  const auto up = hinted(result.err, " --reason interrupted");  // the next command: ", then pgapply up ..."
  const auto mark = hinted(result.err, "once you have finished it by hand: ");
  CHECK(clear == std::vector<std::string>{"repair", "--clear-failed", "1", "--reason", "interrupted", "--dir", "db/mig",
                                          "--ledger", "ops.hist", "-d", project.database().name()});
  // up again as this run was: --no-verify kept
  CHECK(up == std::vector<std::string>{"up", "--dir", "db/mig", "--ledger", "ops.hist", "-d",
                                       project.database().name(), "--no-verify"});
  CHECK(mark.at(1) == "--mark-applied");

  project.write_file("db/mig/001_steps.sql",
                     "-- pgapply: no-transaction\ncreate table if not exists a (id int);\nselect 1;\n");
  CHECK(run_as_printed(project, clear).status == 0);
  result = run_as_printed(project, up);
  CHECK(result.status == 0);
  CHECK(states(project) == "1:applied");
}

TEST_CASE("a file outside a transaction that hit a lock timeout: repair --clear-failed N, then up, both as printed") {
  MigrationProject project;
  project.execute("create table busy (id int)");
  project.write_file("db/mig/001_index.sql", "create index concurrently if not exists busy_id on busy (id);\n");
  auto blocker = project.database().connect();
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
  const auto timed_out = run(project, {"up", "--no-verify", "--lock-timeout", "200ms"});
  blocker.exec("ROLLBACK");
  REQUIRE(timed_out.status == 3);
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.err);
  REQUIRE(result.status == 4);
  CHECK(contains(result.err, "canceling statement due to lock timeout (SQLSTATE 55P03)"));
  // Not the file's fault: no "Fix the file".
  CHECK(contains(result.err, "Nothing is wrong with the file itself (another session held a lock it needed: a lock "
                             "timeout): if its statements can run again"));
  CHECK_FALSE(contains(result.err, "Fix the file"));
  const auto clear = hinted(result.err, "run it again with: ");
  CHECK(clear == std::vector<std::string>{"repair", "--clear-failed", "1", "--reason", "lock timeout", "--dir",
                                          "db/mig", "--ledger", "ops.hist", "-d", project.database().name()});
  const auto up = hinted(result.err, ", then ");
  CHECK(up.at(0) == "up");
  CHECK(run_as_printed(project, clear).status == 0);
  result = run_as_printed(project, up);
  CHECK(result.status == 0);
  CHECK(states(project) == "1:applied");
  CHECK(project.query("select count(*) from pg_indexes where indexname = 'busy_id'") == "1");
}

// A reviewer's find: a file's own SET lock_timeout ran out, and the hint
// offered a longer --lock-timeout, which cannot help, and named no session.
TEST_CASE("a lock timeout the file set itself: the note names its SET, and the session it waited for") {
  MigrationProject project;
  project.execute("create table busy (id int)");
  project.write_file("db/mig/001_alter.sql", "SET lock_timeout = '300ms';\nalter table busy add column y int;\n");
  auto blocker = project.database().connect();
  blocker.exec("BEGIN");
  blocker.exec("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
  blocker.exec("SELECT pg_sleep(0.5)");  // its transaction older than the file's limit
  const auto result = run(project, {"up", "--no-verify", "--lock-timeout", "30s", "--retries", "0"});
  blocker.exec("ROLLBACK");
  INFO(result.err);
  CHECK(result.status == 3);
  CHECK(contains(result.err, "the file set its own lock_timeout (300ms, at db/mig/001_alter.sql:1), which ran out: "
                             "pgapply's --lock-timeout does not apply after it"));
  CHECK_FALSE(contains(result.err, "a longer one (--lock-timeout"));
  CHECK(contains(result.err, "it waited for: pid "));
}

TEST_CASE("a modified file, and a renamed one: the accept-checksum hints run as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_a.sql", "create table a (id int);\n");
  project.write_file("db/mig/002_b.sql", "create table b (id int);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 0);
  project.write_file("db/mig/001_a.sql", "-- a comment\ncreate table a (id int);\n");
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.err);
  REQUIRE(result.status == 4);
  const auto accept = hinted(result.err, "accept the edit with ");
  CHECK(contains(result.err, "('...' is your reason)"));
  CHECK(run_as_printed(project, with_reason(accept, "a comment only")).status == 0);
  CHECK(run(project, {"up", "--no-verify"}).status == 0);

  project.remove("../db/mig/002_b.sql");
  project.write_file("db/mig/002_bees.sql", "create table b (id int); -- renamed\n");
  result = run(project, {"up", "--no-verify"});
  REQUIRE(result.status == 4);
  CHECK(contains(result.err, "is this the right --dir for this database?"));
  const auto renamed = hinted(result.err, "changed on purpose, record it with ");
  CHECK(run_as_printed(project, with_reason(renamed, "renamed")).status == 0);
  result = run(project, {"up", "--no-verify"});
  CHECK(result.status == 0);
  CHECK(contains(result.out, "up to date"));
  CHECK(states(project) == "1:applied\n2:applied");
}

TEST_CASE("an out-of-order file and an empty file: up --allow-out-of-order and up --allow-empty run as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_a.sql", "create table a (id int);\n");
  project.write_file("db/mig/003_c.sql", "create table c (id int);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 0);
  project.write_file("db/mig/002_b.sql", "create table b (id int);\n");
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.err);
  REQUIRE(result.status == 4);
  const auto out_of_order = hinted(result.err, "(renumber it, or run ");
  CHECK(run_as_printed(project, out_of_order).status == 0);
  CHECK(states(project) == "1:applied\n2:applied\n3:applied");

  project.write_file("db/mig/004_later.sql", "-- to be written\n");
  result = run(project, {"up", "--no-verify"});
  REQUIRE(result.status == 4);
  const auto empty = hinted(result.err, "has no statements: ");
  CHECK(empty.at(1) == "--allow-empty");
  CHECK(run_as_printed(project, empty).status == 0);
  CHECK(states(project) == "1:applied\n2:applied\n3:applied\n4:applied");
}

TEST_CASE("-v values named as secrets: hints name shell variables instead, in text and JSON, and run as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_a.sql", "create table a (pw text default :'pw');\n");
  const auto with_secrets = [](std::vector<std::string> args) {
    for (const char* option : {"-v", "pw=Sup3rS3cret", "-v", "db_password=Sup3rS3cret"}) args.emplace_back(option);
    return args;
  };
  REQUIRE(run(project, with_secrets({"up", "--no-verify"})).status == 0);
  project.write_file("db/mig/001_a.sql", "-- edited\ncreate table a (pw text default :'pw');\n");
  auto result = run(project, with_secrets({"up", "--no-verify", "--format", "json"}));
  CHECK(result.status == 4);
  CHECK(contains(result.out, "-v \\\"pw=$PW\\\""));
  CHECK(!contains(result.out + result.err, "Sup3rS3cret"));
  result = run(project, with_secrets({"up", "--no-verify"}));
  INFO(result.err);
  REQUIRE(result.status == 4);
  CHECK(!contains(result.out + result.err, "Sup3rS3cret"));
  CHECK(contains(result.err, " -v \"pw=$PW\" -v \"db_password=$DB_PASSWORD\" -d "));
  CHECK(contains(result.err, "  (with PW and DB_PASSWORD set to your -v pw and -v db_password, whose values are not "
                             "repeated here)"));
  // repair loads the files, whose :'pw' it needs: the hint runs with PW set.
  const std::map<std::string, std::string> secrets = {{"PW", "Sup3rS3cret"}, {"DB_PASSWORD", "Sup3rS3cret"}};
  CHECK(run_in_shell(project, result.err, "accept the edit with ", secrets, "edited").status == 0);

  project.write_file("db/mig/002_later.sql", "-- to be written\n");
  result = run(project, with_secrets({"up", "--no-verify"}));
  REQUIRE(result.status == 4);
  CHECK(!contains(result.out + result.err, "Sup3rS3cret"));
  CHECK(run_in_shell(project, result.err, "has no statements: ", secrets).status == 0);
  CHECK(states(project) == "1:applied\n2:applied");
}

TEST_CASE("a migration that deleted ledger rows: up refuses to run their files again, and both ways out run as printed") {
  MigrationProject project;
  project.execute("create table z (id int)");
  project.write_file("db/mig/001_a.sql", "insert into z values (1);\n");
  // (its own record comes after its statements: only the rows before it go)
  project.write_file("db/mig/002_wipe.sql", "delete from ops.hist;\n");
  project.write_file("db/mig/003_c.sql", "insert into z values (3);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 0);
  CHECK(states(project) == "2:applied\n3:applied");
  project.write_file("db/mig/004_d.sql", "insert into z values (4);\n");
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 4);
  CHECK(contains(result.err, "001_a.sql has no row in the ledger, but its history says it was recorded (applied, "));
  CHECK(contains(result.err, ") and never rolled back: its row was deleted outside pgapply (a migration's DELETE or "
                             "TRUNCATE of the ledger, or by hand), and up would run it again."));
  CHECK(project.query("select string_agg(id::text, ',' order by id) from z") == "1,3");  // nothing ran
  // status says why, where it lists the file as pending.
  CHECK(contains(run(project, {"status"}).out, "its row was deleted outside pgapply (the ledger's history says: "
                                               "applied, "));
  // Applied: recorded as such, and up goes on with 004 alone.
  CHECK(run_as_printed(project, with_reason(hinted(result.err, "If it is applied, record it: "), "wiped by 002"))
            .status == 0);
  CHECK(run(project, {"up", "--no-verify"}).status == 0);
  CHECK(project.query("select string_agg(id::text, ',' order by id) from z") == "1,3,4");

  // Or, to run it again on purpose, said first: then up runs it.
  project.execute("delete from ops.hist where version = '1'");
  result = run(project, {"up", "--no-verify"});
  REQUIRE(result.status == 4);
  CHECK(run_as_printed(project, with_reason(hinted(result.err, "to run it again on purpose, say so first: "),
                                            "run the seed again"))
            .status == 0);
  // It is pending again, below the highest applied version: up says so, and runs it out of order as its hint says.
  result = run(project, {"up", "--no-verify"});
  INFO(result.err);
  REQUIRE(result.status == 4);
  CHECK(run_as_printed(project, hinted(result.err, "(renumber it, or run ")).status == 0);
  CHECK(project.query("select string_agg(id::text, ',' order by id) from z") == "1,1,3,4");
  CHECK(states(project) == "1:applied\n2:applied\n3:applied\n4:applied");

  // The newest row deleted: no file is out of order, and up, its dry run and preflight refuse all the same.
  project.execute("delete from ops.hist where version = '4'");
  for (const std::vector<std::string>& command : {std::vector<std::string>{"up", "--no-verify"},
                                                 std::vector<std::string>{"up", "--dry-run"},
                                                 std::vector<std::string>{"preflight"}}) {
    result = run(project, command);
    INFO(command.back(), result.out, result.err);
    CHECK(result.status == 4);
    CHECK(contains(result.err, "004_d.sql has no row in the ledger, but its history says it was recorded"));
  }
  CHECK(project.query("select string_agg(id::text, ',' order by id) from z") == "1,1,3,4");

  // A repeatable migration's row deleted: how Flyway's users ask for it to run again, and up runs it.
  project.execute("delete from ops.hist where version = '4'");
  REQUIRE(run(project, {"repair", "--mark-applied", "4", "--reason", "it ran"}).status == 0);
  project.write_file("db/mig/R__count.sql", "create or replace view z_count as select count(*) as n from z;\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 0);
  project.execute("delete from ops.hist where version = 'r:count'");
  result = run(project, {"up", "--no-verify"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "Applied R__count.sql"));
}

TEST_CASE("a secret -v value the server quotes back in an error is *** in the output, the JSON and the ledger") {
  MigrationProject project;
  project.write_file("db/mig/001_t.sql", "create table t (id int);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 0);
  project.write_file("db/mig/002_a.sql", "select :'pw'::int;\n");
  for (const std::string format : {"text", "json"}) {
    const auto result = run(project, {"up", "--no-verify", "--format", format, "-v", "pw=Sekr3tV", "-v", "n=Visible"});
    INFO(result.out, result.err);
    CHECK(result.status == 3);
    CHECK((contains(result.out + result.err, "invalid input syntax for type integer: \\\"***\\\"") ||
           contains(result.out + result.err, "invalid input syntax for type integer: \"***\"")));
    CHECK_FALSE(contains(result.out + result.err, "Sekr3tV"));
  }
  CHECK(project.query("select count(*) from ops.hist_history where reason like '%***%'") == "2");
  CHECK(project.query("select count(*) from ops.hist_history where reason like '%Sekr3tV%'") == "0");
  // A value whose name says nothing of a secret is the server's message as it is.
  project.write_file("db/mig/002_a.sql", "select :'n'::int;\n");
  const auto plain = run(project, {"up", "--no-verify", "-v", "n=Visible"});
  CHECK(contains(plain.err, "invalid input syntax for type integer: \"Visible\""));
  // Folded as an identifier, it is masked too; a secret that is a word of the message is not taken out of it.
  project.write_file("db/mig/002_a.sql", "select * from :pw;\n");
  const auto folded = run(project, {"up", "--no-verify", "-v", "pw=Sekr3tV"});
  CHECK(contains(folded.err, "relation \"***\" does not exist"));
  CHECK_FALSE(contains(folded.err, "sekr3tv"));
  project.write_file("db/mig/002_a.sql", "select 1 / 0 where :'pw' = 'zero';\n");
  CHECK(contains(run(project, {"up", "--no-verify", "-v", "pw=zero"}).err, "division by zero"));
  // Inside a longer value the server quotes, or among a row's values: masked all the same.
  project.write_file("db/mig/002_a.sql", "select ('Bearer ' || :'api_token')::int;\n");
  CHECK(contains(run(project, {"up", "--no-verify", "-v", "api_token=Sekr3tV"}).err,
                 "invalid input syntax for type integer: \"Bearer ***\""));
  project.execute("create table s (id int, token text, n int not null)");
  project.write_file("db/mig/002_a.sql", "insert into s values (1, :'pw', null);\n");
  const auto row = run(project, {"up", "--no-verify", "-v", "pw=Sekr3tV"});
  CHECK(contains(row.err, "Failing row contains (1, ***, null)"));
  CHECK_FALSE(contains(row.err, "Sekr3tV"));
  // A plain word among a row's values is a value the server quotes: masked there too.
  const auto word = run(project, {"up", "--no-verify", "-v", "pw=hunter"});
  CHECK(contains(word.err, "Failing row contains (1, ***, null)"));
  CHECK_FALSE(contains(word.err, "hunter"));
}

TEST_CASE("preflight's and check's hints run preflight and check again, never up: --allow-empty, --allow-out-of-order") {
  MigrationProject project;
  project.write_file("db/mig/001_a.sql", "create table a (id int);\n");
  project.write_file("db/mig/003_c.sql", "create table c (id int);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 0);
  // (idempotent: check proves it so, and exits 0)
  project.write_file("db/mig/002_b.sql", "create table if not exists b (id int);\n");
  project.write_file("db/mig/004_later.sql", "-- to be written\n");
  for (const std::string command : {"preflight", "check"}) {
    auto result = run(project, {command});
    INFO(command, result.err);
    REQUIRE(result.status == 4);
    // Neither applies anything itself: it says what up would do.
    CHECK(contains(result.err, "error: up would refuse to apply anything, and so " + command + " stops:"));
    const auto out_of_order = hinted(result.err, "(renumber it, or run ");
    CHECK(out_of_order.at(0) == command);
    result = run_as_printed(project, out_of_order);
    INFO(result.err);
    REQUIRE(result.status == 4);  // the empty file still refuses
    const auto empty = hinted(result.err, "has no statements: ");
    CHECK(empty.at(0) == command);
    CHECK(std::find(empty.begin(), empty.end(), "--allow-out-of-order") != empty.end());
    result = run_as_printed(project, empty);
    INFO(result.out, result.err);
    CHECK(result.status == 0);
    CHECK(states(project) == "1:applied\n3:applied");
    CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "0");
  }
}

TEST_CASE("a dry run's hints are dry runs: up --allow-empty and up --allow-out-of-order, as printed, apply nothing") {
  MigrationProject project;
  // Offline: as printed, with DATABASE_URL set (pgapply would connect to it), only a script comes out.
  project.write_file("em/001_e.sql", "-- placeholder\n");
  project.write_file("em/002_s.sql", "SELECT 1;\n");
  auto result = project.pgapply({"up", "--dry-run", "--offline", "--dir", "em"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 4);
  const auto empty = hinted(result.err, "has no statements: ");
  CHECK(empty == std::vector<std::string>{"up", "--allow-empty", "--dir", "em", "--dry-run", "--offline"});
  result = project.pgapply(empty);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "-- pgapply up --dry-run for (offline: no database): 2 pending migrations."));
  CHECK(project.query("select count(*) from pg_tables where tablename like 'pgapply%'") == "0");

  // Online: the ledger as it was, the file not run.
  project.write_file("db/mig/001_a.sql", "create table a (id int);\n");
  project.write_file("db/mig/003_c.sql", "create table c (id int);\n");
  REQUIRE(run(project, {"up", "--no-verify"}).status == 0);
  project.write_file("db/mig/002_b.sql", "create table b (id int);\n");
  result = run(project, {"up", "--dry-run"});
  REQUIRE(result.status == 4);
  const auto out_of_order = hinted(result.err, "(renumber it, or run ");
  CHECK(out_of_order == std::vector<std::string>{"up", "--allow-out-of-order", "--dir", "db/mig", "--ledger", "ops.hist",
                                                 "-d", project.database().name(), "--dry-run"});
  result = run_as_printed(project, out_of_order);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "1 pending migration. Nothing was executed."));
  CHECK(contains(result.out, "create table b (id int);"));
  CHECK(states(project) == "1:applied\n3:applied");
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "0");
}

TEST_CASE("a changed search_path: up --ledger SCHEMA.TABLE runs as printed, with the run's --dir and -d") {
  MigrationProject project;
  project.write_file("db/mig/001_a.sql", "create table a (id int);\n");
  const std::vector<std::string> options{"--dir", "db/mig", "-d", project.database().name()};
  auto args = std::vector<std::string>{"up", "--no-verify"};
  args.insert(args.end(), options.begin(), options.end());
  REQUIRE(project.pgapply(args, without_default_database()).status == 0);
  // (public left out of it: with public still in it, the ledger is found there)
  project.execute("create schema measure; alter database " + project.database().name() + " set search_path = measure");
  auto result = project.pgapply(args, without_default_database());
  INFO(result.err);
  REQUIRE(result.status == 4);
  const auto named = hinted(result.err, " is this project's ledger, name it: ");
  CHECK(named == std::vector<std::string>{"up", "--dir", "db/mig", "--ledger", "public.pgapply_migrations", "-d",
                                          project.database().name(), "--no-verify"});
  const auto fresh = hinted(result.err, "start a new ledger here: ");
  CHECK(fresh.at(1) == "--ignore-foreign-ledger");
  result = run_as_printed(project, named);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "up to date"));
  CHECK(project.query("select count(*) from pg_tables where schemaname = 'measure'") == "0");
  // The other way out, as printed: a new ledger (and the migrations again) in the first schema.
  result = run_as_printed(project, fresh);
  CHECK(result.status == 0);
  CHECK(project.query("select string_agg(tablename, ',' order by tablename) from pg_tables where schemaname = 'measure'") ==
        "a,pgapply_migrations,pgapply_migrations_history");
}

TEST_CASE("beside another tool's ledger (or naming the wrong tool): the baseline --from hint, then its --yes, run as printed") {
  MigrationProject project;
  project.write_file("db/mig/20240101000000_a.sql", "-- migrate:up\ncreate table a (id int);\n\n-- migrate:down\n"
                                                   "drop table a;\n");
  project.execute("create table schema_migrations (version varchar(128) primary key);"
                  "insert into schema_migrations values ('20240101000000'); create table a (id int);");
  auto result = run(project, {"up", "--no-verify"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 4);
  const auto proposal = hinted(result.err, "records 1 applied migration");
  CHECK(proposal.at(0) == "baseline");
  // The wrong tool named: the right one's command, as printed, is the same proposal.
  result = run(project, {"baseline", "--from", "golang-migrate"});
  CHECK(result.status == 4);
  CHECK(hinted(result.err, "has no dirty column: ") == proposal);
  result = run_as_printed(project, proposal);
  REQUIRE(result.status == 0);
  const auto record = hinted(result.out, "dbmate applied: ");
  CHECK(record.back() == "--yes");
  CHECK(run_as_printed(project, record).status == 0);
  CHECK(states(project) == "20240101000000:applied");
  CHECK(run(project, {"up", "--no-verify"}).status == 0);
}

TEST_CASE("the migration lock lost mid-run: exit 7 (the connection was lost), and its pgapply status runs as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_slow.sql", "select pg_sleep(2);\n");
  // \echo ends the batch (engine/server_sink.hpp): what follows is sent after the sleep, once the lock is gone.
  project.write_file("db/mig/002_b.sql", "\\echo creating b\ncreate table b (id int);\n");
  auto args = std::vector<std::string>{"up", "--no-verify"};
  const auto options = run_options(project);
  args.insert(args.end(), options.begin(), options.end());
  auto running = project.start(args);
  // The lock's session once it holds the lock (it is made as the run starts).
  REQUIRE(project.wait_for_sessions("application_name like 'pgapply (migration lock%' and pid in "
                                    "(select pid from pg_locks where locktype = 'advisory' and granted)"));
  const auto terminated = project.query("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity "
                                        "where datname = current_database() and application_name like 'pgapply (migration lock%'");
  CHECK(terminated == "1");
  const auto result = running->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 7);
  CHECK(contains(result.err, "the migration lock on ops.hist was lost"));
  const auto status = hinted(result.err, "see what was applied with: ");
  const auto shown = run_as_printed(project, status);
  CHECK(shown.status == 0);
  CHECK(contains(shown.out, "002_b.sql"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'b'") == "0");
  CHECK(run(project, {"up", "--no-verify"}).status == 0);
  CHECK(states(project) == "1:applied\n2:applied");
}

TEST_CASE("the migrations' connection lost mid-run: exit 7, and its pgapply status runs as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_slow.sql", "create table a (id int);\nselect pg_sleep(20);\n");
  auto args = std::vector<std::string>{"up", "--no-verify"};
  const auto options = run_options(project);
  args.insert(args.end(), options.begin(), options.end());
  auto running = project.start(args);
  // This test's database only: tests run in parallel, with files of the same names.
  const std::string migrations =
      "datname = current_database() and application_name = 'pgapply: db/mig/001_slow.sql' and state = 'active'";
  REQUIRE(project.wait_for_sessions(migrations));
  project.execute("select pg_terminate_backend(pid) from pg_stat_activity where " + migrations);
  const auto result = running->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 7);
  CHECK(contains(result.err, "lost the connection to the server"));
  const auto status = hinted(result.err, "Once the server is back, see what was applied with: ");
  CHECK(status.at(0) == "status");
  const auto shown = run_as_printed(project, status);
  CHECK(shown.status == 0);
  CHECK(contains(shown.out, "001_slow.sql"));
  CHECK(project.query("select count(*) from pg_tables where tablename = 'a'") == "0");  // rolled back
  project.write_file("db/mig/001_slow.sql", "create table a (id int);\n");
  CHECK(run(project, {"up", "--no-verify"}).status == 0);
  CHECK(states(project) == "1:applied");
}

TEST_CASE("check refusing a modified file: its accept-checksum hint carries the run's options and runs as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_a.sql", "create table a (id int);\n");
  project.write_file("db/mig/002_b.sql", "create table if not exists b (id int);\n");  // proven idempotent
  REQUIRE(run(project, {"up", "--no-verify", "--target", "1"}).status == 0);
  project.write_file("db/mig/001_a.sql", "-- a comment\ncreate table a (id int);\n");
  auto result = run(project, {"check"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 4);
  const auto accept = hinted(result.err, "accept the edit with ");
  CHECK(accept == std::vector<std::string>{"repair", "--accept-checksum", "1", "--reason", "...", "--dir", "db/mig",
                                           "--ledger", "ops.hist", "-d", project.database().name()});
  CHECK(run_as_printed(project, with_reason(accept, "a comment only")).status == 0);
  result = run(project, {"check"});
  CHECK(result.status == 0);
}

TEST_CASE("a file edited after the Supabase CLI applied it: up refuses, status warns, the baseline --force hint runs as printed") {
  MigrationProject project;
  project.write_file("db/mig/20240101000000_a.sql", "create table a (id int);\n");
  // What the CLI ran, before the file was edited (its table as the CLI makes it).
  project.execute("create schema supabase_migrations; create table supabase_migrations.schema_migrations "
                  "(version text not null primary key, statements text[], name text);"
                  "insert into supabase_migrations.schema_migrations values "
                  "('20240101000000', array['create table a (id bigint)'], 'a');"
                  "create table a (id bigint);");
  auto result = run(project, {"up", "--no-verify", "--ledger-format", "supabase"});
  INFO(result.out, result.err);
  // Not run again (it would fail: a exists), not recorded as applied either.
  CHECK(result.status == 4);
  CHECK(contains(result.err, "20240101000000_a.sql changed since"));
  CHECK(project.query("select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'a'::regclass "
                      "and attname = 'id'") == "bigint");
  result = run(project, {"status", "--ledger-format", "supabase"});
  CHECK(contains(result.err, "up refuses to run until then"));
  const auto record = with_reason(hinted(result.err, "saying why: "), "edited on purpose: int is enough");
  CHECK(record.at(0) == "baseline");
  result = run_as_printed(project, record);
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(states(project) == "20240101000000:applied");
  CHECK(run(project, {"up", "--no-verify", "--ledger-format", "supabase"}).status == 0);
  CHECK(project.query("select count(*) from supabase_migrations.schema_migrations") == "1");
}

TEST_CASE("baseline --detect without --yes records nothing, says so, and its --yes command runs as printed") {
  MigrationProject project;
  project.write_file("db/mig/001_a.sql", "create table a (id int);\n");
  project.write_file("db/mig/002_b.sql", "create table b (id int);\n");
  project.execute("create table a (id int)");
  auto result = run(project, {"baseline", "--detect", "--no-shadow"});
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(contains(result.out, "Baseline: propose 1 (1 of 2 migrations) as applied; stopped at 2.\n"));
  CHECK(contains(result.out, "\nDry run: nothing recorded.\n"));
  const auto record = hinted(result.out, "Next: record 1 migration as applied: ");
  CHECK(record.at(0) == "baseline");
  CHECK(record.back() == "--yes");
  CHECK(contains(result.out, " --yes; pgapply up then applies 002_b.sql and later ("));
  result = run_as_printed(project, record);
  INFO(result.out, result.err);
  REQUIRE(result.status == 0);
  CHECK(contains(result.out, "Recorded 1 migration as applied without running it"));
  CHECK_FALSE(contains(result.out, "Dry run"));
  CHECK(states(project) == "1:applied");
  CHECK(run(project, {"up", "--no-verify"}).status == 0);
  CHECK(states(project) == "1:applied\n2:applied");
}
