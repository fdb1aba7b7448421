// The progress line on a terminal (standard error a TTY: `script` gives
// pgapply one) while the server runs a batch without answering: what the
// migrations session runs, for how long, and the lock it waits for.
#include <doctest/doctest.h>

#include <thread>

#include "support/cutting_proxy.hpp"
#include "support/migration_project.hpp"

using namespace pgapply::test;

TEST_CASE("the progress line names the file the server runs and the lock it waits for") {
  MigrationProject project;
  project.execute("create table t (id int)");
  project.write("001_alter.sql", "alter table t add column b int;\n");
  auto blocker = project.database().connect();
  blocker.exec("begin; lock table t in access share mode");
  ProcessOptions options;
  options.env = project.database().env();
  options.cwd = project.path();
  BackgroundProcess run({"script", "-qec", std::string(PGAPPLY_BINARY) + " up --no-verify --lock-timeout 30s --color never", "/dev/null"},
                        options);
  REQUIRE(project.wait_for_sessions(
      "application_name = 'pgapply: migrations/001_alter.sql' and wait_event_type = 'Lock'"));
  // the line is redrawn every second while the batch goes unanswered
  // (--color never: the terminal would paint "Applied" below)
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  blocker.exec("commit");
  const auto result = run.wait();
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  CHECK(contains(result.out, "001_alter.sql for "));  // the line is cut to the terminal, from the left
  CHECK(contains(result.out, " s, waiting for a lock (relation)"));
  CHECK(contains(result.out, "Applied 001_alter.sql"));
}

TEST_CASE("the progress line counts the files of a batch the server has gone past, before the batch is answered") {
  MigrationProject project;
  // One batch: the server answers it when its last file ends.
  project.write("001_a.sql", "select pg_sleep(0.5);\ncreate table a (id int);\n");
  project.write("002_b.sql", "select pg_sleep(0.5);\ncreate table b (id int);\n");
  project.write("003_c.sql", "select pg_sleep(4);\ncreate table c (id int);\n");
  ProcessOptions options;
  options.env = project.database().env();
  options.cwd = project.path();
  const auto result = run_process(
      {"script", "-qec", std::string(PGAPPLY_BINARY) + " up --no-verify --color never", "/dev/null"}, options);
  INFO(result.out, result.err);
  CHECK(result.status == 0);
  // While 003 runs, 001 and 002 (4 statements) are done; before, the line
  // said 0 done until the batch's answer.
  CHECK(contains(result.out, "[3/3] 4/6 statements (66%)"));
  CHECK(contains(result.out, "003_c.sql for "));
  // never more than there are, while the answers catch up with what was seen
  for (const char* over : {"7/6", "8/6", "9/6", "10/6"}) CHECK(!contains(result.out, std::string(over) + " statements"));
}

TEST_CASE("without a progress line, a batch the server runs for seconds costs no round trip more") {
  // Standard error is a pipe here: nobody sees the line, so the lock's
  // connection does not ask what the migrations session runs every second
  // (only once a batch has run for 5 s, to log which file it runs).
  const auto round_trips = [](const std::string& seconds) {
    MigrationProject project;
    project.write("001_sleep.sql", "create table t (id int);\nselect pg_sleep(" + seconds + ");\n");
    CuttingProxy proxy;
    const auto result = project.pgapply({"up", "--no-verify", "-d", proxy.url(project.database().name())});
    INFO(result.out, result.err);
    REQUIRE(result.status == 0);
    return proxy.round_trips_once_closed();
  };
  const std::size_t quick = round_trips("0");
  const std::size_t slow = round_trips("3");
  INFO("pg_sleep(0): ", quick, " round trips; pg_sleep(3): ", slow);
  CHECK(slow == quick);
}
