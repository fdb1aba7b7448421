// The history table's rows, as `pgapply history` shows them.
#include "report/history_report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace pgapply;

TEST_CASE("history: a table of events, and JSON with snake_case event names") {
  const std::vector<migrate::HistoryEntry> events = {
      {1, "1", "applied", "2026-01-01 10:00:00+00", "app", "ci@runner", "ab12cd34ef56aa", "", "0.1.0"},
      {2, "1", "rolled-back", "2026-01-02 10:00:00+00", "app", "", "", "bad index", "0.1.0"}};
  const std::string text = report::render_history_text(events, 2, "app@db/app", "public.pgapply_migrations");
  CHECK(text ==
        "History of ledger public.pgapply_migrations in app@db/app\n\n"
        "  at                      version  event        by               reason\n"
        "  2026-01-01 10:00:00+00  1        applied      app (ci@runner)  checksum ab12cd34ef56...\n"
        "  2026-01-02 10:00:00+00  1        rolled-back  app              bad index\n"
        "\n2 events.\n");
  const auto json = nlohmann::json::parse(report::render_history_json(events, 2, "app@db/app", "public.pgapply_migrations"));
  CHECK(json["command"] == "history");
  CHECK(json["events"][1]["event"] == "rolled_back");
  CHECK(json["events"][1]["client"].is_null());
  CHECK(json["events"][0]["id"] == 1);
  CHECK(json["events"][0]["by"] == "app");
  CHECK(json["events"][0]["at"] == "2026-01-01 10:00:00+00");
  CHECK(!json["events"][0].contains("by_user"));
  CHECK(json["total_events"] == 2);
}

TEST_CASE("history: one event is counted in the singular") {
  const std::vector<migrate::HistoryEntry> events = {
      {1, "1", "applied", "2026-01-01 10:00:00+00", "app", "", "", "", "0.1.0"}};
  CHECK(report::render_history_text(events, 1, "app@db/app", "public.pgapply_migrations").ends_with("\n1 event.\n"));
}

TEST_CASE("history: --limit shows the newest of how many") {
  const std::vector<migrate::HistoryEntry> events = {
      {7, "3", "applied", "2026-01-01 10:00:00+00", "app", "", "", "", "0.1.0"}};
  CHECK(report::render_history_text(events, 7, "app@db/app", "public.pgapply_migrations")
            .ends_with("\nThe newest 1 of 7 events (--limit).\n"));
  const auto json = nlohmann::json::parse(report::render_history_json(events, 7, "app@db/app", "public.pgapply_migrations"));
  CHECK(json["total_events"] == 7);
}
