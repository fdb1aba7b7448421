#include "migrate/plan.hpp"

#include <doctest/doctest.h>

#include "core/interruption.hpp"

using namespace pgapply::migrate;

namespace {

LedgerRow row(std::string version, std::string checksum, LedgerState state = LedgerState::applied) {
  LedgerRow r;
  r.version = version;
  r.name = "m" + version;
  r.file_name = version + "_m" + version + ".sql";
  r.checksum = std::move(checksum);
  r.state = state;
  r.statements = 5;
  r.statements_done = 2;
  return r;
}

Checksums sums(std::initializer_list<std::pair<const std::string, std::string>> items) { return items; }

}  // namespace

TEST_CASE("plan states: applied, pending, modified, missing, failed") {
  const auto files = discover({"1_a.sql", "2_b.sql", "3_c.sql", "5_e.sql"});
  const auto plan = make_plan(files, sums({{"1", "s1"}, {"2", "s2x"}, {"3", "s3"}, {"5", "s5"}}),
                              {row("1", "s1"), row("2", "s2"), row("4", "s4"),
                               row("5", "s5", LedgerState::failed)});
  REQUIRE(plan.entries.size() == 5);
  CHECK(plan.entries[0].state == MigrationState::applied);
  CHECK(plan.entries[1].state == MigrationState::modified);
  CHECK(plan.entries[2].state == MigrationState::pending);
  CHECK(plan.entries[2].out_of_order);  // 3 < 4, the highest applied
  CHECK(plan.entries[3].state == MigrationState::missing);
  CHECK(plan.entries[3].file_name() == "4_m4.sql");
  CHECK(plan.entries[4].state == MigrationState::failed);
  CHECK(plan.highest_applied == "4");
}

TEST_CASE("up applies pending migrations in order, up to the target") {
  const auto files = discover({"1_a.sql", "2_b.sql", "10_c.sql"});
  const auto plan = make_plan(files, sums({{"1", "s1"}, {"2", "s2"}, {"10", "s10"}}), {row("1", "s1")});
  auto decision = decide_up(plan, {});
  REQUIRE(decision.to_apply.size() == 2);
  CHECK(decision.to_apply[0]->version == "2");
  CHECK(decision.to_apply[1]->version == "10");
  CHECK(decision.problems.empty());
  decision = decide_up(plan, {std::string("9"), false, {}});
  REQUIRE(decision.to_apply.size() == 1);
  CHECK(decision.to_apply[0]->version == "2");
}

TEST_CASE("up refuses modified, out-of-order and unfixed failed migrations") {
  const auto files = discover({"1_a.sql", "2_b.sql", "3_c.sql", "4_d.sql"});
  auto edited = row("1", "old");
  edited.file_name = "1_a.sql";  // the same file, edited
  const auto plan = make_plan(files, sums({{"1", "new"}, {"2", "s2"}, {"3", "s3"}, {"4", "s4"}}),
                              {edited, row("3", "s3"), row("4", "s4", LedgerState::failed)});
  const auto decision = decide_up(plan, {});
  REQUIRE(decision.problems.size() == 3);
  CHECK(decision.problem_file == "1_a.sql");
  CHECK(decision.problems[0].find("1_a.sql was modified") == 0);
  CHECK(decision.problems[0].find("old") != std::string::npos);
  CHECK(decision.problems[0].find("new") != std::string::npos);
  CHECK(decision.problems[1].find("2_b.sql is pending but its version 2 is below") == 0);
  CHECK(decision.problems[2].find("4_d.sql failed at statement 3 of 5") == 0);
  CHECK(decide_up(plan, {std::nullopt, true, {}}).problems.size() == 2);
  // The hints name pgapply commands; the engine's CommandHint adds the run's options.
  CHECK(decision.problems[0].find("pgapply repair --accept-checksum 1 --reason '...' ('...' is your reason)") !=
        std::string::npos);
  CHECK(decision.problems[1].find("or run pgapply up --allow-out-of-order)") != std::string::npos);
  CHECK(decision.problems[2].find("pgapply repair --clear-failed 4 --reason '...', then pgapply up (or, once you have "
                                  "finished it by hand: pgapply repair --mark-applied 4 --reason '...'; '...' is your "
                                  "reason)") != std::string::npos);
  UpRules with_options;
  with_options.command = [](const std::vector<std::string>& words) {
    std::string out = "pgapply";
    for (const auto& word : words) out += " " + word;
    return out + " --dir db";
  };
  CHECK(decide_up(plan, with_options).problems[1].find("or run pgapply up --allow-out-of-order --dir db)") !=
        std::string::npos);

  // Another file under version 1 (the ledger's row names 1_m1.sql): a wrong
  // directory, not an edit.
  const auto other = make_plan(files, sums({{"1", "new"}, {"2", "s2"}, {"3", "s3"}, {"4", "s4"}}), {row("1", "old")});
  const auto refused = decide_up(other, {});
  REQUIRE(refused.problems.size() == 1);
  CHECK(refused.problems[0].find("version 1 is recorded as 1_m1.sql") == 0);
  CHECK(refused.problems[0].find("is this the right --dir for this database?") != std::string::npos);
}

