// The pgapply commands hints print carry the run's options
// (tests/integration/engine/hints_test.cpp runs them).
#include "engine/command_hint.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "engine/adoption_hint.hpp"
#include "engine/operations/up_operation.hpp"
#include "support/run_process.hpp"

using namespace pgapply::engine;

TEST_CASE("a hint's command with the default options is just the words") {
  const Context context;
  CHECK(pgapply_command(context, {"repair", "--clear-failed", "2", "--reason", "..."}) ==
        "pgapply repair --clear-failed 2 --reason '...'");
  CHECK(pgapply_command(context, {"up"}, {"--yes"}) == "pgapply up --yes");
}

TEST_CASE("a hint's command carries the run's --dir, --ledger, -v, env file and connection options, quoted") {
  Context context;
  context.project.dir = "db/my migrations";
  context.project.ledger = "ops.hist";
  context.project.ledger_format = LedgerFormat::supabase;
  context.project.variables = {{"owner", "o'neil"}};
  context.project.allow_undefined_variables = true;
  context.connection.env_file = "deploy.env";
  context.connection.dbname = "app";
  context.connection.host = "db.internal";
  context.connection.port = "6432";
  context.connection.user = "deploy";
  context.connection.password = "secret";
  CHECK(pgapply_command(context, {"status"}) ==
        "pgapply status --dir 'db/my migrations' --ledger ops.hist --ledger-format supabase -v 'owner=o'\\''neil' "
        "--allow-undefined-variables --env-file deploy.env -d app -h db.internal -p 6432 -U deploy -W");
  context.connection.read_env_file = false;
  CHECK(pgapply_command(context, {"status"}).find("--no-env-file -d app") != std::string::npos);
}

TEST_CASE("a hint leaves out the variables PGAPPLY_SET or pgapply.toml give: the same without them, perhaps secret") {
  Context context;
  context.implied_project.variables = {{"app_password", "hunter2"}, {"owner", "app"}};
  context.implied_project.allow_undefined_variables = true;
  context.project.variables = {{"app_password", "hunter2"}, {"owner", "ops"}};  // -v owner=ops over the file's
  context.project.allow_undefined_variables = true;
  CHECK(pgapply_command(context, {"up"}) == "pgapply up -v owner=ops");
}

TEST_CASE("a hint joins a value that starts with '-' to its option, as the command line needs it") {
  Context context;
  context.project.dir = "-m";
  context.connection.user = "-bob";
  context.invocation.command = "up";
  context.invocation.options = {{"--backup", "-dumps"}, {"--dry-run"}};
  CHECK(pgapply_command(context, {"up"}) == "pgapply up --dir=-m --username=-bob --backup=-dumps --dry-run");
}

TEST_CASE("a -d holding a password is in a hint without it (the same database, never another), and the hint says so") {
  Context context;
  context.connection.dbname = "postgresql://deploy:s3cret@db/app";
  std::string command = pgapply_command(context, {"up"});
  CHECK(command == "pgapply up -d postgresql://deploy@db/app  (with your password, left out of -d: from PGPASSWORD "
                   "or ~/.pgpass)");
  CHECK(command.find("s3cret") == std::string::npos);
  context.connection.dbname = "host=db dbname=app password='s3 cret' user=deploy";
  command = pgapply_command(context, {"up"});
  CHECK(command == "pgapply up -d 'host=db dbname=app user=deploy'  (with your password, left out of -d: from "
                   "PGPASSWORD or ~/.pgpass)");
}

