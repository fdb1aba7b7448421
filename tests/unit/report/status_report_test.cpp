// `pgapply status`'s table, as it is written (byte for byte: scripts parse it).
#include "report/status_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "migrate/plan.hpp"

using namespace pgapply;

namespace {

// An applied ledger row of `file_name` ("001_users.sql": version 1, name users).
migrate::LedgerRow applied_row(const std::string& file_name, const std::string& checksum,
                               const std::string& applied_at = "") {
  const auto discovered = migrate::discover({file_name});
  migrate::LedgerRow row;
  row.version = discovered.migrations.at(0).version;
  row.name = discovered.migrations.at(0).name;
  row.file_name = file_name;
  row.checksum = checksum;
  row.applied_at = applied_at;
  return row;
}

}  // namespace

TEST_CASE("status: the table, padded to its widest cells, a note under a row, the counts") {
  const auto discovery = migrate::discover({"001_users.sql", "002_items.sql", "20240101120000_long.sql"});
  migrate::LedgerRow applied = applied_row("001_users.sql", "s1", "2026-12-01T10:00:00Z");
  applied.duration_ms = 12;
  applied.method = "baseline";
  applied.source = "dbmate";
  migrate::LedgerRow edited = applied_row("002_items.sql", "old", "2026-12-01T10:00:00Z");
  edited.method = "up";
  const auto plan = migrate::make_plan(discovery, {{"1", "s1"}, {"2", "new"}, {"20240101120000", "s3"}},
                                       {applied, edited});
  const std::string text = report::render_status_text(plan, "app@db/app", "public.pgapply_migrations");
  CHECK(text ==
        "Database app@db/app, ledger public.pgapply_migrations\n"
        "\n"
        "  version         state      applied at            duration   recorded by        file\n"
        "  1               applied    2026-12-01T10:00:00Z  12 ms      baseline (dbmate)  001_users.sql\n"
        "  2               modified   2026-12-01T10:00:00Z             up                 002_items.sql\n"
        "                  ^ file changed since it was applied: ledger checksum old..., file new...\n"
        "  20240101120000  pending                                                        20240101120000_long.sql\n"
        "\n"
        "3 migrations: 1 applied, 1 pending, 1 modified.\n");
}

TEST_CASE("another tool's ledger: what it records, golang-migrate's, the version it is at and what that stands for") {
  const std::vector<report::ForeignLedgerNote> notes = {
      {"dbmate", "public.schema_migrations", 2, "", "pgapply baseline --from dbmate"},
      {"golang-migrate", "public.schema_migrations", 120, "120", "pgapply baseline --from golang-migrate"}};
  CHECK(report::render_foreign_ledgers_text(notes) ==
        "pgapply's ledger is empty, but dbmate's ledger public.schema_migrations records 2 applied migrations: adopt "
        "them with:\n  pgapply baseline --from dbmate\n  (it shows what it would record; add --yes to record it)\n"
        "pgapply's ledger is empty, but golang-migrate's ledger public.schema_migrations is at version 120 (120 "
        "applied migrations up to it): adopt them with:\n  pgapply baseline --from golang-migrate\n"
        "  (it shows what it would record; add --yes to record it)\n");
  // its version's file missing: counted, as baseline --from counts it (NO FILE), and said (a hunt's find)
  const std::vector<report::ForeignLedgerNote> beyond = {
      {"golang-migrate", "public.schema_migrations", 4, "5", "pgapply baseline --from golang-migrate", 0, 1}};
  CHECK(report::render_foreign_ledgers_text(beyond).find(
            "is at version 5 (4 applied migrations up to it, 1 of them with no file here): adopt") !=
        std::string::npos);
}