TEST_CASE("a failed migration whose file was fixed runs again") {
  const auto files = discover({"1_a.sql"});
  const auto plan = make_plan(files, sums({{"1", "fixed"}}), {row("1", "broken", LedgerState::running)});
  const auto decision = decide_up(plan, {});
  CHECK(decision.problems.empty());
  REQUIRE(decision.to_apply.size() == 1);
  CHECK(decision.to_apply[0]->state == MigrationState::failed);
}

TEST_CASE("missing files are warnings") {
  const auto plan = make_plan(discover({}), {}, {row("7", "s7")});
  const auto decision = decide_up(plan, {});
  CHECK(decision.problems.empty());
  REQUIRE(decision.warnings.size() == 1);
  CHECK(decision.warnings[0].find("7_m7.sql") == 0);
}

TEST_CASE("a file a signal stopped (its ledger error as the run loop writes it) gets the 'run it again' hint") {
  const auto files = discover({"1_a.sql", "2_b.sql"});
  auto stopped = row("1", "s1", LedgerState::failed);
  stopped.error = pgapply::interrupted_by(15) + " at 1_a.sql:3:1";
  auto broken = row("2", "s2", LedgerState::failed);
  broken.error = "division by zero at 2_b.sql:3:1";
  const auto decision = decide_up(make_plan(files, sums({{"1", "s1"}, {"2", "s2"}}), {stopped, broken}), {});
  REQUIRE(decision.problems.size() == 2);
  CHECK(decision.problems[0].find("1_a.sql failed at statement 3 of 5 (on ): interrupted by SIGTERM") == 0);
  CHECK(decision.problems[0].find("Nothing is wrong with the file itself") != std::string::npos);
  CHECK(decision.problems[0].find("pgapply repair --clear-failed 1 --reason interrupted, then pgapply up") !=
        std::string::npos);
  CHECK(decision.problems[1].find("Nothing is wrong") == std::string::npos);
  CHECK(decision.problems[1].find("Fix the file so that its statements can run again from the first (IF NOT "
                                  "EXISTS...), or undo what took effect, then run it again with: pgapply repair "
                                  "--clear-failed 2 --reason '...', then pgapply up") != std::string::npos);
}

TEST_CASE("a file another session stopped (a lock timeout, a deadlock) gets the 'run it again' hint, with its reason") {
  const auto files = discover({"1_a.sql", "2_b.sql", "3_c.sql"});
  auto timed_out = row("1", "s1", LedgerState::failed);
  timed_out.error = "1_a.sql:3: canceling statement due to lock timeout (SQLSTATE 55P03)";
  auto deadlocked = row("2", "s2", LedgerState::failed);
  deadlocked.error = "2_b.sql:3: deadlock detected (SQLSTATE 40P01)";
  auto broken = row("3", "s3", LedgerState::failed);
  broken.error = "3_c.sql:3: relation \"t\" does not exist (SQLSTATE 42P01)";
  const auto decision = decide_up(
      make_plan(files, sums({{"1", "s1"}, {"2", "s2"}, {"3", "s3"}}), {timed_out, deadlocked, broken}), {});
  REQUIRE(decision.problems.size() == 3);
  CHECK(decision.problems[0].find("Nothing is wrong with the file itself (another session held a lock it needed: a "
                                  "lock timeout): if its statements can run again from the first (IF NOT EXISTS...), "
                                  "run it again with: pgapply repair --clear-failed 1 --reason 'lock timeout', then pgapply up") !=
        std::string::npos);
  CHECK(decision.problems[0].find("Fix the file") == std::string::npos);
  CHECK(decision.problems[1].find("Nothing is wrong with the file itself (another session held a lock it needed, and "
                                  "waited for one it held: a deadlock)") != std::string::npos);
  CHECK(decision.problems[1].find("pgapply repair --clear-failed 2 --reason deadlock, then pgapply up") !=
        std::string::npos);
  CHECK(decision.problems[2].find("Nothing is wrong") == std::string::npos);
  CHECK(decision.problems[2].find("Fix the file so that its statements can run again") != std::string::npos);
}

