#include <doctest/doctest.h>

#include <algorithm>

#include "schema/preflight.hpp"
#include "schema/verification.hpp"

using namespace pgapply::schema;

namespace {

PreflightResult two_migrations() {
  PreflightResult result;
  for (const char* name : {"001_a.sql", "002_b.sql"}) {
    MigrationPreflight migration;
    migration.file_name = name;
    migration.shown = std::string("migrations/") + name;
    Finding predicted{Severity::error, "ALTER TABLE nowhere fails: it does not exist", migration.shown + ":1", 0, true};
    Finding live{Severity::warning, "rewrites big (2 GB)", migration.shown + ":2", 0, false};
    migration.findings = {predicted, live};
    migration.verdict = Verdict::will_fail;
    result.migrations.push_back(migration);
  }
  result.verdict = Verdict::will_fail;
  result.will_fail = true;
  return result;
}

}  // namespace

TEST_CASE("preflight on the shadow: what the server did replaces the static model's predictions, live facts stay") {
  PreflightResult result = two_migrations();
  ShadowOutcome applied;
  applied.checked = true;
  applied.applied = true;
  applied.changes = {"table nowhere: created"};
  applied.idempotency = Proof{Proof::Status::failed, "the second run fails: x", "", {}};
  ShadowOutcome failed;
  failed.checked = true;
  failed.error = "migrations/002_b.sql:3:7: ERROR:  boom";
  failed.error_summary = "migrations/002_b.sql:3: boom (SQLSTATE XX000)";
  apply_shadow_outcomes(result, {applied, failed}, "PostgreSQL 15, a throwaway cluster");

  CHECK(result.shadow == "PostgreSQL 15, a throwaway cluster");
  const auto& first = result.migrations[0];
  REQUIRE(first.findings.size() == 2);
  CHECK(first.findings[0].message == "rewrites big (2 GB)");
  CHECK(first.findings[1].severity == Severity::warning);
  CHECK(first.findings[1].message == "idempotency proof failed on the shadow: the second run fails: x");
  CHECK(first.verdict == Verdict::warnings);
  REQUIRE(first.shadow);
  CHECK(first.shadow->changes.size() == 1);

  const auto& second = result.migrations[1];
  REQUIRE(second.findings.size() == 2);
  CHECK(second.findings[0].severity == Severity::error);
  CHECK(second.findings[0].message == "fails on the shadow: boom (SQLSTATE XX000)");
  CHECK(second.findings[0].location == "migrations/002_b.sql:3");
  CHECK(second.verdict == Verdict::will_fail);
  CHECK(result.will_fail);
}

TEST_CASE("preflight on the shadow: what the role may do is the shadow's to say only where it ran as the role") {
  for (const bool as_target_role : {false, true}) {
    PreflightResult result = two_migrations();
    Finding privilege{Severity::error, "ALTER TABLE t fails: app does not own t", "migrations/001_a.sql:3", 0, false};
    privilege.privilege = true;
    result.migrations[0].findings.push_back(privilege);
    ShadowOutcome applied;
    applied.checked = true;
    applied.applied = true;
    apply_shadow_outcomes(result, {applied, ShadowOutcome{}}, "shadow", as_target_role);
    const auto& findings = result.migrations[0].findings;
    const bool kept = std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.privilege; });
    CHECK(kept == !as_target_role);
    CHECK(result.migrations[0].verdict == (as_target_role ? Verdict::warnings : Verdict::will_fail));
  }
}

TEST_CASE("preflight on the shadow: a migration the shadow did not run keeps its predictions") {
  PreflightResult result = two_migrations();
  ShadowOutcome applied;
  applied.checked = true;
  applied.applied = true;
  apply_shadow_outcomes(result, {applied, ShadowOutcome{}}, "shadow");
  CHECK(result.migrations[0].verdict == Verdict::warnings);
  CHECK(result.migrations[1].verdict == Verdict::will_fail);
  REQUIRE(result.migrations[1].shadow);
  CHECK_FALSE(result.migrations[1].shadow->checked);
  CHECK(result.will_fail);
}

TEST_CASE("verify without a shadow: only what the static model is sure of fails") {
  VerifyResult result;
  CheckRow missing_table;
  missing_table.kind = pgapply::ddl::ObjectKind::table;
  missing_table.object = "t";
  missing_table.status = CheckStatus::missing;
  CheckRow missing_constraint = missing_table;
  missing_constraint.kind = pgapply::ddl::ObjectKind::constraint;
  missing_constraint.object = "t_a_key on t";
  CheckRow conditional_column = missing_table;
  conditional_column.kind = pgapply::ddl::ObjectKind::column;
  conditional_column.conditional = true;
  CheckRow invalid = missing_constraint;
  invalid.kind = pgapply::ddl::ObjectKind::index;
  invalid.status = CheckStatus::invalid;
  result.rows = {missing_table, missing_constraint, conditional_column, invalid};
  result.ok = false;

  keep_only_certain_failures(result, "no server installed");
  CHECK(result.rows[0].status == CheckStatus::missing);
  CHECK(result.rows[1].status == CheckStatus::uncertain);
  CHECK(result.rows[1].differences[0] == "the static model says missing; no shadow could confirm it");
  CHECK(result.rows[2].status == CheckStatus::uncertain);
  CHECK(result.rows[3].status == CheckStatus::invalid);
  CHECK_FALSE(result.ok);
  CHECK(result.notes[0].find("no server installed") != std::string::npos);
  CHECK_FALSE(is_failure(CheckStatus::uncertain));

  VerifyResult only_uncertain;
  only_uncertain.rows = {missing_constraint};
  only_uncertain.ok = false;
  keep_only_certain_failures(only_uncertain, "x");
  CHECK(only_uncertain.ok);
}

TEST_CASE("preflight on the shadow: the objects a failed proof changed, counted in the singular and plural") {
  for (const auto& [changes, counted] :
       {std::pair{std::vector<std::string>{"table t: created"}, std::string(" (1 object differs)")},
        std::pair{std::vector<std::string>{"table t: created", "index i: created"}, std::string(" (2 objects differ)")}}) {
    PreflightResult result = two_migrations();
    ShadowOutcome outcome;
    outcome.checked = true;
    outcome.applied = true;
    outcome.idempotency = Proof{Proof::Status::failed, "the second run changes the schema", "", changes};
    apply_shadow_outcomes(result, {outcome, outcome}, "a throwaway cluster");
    REQUIRE(result.migrations[0].findings.size() == 2);
    CHECK(result.migrations[0].findings[1].message ==
          "idempotency proof failed on the shadow: the second run changes the schema" + counted);
  }
}