TEST_CASE("a -v whose name says secret is a shell reference in a hint, never its value, and the hint says so") {
  Context context;
  context.project.dir = "m";
  context.project.variables = {{"pw", "Sup3rS3cret"}, {"owner", "app"}, {"db_password", "Sup3rS3cret"}};
  std::string command = pgapply_command(context, {"repair", "--accept-checksum", "2", "--reason", "..."});
  CHECK(command == "pgapply repair --accept-checksum 2 --reason '...' --dir m -v \"pw=$PW\" -v owner=app "
                   "-v \"db_password=$DB_PASSWORD\"  (with PW and DB_PASSWORD set to your -v pw and -v db_password, "
                   "whose values are not repeated here)");
  CHECK(command.find("Sup3rS3cret") == std::string::npos);

  // Beside a -d holding a password; a name a shell variable cannot spell, and one that starts with '-'.
  context.project.variables = {{"api-token", "t0k3n"}, {"-secret", "s3"}};
  context.connection.dbname = "postgresql://deploy:s3cret@db/app";
  command = pgapply_command(context, {"up", "--allow-empty"});
  CHECK(command == "pgapply up --allow-empty --dir m -v \"api-token=$API_TOKEN\" --set=\"-secret=$_SECRET\" "
                   "-d postgresql://deploy@db/app  (with your password, left out of -d: from PGPASSWORD or "
                   "~/.pgpass, and with API_TOKEN and _SECRET set to your -v api-token and -v -secret, whose values "
                   "are not repeated here)");
  context.project.variables = {{"9_token", "t0k3n"}, {"my\"token", "t0k3n"}};
  context.connection.dbname.clear();
  command = pgapply_command(context, {"status"});
  CHECK(command == "pgapply status --dir m -v \"9_token=$_9_TOKEN\" -v 'my\"token='\"$MY_TOKEN\"  (with _9_TOKEN and "
                   "MY_TOKEN set to your -v 9_token and -v 'my\"token', whose values are not repeated here)");
  CHECK(command.find("t0k3n") == std::string::npos);
}

namespace {

// Every `pgapply ...` command in `text`, as printed: up to a newline, or to
// ", ", ";", "(" or ")" outside single quotes (as hints_test reads them).
std::vector<std::string> commands_in(const std::string& text) {
  std::vector<std::string> commands;
  for (auto at = text.find("pgapply "); at != std::string::npos; at = text.find("pgapply ", at + 1)) {
    bool quoted = false;
    std::size_t end = at;
    for (; end < text.size(); ++end) {
      const char c = text[end];
      if (c == '\'') quoted = !quoted;
      if (quoted) continue;
      if (c == '\n' || c == ';' || c == '(' || c == ')' || (c == ',' && end + 1 < text.size() && text[end + 1] == ' ')) {
        break;
      }
    }
    std::string command = text.substr(at, end - at);
    while (!command.empty() && command.back() == ' ') command.pop_back();
    commands.push_back(command);
  }
  return commands;
}

Invocation invocation(const std::string& command, std::vector<std::vector<std::string>> options) {
  return Invocation{command, std::move(options)};
}

struct QuietOutput : RunOutput {
  void notice(const std::string&) override {}
  void echo(const std::string&, bool) override {}
  void progress(const std::string&) override {}
  void warning(const std::string&) override {}
};

// up's refusal of every kind that names `pgapply up` again (an interrupted
// file, an out-of-order one, an empty one) and `pgapply repair`, in a run
// whose invocation is `invoked`.
std::string up_refusal(const Invocation& invoked) {
  pgapply::test::TempDir dir;
  dir.write("m/001_a.sql", "create table a (id int);\n");
  dir.write("m/002_b.sql", "create table b (id int);\n");  // below 004, applied: out of order
  dir.write("m/003_c.sql", "-- pgapply: no-transaction\ncreate index concurrently c on a (id);\nselect 1;\n");
  dir.write("m/004_d.sql", "create table d (id int);\n");
  dir.write("m/005_e.sql", "-- to be written\n");  // empty
  UpOptions options;
  options.context.project.dir = dir.path() + "/m";
  options.context.invocation = invoked;
  const Project project = load_project(options.context.project, {});
  std::vector<pgapply::migrate::LedgerRow> rows;
  for (const char* version : {"1", "3", "4"}) rows.push_back(ledger_row(ledger_entry(*project.find(version))));
  rows[1].state = pgapply::migrate::LedgerState::running;  // killed: "run it again with repair, then up"
  rows[1].statements_done = 1;
  const auto plan = pgapply::migrate::make_plan(project.discovery, project.checksums, rows);
  QuietOutput output;
  try {
    decide_or_refuse(plan, project, options, output);
  } catch (const pgapply::Error& error) {
    return error.what();
  }
  FAIL("up did not refuse");
  return {};
}

}  // namespace

