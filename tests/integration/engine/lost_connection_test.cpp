// The connection lost in the middle of a batch, as a network fails: the
// server answers a batch when it ends, so files that committed early in it
// were never answered for. up reads the ledger again on a new connection
// (once the lost session is gone: it could still commit) to say which were
// applied, and says their outcome is unknown when it cannot.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/cutting_proxy.hpp"
#include "support/migration_project.hpp"

using namespace pgapply::test;

namespace {

// Three files that go to the server in one batch, the third sleeping, applied
// by up through a proxy cut while 003 sleeps (001 and 002 have committed, and
// nothing of the batch was answered); `refuse` first: no new connection.
ProcessResult up_cut_during_sleep(const MigrationProject& project, bool refuse) {
  project.write("001_a.sql", "create table a (id int);\n");
  project.write("002_b.sql", "create table b (id int);\n");
  project.write("003_slow.sql", "create table c (id int);\nselect pg_sleep(30);\n");
  CuttingProxy proxy;
  auto run = project.start({"up", "--no-verify", "--format", "json", "-d", proxy.url(project.database().name())});
  REQUIRE(project.wait_for_sessions(
      "application_name = 'pgapply: migrations/003_slow.sql' and state = 'active' and wait_event = 'PgSleep'"));
  if (refuse) proxy.refuse();
  proxy.cut();
  return run->wait();
}

}  // namespace

TEST_CASE("the connection lost mid-batch: the files the ledger shows committed are reported applied") {
  MigrationProject project;
  const auto result = up_cut_during_sleep(project, false);
  INFO(result.out, result.err);
  CHECK(result.status == 7);
  // The lost session was ended before the ledger was read: 003 cannot commit later.
  CHECK(project.query("select count(*) from pg_stat_activity where datname = current_database() and "
                      "application_name like 'pgapply: %'") == "0");
  CHECK(project.query("select string_agg(version, ',' order by version) from pgapply_migrations") == "1,2");
  const auto document = nlohmann::json::parse(result.out);
  CHECK(contains(document["error"]["text"].get<std::string>(),
                 "Stopped: 2 migrations applied; 003_slow.sql was rolled back (nothing of it was applied). "
                 "(as the ledger, read again, says)"));
  CHECK(document["highest_applied_after"] == "2");
  CHECK(document["counts"]["applied"] == 2);
  CHECK(document["counts"]["interrupted"] == 1);
  CHECK(document["migrations"][0]["outcome"] == "applied");
  CHECK(document["migrations"][2]["outcome"] == "interrupted");
  CHECK(document["error"]["kind"] == "connection_lost");
}

TEST_CASE("the connection lost mid-batch and the ledger unreadable: the unanswered files' outcome is unknown") {
  MigrationProject project;
  const auto result = up_cut_during_sleep(project, true);
  INFO(result.out, result.err);
  CHECK(result.status == 7);
  const auto document = nlohmann::json::parse(result.out);
  CHECK(contains(document["error"]["text"].get<std::string>(),
                 "Stopped: 0 migrations applied; the server did not answer for 001_a.sql to 003_slow.sql, sent before "
                 "the connection was lost (and the ledger could not be read again): each was applied in full or not "
                 "at all, unless it ran outside a transaction. Once the server is back, see what was applied with: "
                 "pgapply status"));
  CHECK(document["highest_applied_after"].is_null());
  CHECK(document["counts"]["unknown"] == 3);
  CHECK(document["counts"]["applied"] == 0);
  CHECK(document["migrations"][0]["outcome"] == "unknown");
  // What the server did: the first two committed.
  CHECK(project.query("select string_agg(version, ',' order by version) from pgapply_migrations") == "1,2");
}

TEST_CASE("the connection lost in a file run statement by statement, the ledger unreadable: how far it got is said") {
  MigrationProject project;
  project.write("001_steps.sql",
                "create table a (id int);\ncreate index concurrently a_id on a (id);\nselect pg_sleep(30);\n");
  CuttingProxy proxy;
  auto run = project.start({"up", "--no-verify", "-d", proxy.url(project.database().name())});
  REQUIRE(project.wait_for_sessions(
      "application_name = 'pgapply: migrations/001_steps.sql' and state = 'active' and wait_event = 'PgSleep'"));
  proxy.refuse();
  proxy.cut();
  const auto result = run->wait();
  INFO(result.out, result.err);
  CHECK(result.status == 7);
  CHECK(contains(result.err, "the server did not answer for 001_steps.sql, sent before the connection was lost (and "
                             "the ledger could not be read again): it ran statement by statement, outside a "
                             "transaction: 2 statements of 3 committed as pgapply last saw, and the one after may "
                             "have too (pgapply status"));
}