TEST_CASE("rows in any order match their files by version, of two rows of one version the last counts") {
  const auto files = discover({"1_a.sql", "2_b.sql", "10_c.sql", "R__views.sql"});
  auto old_text = row("1.0", "s1");  // a version as an older ledger may write it: the same as 1
  old_text.file_name = "1_a.sql";
  auto repeatable = row("r:views", "v0");
  repeatable.file_name = "R__views.sql";
  const auto plan = make_plan(files, sums({{"1", "s1"}, {"2", "s2"}, {"10", "s10"}, {"r:views", "v1"}}),
                              {row("12", "s12"), repeatable, row("10", "s10"), row("1", "first"), old_text});
  REQUIRE(plan.entries.size() == 5);
  CHECK(plan.entries[0].version == "1.0");
  CHECK(plan.entries[0].file->file_name == "1_a.sql");
  CHECK(plan.entries[0].state == MigrationState::applied);  // the last row of version 1
  CHECK(plan.entries[1].version == "2");
  CHECK(plan.entries[1].state == MigrationState::pending);
  CHECK(plan.entries[1].out_of_order);
  CHECK(plan.entries[2].version == "10");
  CHECK(plan.entries[2].state == MigrationState::applied);
  CHECK(plan.entries[3].version == "12");
  CHECK(plan.entries[3].state == MigrationState::missing);
  CHECK(plan.entries[4].version == "r:views");
  CHECK(plan.entries[4].state == MigrationState::pending);  // changed since: runs again
  CHECK(plan.highest_applied == "12");
}

TEST_CASE("each file gets its own checksum, or none when it has none") {
  const auto files = discover({"1_a.sql", "2_b.sql", "3_c.sql", "10_d.sql", "R__v.sql"});
  const auto plan = make_plan(files, sums({{"1", "s1"}, {"3", "s3"}, {"10", "s10"}, {"r:v", "sv"}, {"11", "s11"}}), {});
  REQUIRE(plan.entries.size() == 5);
  CHECK(plan.entries[0].file_checksum == "s1");
  CHECK(plan.entries[1].file_checksum.empty());
  CHECK(plan.entries[2].file_checksum == "s3");
  CHECK(plan.entries[3].file_checksum == "s10");
  CHECK(plan.entries[4].file_checksum == "sv");
}

TEST_CASE("highest_applied_after: the ledger's rows with what the run applied and rolled back") {
  const auto run = [](std::string version, RunOutcome outcome) {
    MigrationRun r;
    r.version = std::move(version);
    r.outcome = outcome;
    return r;
  };
  const std::vector<LedgerRow> before{row("1", "s1"), row("3", "s3"), row("4", "s4", LedgerState::failed)};
  CHECK(highest_applied_after(before, {}) == "3");
  // up: applied, then failed; a repeatable migration has no version to count.
  CHECK(highest_applied_after(before, {run("4", RunOutcome::applied), run("5", RunOutcome::failed),
                                       run("6", RunOutcome::not_run)}) == "4");
  CHECK(highest_applied_after(before, {run("10", RunOutcome::applied), run("r:views", RunOutcome::applied)}) == "10");
  CHECK(highest_applied_after({}, {run("r:views", RunOutcome::applied)}).empty());
  // down: 3 rolled back, 1 interrupted (still applied).
  CHECK(highest_applied_after(before, {run("3", RunOutcome::rolled_back), run("1", RunOutcome::interrupted)}) == "1");
  CHECK(highest_applied_after(before, {run("3", RunOutcome::rolled_back), run("1", RunOutcome::rolled_back)}).empty());
}

TEST_CASE("a failed file's problem says what a run of an earlier version left in effect") {
  const auto files = discover({"4_d.sql"});
  auto failed = row("4", "s4", LedgerState::failed);
  failed.statements_done = 0;
  failed.earlier_statements_done = 1;
  const auto plan = make_plan(files, sums({{"4", "s4"}}), {failed});
  const auto decision = decide_up(plan, {});
  REQUIRE(decision.problems.size() == 1);
  CHECK(decision.problems[0].find("4_d.sql failed at statement 1 of 5") == 0);
  CHECK(decision.problems[0].find("it ran outside a transaction, so none of its statements took effect, but "
                                  "statement 1 of an earlier run had (one before the file changed, or before "
                                  "repair --clear-failed). ") != std::string::npos);
}

TEST_CASE("deleted_row: a pending migration the history records, not a repeatable one, nor one with a row") {
  const auto files = discover({"1_a.sql", "2_b.sql", "R__v.sql"});
  const auto plan = make_plan(files, sums({{"1", "s1"}, {"2", "s2"}, {"r:v", "sv"}}), {row("1", "s1")});
  const DeletedRows deleted = {{"1", "applied, then"}, {"2", "applied, 2026-12-04T16:20:03Z"}, {"r:v", "applied, x"}};
  REQUIRE(plan.entries.size() == 3);
  CHECK(deleted_row(plan.entries[0], deleted) == nullptr);  // it has its row
  REQUIRE(deleted_row(plan.entries[1], deleted) != nullptr);
  CHECK(*deleted_row(plan.entries[1], deleted) == "applied, 2026-12-04T16:20:03Z");
  CHECK(deleted_row(plan.entries[2], deleted) == nullptr);  // a repeatable migration runs again
  CHECK(deleted_row(plan.entries[1], {}) == nullptr);
}
