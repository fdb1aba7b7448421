#include "report/drift_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "report/check_report.hpp"

using namespace pgapply;
using catalog::DifferenceKind;
using catalog::ObjectKind;

namespace {

catalog::DriftResult drift() {
  catalog::DriftResult result;
  result.database = "app@db/prod";
  result.shadow = "PostgreSQL 15.4, a throwaway cluster";
  result.migrations = 3;
  result.objects = 20;
  catalog::ExplainedDifference extra;
  extra.difference.kind = DifferenceKind::extra;
  extra.difference.key = {ObjectKind::column, "public", "users", "note"};
  extra.object = "column users.note";
  extra.explanation = "column users.note: here, made by no migration";
  catalog::ExplainedDifference different;
  different.difference.kind = DifferenceKind::different;
  different.difference.key = {ObjectKind::column, "public", "users", "email"};
  different.difference.changes = {{"type", "character varying(64)", "text"}};
  different.object = "column users.email";
  different.explanation = "column users.email: type character varying(64) here, text in the migrations";
  different.made_by = catalog::Attribution{"migrations/002_x.sql:4", "2", false};
  result.differences = {different, extra};
  return result;
}

}  // namespace

TEST_CASE("drift report: verify's text names each difference and the migration that made it") {
  const std::string text = report::render_drift_verify_text(drift());
  CHECK(text.find("Verify FAILED: 1 different, 1 extra (app@db/prod against its migrations).\n") == 0);
  CHECK(text.find("3 applied migrations replayed on the shadow (PostgreSQL 15.4, a throwaway cluster); 20 objects "
                  "compared.") != std::string::npos);
  CHECK(text.find("  DIFFERENT  column users.email: type character varying(64) here, text in the migrations  "
                  "(migrations/002_x.sql:4)\n") != std::string::npos);
  CHECK(text.find("  EXTRA      column users.note: here, made by no migration\n") != std::string::npos);
  catalog::DriftResult clean = drift();
  clean.differences.clear();
  CHECK(report::render_drift_verify_text(clean).find("Verified: app@db/prod has exactly the schema its migrations make.") == 0);
  clean.migrations = 1;
  clean.objects = 1;
  CHECK(report::render_drift_verify_text(clean).find("1 applied migration replayed on the shadow (PostgreSQL 15.4, a "
                                                     "throwaway cluster); 1 object compared.") != std::string::npos);
}

TEST_CASE("drift report: diff groups the drift both ways, JSON has stable kinds") {
  const std::string text = report::render_drift_diff_text(drift());
  const auto in_database = text.find("In the database, made by no migration:\n  EXTRA  column users.note");
  const auto different = text.find("Different in the database than the migrations make them:\n  DIFFERENT");
  CHECK(in_database != std::string::npos);
  CHECK(different != std::string::npos);
  CHECK(in_database < different);
  CHECK(text.find("Made by the migrations, missing") == std::string::npos);

  const auto json = nlohmann::json::parse(report::render_drift_json(drift(), "diff", "public.pgapply_migrations"));
  CHECK(json["command"] == "diff");
  CHECK(json["format_version"] == 1);
  CHECK(json["method"] == "shadow");
  CHECK(json["ledger"]["table"] == "public.pgapply_migrations");
  CHECK(json["ok"] == false);
  CHECK(json["counts"]["extra"] == 1);
  CHECK(json["counts"]["missing"] == 0);
  CHECK(json["differences"][0]["kind"] == "different");
  CHECK(json["differences"][0]["object_kind"] == "column");
  CHECK(json["differences"][0]["changes"][0]["database"] == "character varying(64)");
  CHECK(json["differences"][0]["made_by"]["location"] == "migrations/002_x.sql:4");
  CHECK(json["differences"][1]["made_by"].is_null());
}

TEST_CASE("check report: proofs proven and failed, the verdict last") {
  schema::CheckResult result;
  result.shadow = "a throwaway cluster";
  result.idempotency = true;
  result.rollback = true;
  schema::CheckedMigration good{"1", "001_a.sql", "migrations/001_a.sql", {}};
  good.outcome.checked = good.outcome.applied = true;
  good.outcome.changes = {"table a: created"};
  good.outcome.idempotency = schema::Proof{schema::Proof::Status::proven, "idempotent: the second run succeeds and changes nothing", "", {}};
  good.outcome.rollback = schema::Proof{schema::Proof::Status::not_run, "no down file", "", {}};
  schema::CheckedMigration bad{"2", "002_b.sql", "migrations/002_b.sql", {}};
  bad.outcome.checked = bad.outcome.applied = true;
  bad.outcome.idempotency = schema::Proof{schema::Proof::Status::failed, "the second run fails: x",
                                          "migrations/002_b.sql:1:1: ERROR:  relation \"b\" already exists\n", {}};
  result.migrations = {good, bad};
  CHECK_FALSE(result.ok());
  const std::string text = report::render_check_text(result);
  CHECK(text.find("Check of 2 migrations on the shadow (a throwaway cluster), from an empty database.") == 0);
  CHECK(text.find("migrations/001_a.sql\n  applies on the shadow in 0 ms, changing 1 object:\n    table a: created\n"
                  "  idempotency: idempotent: the second run succeeds and changes nothing\n  rollback: no down file\n") !=
        std::string::npos);
  CHECK(text.find("  idempotency: FAILED: the second run fails: x\n    migrations/002_b.sql:1:1: ERROR:  relation \"b\" "
                  "already exists\n") != std::string::npos);
  CHECK(text.find("Check FAILED: 1 not idempotent.") != std::string::npos);
  const auto json = nlohmann::json::parse(report::render_check_json(result));
  CHECK(json["ok"] == false);
  CHECK(json["migrations"][0]["shadow"]["idempotency"]["status"] == "proven");
  CHECK(json["migrations"][0]["shadow"]["rollback"]["status"] == "not_run");
  CHECK(json["migrations"][1]["shadow"]["idempotency"]["status"] == "failed");
  result.migrations.pop_back();
  CHECK(result.ok());
  CHECK(report::render_check_text(result).find("Check ok: every migration applies, is safe to run twice, and rolls "
                                               "back with its down file or down section where it has one.") != std::string::npos);
}