TEST_CASE("every hint that runs up again keeps the run's --dry-run, --offline and --from, other commands' do not") {
  struct Row {
    Invocation invoked;
    std::string kept;  // the words every `pgapply up` hint ends with
  };
  const std::vector<Row> rows = {
      {invocation("up", {{"--dry-run"}}), " --dry-run"},
      {invocation("up", {{"--dry-run"}, {"--from", "4"}, {"--offline"}}), " --dry-run --from 4 --offline"},
      {invocation("up", {{"--no-verify"}, {"--target", "5"}}), " --no-verify --target 5"},
  };
  for (const auto& row : rows) {
    const std::string message = up_refusal(row.invoked);
    INFO(message);
    const auto commands = commands_in(message);
    std::size_t ups = 0;
    std::size_t repairs = 0;
    for (const auto& command : commands) {
      INFO(command);
      if (command.starts_with("pgapply up")) {
        ++ups;
        CHECK(command.ends_with(row.kept));
      } else {
        ++repairs;
        CHECK(command.starts_with("pgapply repair "));
        CHECK(command.find(row.kept) == std::string::npos);
      }
    }
    // then pgapply up (after repair --clear-failed), up --allow-out-of-order, up --allow-empty
    CHECK(ups == 3);
    CHECK(repairs == 2);  // --clear-failed 3 --reason interrupted, --mark-applied 3
    CHECK(message.find("pgapply up --allow-out-of-order --dir ") != std::string::npos);
    CHECK(message.find("pgapply up --allow-empty --dir ") != std::string::npos);
  }
}

TEST_CASE("a hint running the command again: the run's options after the migrations and connection ones, once") {
  Context context;
  context.project.dir = "db";
  context.connection.dbname = "app";
  context.invocation = invocation("up", {{"--dry-run"}, {"--offline"}});
  CHECK(pgapply_command(context, {"up", "--allow-empty"}) == "pgapply up --allow-empty --dir db -d app --dry-run --offline");
  // another command: none of them
  CHECK(pgapply_command(context, {"status"}) == "pgapply status --dir db -d app");
  CHECK(pgapply_command(context, {"repair", "--mark-applied", "2", "--reason", "..."}) ==
        "pgapply repair --mark-applied 2 --reason '...' --dir db -d app");

  // baseline --from's own hints: the words and `extra` win over the run's options of the same name
  context.invocation = invocation("baseline", {{"--force", "old"}, {"--format", "json"}, {"--from", "dbmate"}, {"--yes"}});
  CHECK(baseline_from_command(context, pgapply::migrate::ForeignTool::golang_migrate, "", {"--yes"}) ==
        "pgapply baseline --from golang-migrate --dir db -d app --force old --format json --yes");
  CHECK(baseline_from_command(context, pgapply::migrate::ForeignTool::goose, "x.db", {"--yes", "--force", "..."}) ==
        "pgapply baseline --from goose --from-table x.db --dir db -d app --format json --yes --force '...'");
}

TEST_CASE("a run's option holding a password (--shadow URL) is left out of its hints, and the hint says so") {
  Context context;
  context.connection.dbname = "postgresql://deploy:s3cret@db/app";
  context.invocation = invocation("up", {{"--dry-run"}, {"--shadow", "postgresql://me:hunter2@scratch/x"}});
  const std::string command = pgapply_command(context, {"up"});
  CHECK(command == "pgapply up -d postgresql://deploy@db/app --dry-run  (with your password, left out of -d: from "
                   "PGPASSWORD or ~/.pgpass, and with your --shadow, whose password is not repeated here)");
  CHECK(command.find("hunter2") == std::string::npos);
  context.connection.dbname = "app";
  CHECK(pgapply_command(context, {"up"}) == "pgapply up -d app --dry-run  (with your --shadow, whose password is not repeated here)");
}