TEST_CASE("status: one migration is counted in the singular") {
  const auto discovery = migrate::discover({"001_users.sql"});
  migrate::LedgerRow applied = applied_row("001_users.sql", "s1", "2026-12-01T10:00:00Z");
  const auto plan = migrate::make_plan(discovery, {{"1", "s1"}}, {applied});
  const std::string text = report::render_status_text(plan, "app@db/app", "public.pgapply_migrations");
  CHECK(text.ends_with("\n1 migration: 1 applied.\n"));
}

TEST_CASE("status JSON: at and by, when and by whom its ledger row was written, as history's events say") {
  const auto discovery = migrate::discover({"001_users.sql", "002_items.sql"});
  migrate::LedgerRow applied = applied_row("001_users.sql", "s1", "2026-12-01T10:00:00Z");
  applied.applied_by = "deployer";
  const auto plan = migrate::make_plan(discovery, {{"1", "s1"}, {"2", "s2"}}, {applied});
  const auto json = nlohmann::json::parse(report::render_status_json(plan, "app@db/app", "public.pgapply_migrations"));
  CHECK(json["migrations"][0]["at"] == "2026-12-01T10:00:00Z");
  CHECK(json["migrations"][0]["by"] == "deployer");
  CHECK(!json["migrations"][0].contains("applied_at"));
  CHECK(json["migrations"][1]["at"].is_null());
  CHECK(json["migrations"][1]["by"].is_null());
}

TEST_CASE("status: what keeps it from clean, for status --exit-code") {
  const auto discovery = migrate::discover({"001_users.sql", "002_items.sql", "003_more.sql"});
  migrate::LedgerRow applied = applied_row("001_users.sql", "s1");
  const auto clean = migrate::make_plan(migrate::discover({"001_users.sql"}), {{"1", "s1"}}, {applied});
  CHECK(report::unclean_text(clean).empty());
  CHECK(report::is_clean(clean));
  const auto plan = migrate::make_plan(discovery, {{"1", "edited"}, {"2", "s2"}, {"3", "s3"}}, {applied});
  CHECK(report::unclean_text(plan) == "2 pending, 1 modified");
  CHECK_FALSE(report::is_clean(plan));
  // Every state is one or the other: missing and failed are named too, after pending and modified.
  const migrate::LedgerRow gone = applied_row("004_gone.sql", "s1");
  migrate::LedgerRow failed = applied_row("003_more.sql", "s3");
  failed.state = migrate::LedgerState::failed;
  const auto worse = migrate::make_plan(discovery, {{"1", "edited"}, {"2", "s2"}, {"3", "s3"}}, {applied, failed, gone});
  CHECK(report::unclean_text(worse) == "1 pending, 1 modified, 1 missing, 1 failed");
  CHECK_FALSE(report::is_clean(worse));
}

TEST_CASE("status painted: the state cells only, padded as plain text, the header and names keep their words") {
  // A file named applied.sql, a header saying "applied at": words, not states.
  const auto discovery = migrate::discover({"001_applied.sql", "002_pending_fix.sql"});
  const auto plan = migrate::make_plan(discovery, {{"1", "s1"}, {"2", "s2"}},
                                       {applied_row("001_applied.sql", "s1", "2026-12-01T10:00:00Z")});
  const std::string plain = report::render_status_text(plan, "app@db/app", "public.pgapply_migrations");
  const std::string painted =
      report::render_status_text(plan, "app@db/app", "public.pgapply_migrations", {}, report::Paint{true});
  const std::string green = report::paint(report::Tone::good, "applied");
  const std::string yellow = report::paint(report::Tone::attention, "pending");
  CHECK(painted ==
        "Database app@db/app, ledger public.pgapply_migrations\n"
        "\n"
        "  version  state      applied at            duration   recorded by     file\n"
        "  1        " + green + "    2026-12-01T10:00:00Z                             001_applied.sql\n"
        "  2        " + yellow + "                                                     002_pending_fix.sql\n"
        "\n"
        "2 migrations: 1 applied, 1 pending.\n");
  // Without paint, the same text with no escape at all.
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(report::unpainted_size(painted) == plain.size());
}
