// What a failed statement-by-statement run left in effect, in words.
#include "migrate/ledger_row.hpp"

#include <doctest/doctest.h>

#include "pg/sqlstate.hpp"

using namespace pgapply::migrate;

namespace {

LedgerRow failed_after(int done, int earlier = 0) {
  LedgerRow row;
  row.state = LedgerState::failed;
  row.statements = 3;
  row.statements_done = done;
  row.earlier_statements_done = earlier;
  return row;
}

}  // namespace

TEST_CASE("taken_effect: this run's statements, then an earlier version's, never a 1-0 range") {
  CHECK(taken_effect(failed_after(0)) == "none of its statements took effect");
  CHECK(taken_effect(failed_after(1)) == "statement 1 took effect");
  CHECK(taken_effect(failed_after(2)) == "statements 1-2 took effect");
  CHECK(taken_effect(failed_after(0, 1)) ==
        "none of its statements took effect, but statement 1 of an earlier run had (one before the file changed, or "
        "before repair --clear-failed)");
  CHECK(taken_effect(failed_after(1, 2)) ==
        "statement 1 took effect, and statements 1-2 of an earlier run had (one before the file changed, or before "
        "repair --clear-failed)");
  CHECK(first_statements(1) == "statement 1");
  CHECK(first_statements(4) == "statements 1-4");
}

TEST_CASE("rows in the order they took effect: up's by when it applied them, baseline's and repair's in version order") {
  const auto row = [](std::string version, std::string method, std::string at) {
    LedgerRow r;
    r.version = std::move(version);
    r.method = std::move(method);
    r.applied_at_us = std::move(at);
    return r;
  };
  const auto versions = [](const std::vector<LedgerRow>& rows) {
    std::string out;
    for (const auto& r : rows) out += r.version + " ";
    return out;
  };
  // 2 applied out of order after 3 and 10
  CHECK(versions(in_applied_order({row("10", "up", "2026-01-01 00:00:01.000000"),
                                   row("2", "up", "2026-01-02 00:00:00.000000"),
                                   row("1", "up", "2026-01-01 00:00:00.000000"),
                                   row("3", "up", "2026-01-01 00:00:00.500000")})) == "1 3 10 2 ");
  // 2 marked applied by repair after 3 ran: its version's place
  CHECK(versions(in_applied_order({row("1", "up", "2026-01-01 00:00:00.000000"),
                                   row("2", "repair", "2026-01-03 00:00:00.000000"),
                                   row("3", "up", "2026-01-01 00:00:01.000000")})) == "1 2 3 ");
  // no times (a dry run's rows): version order, 9 before 10
  CHECK(versions(in_applied_order({row("10", "up", ""), row("9", "up", "")})) == "9 10 ");
}

TEST_CASE("other_sessions_doing: the SQLSTATEs of a lock timeout, a deadlock, a serialization failure, by pg's names") {
  const auto error = [](std::string_view code) {
    return "1_a.sql:3: canceling statement (SQLSTATE " + std::string(code) + ")";
  };
  namespace sqlstate = pgapply::pg::sqlstate;
  CHECK(other_sessions_doing(error(sqlstate::lock_not_available)).cause.ends_with(": a lock timeout"));
  CHECK(other_sessions_doing(error(sqlstate::deadlock_detected)).cause.ends_with(": a deadlock"));
  CHECK(other_sessions_doing(error(sqlstate::serialization_failure)).cause.ends_with(": a serialization failure"));
  CHECK(other_sessions_doing(error(sqlstate::undefined_table)).empty());
  CHECK(other_sessions_doing(error(sqlstate::query_canceled)).empty());
  // the code at the end, as the run loop writes it, not one the message quotes
  CHECK(other_sessions_doing("1_a.sql:3: said (SQLSTATE 55P03) once").empty());
  CHECK(other_sessions_doing("").empty());
  CHECK(other_sessions_doing("55P03)").empty());
}
