// The pgapply commands hints print carry the run's options
// (tests/integration/engine/hints_test.cpp runs them).
#include "engine/command_hint.hpp"

#include <doctest/doctest.h>

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

TEST_CASE("a -d holding a password is left out of a hint, and the hint says so") {
  Context context;
  context.connection.dbname = "postgresql://deploy:s3cret@db/app";
  const std::string command = pgapply_command(context, {"up"});
  CHECK(command == "pgapply up  (with your -d, whose password is not repeated here)");
  CHECK(command.find("s3cret") == std::string::npos);
}
