#include "migrate/ledger_row.hpp"

#include <algorithm>

#include "migrate/version.hpp"

namespace pgapply::migrate {

std::vector<LedgerRow> in_applied_order(std::vector<LedgerRow> rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const LedgerRow& a, const LedgerRow& b) { return compare_versions(a.version, b.version) < 0; });
  // The places up's rows hold, refilled with them in the order up applied them.
  std::vector<std::size_t> places;
  std::vector<LedgerRow> by_up;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].method != "up" || rows[i].applied_at_us.empty()) continue;
    places.push_back(i);
    by_up.push_back(rows[i]);
  }
  std::stable_sort(by_up.begin(), by_up.end(),
                   [](const LedgerRow& a, const LedgerRow& b) { return a.applied_at_us < b.applied_at_us; });
  for (std::size_t i = 0; i < places.size(); ++i) rows[places[i]] = std::move(by_up[i]);
  return rows;
}

std::string_view to_string(LedgerState state) {
  switch (state) {
    case LedgerState::applied: return "applied";
    case LedgerState::running: return "running";
    case LedgerState::failed: return "failed";
  }
  return "?";
}

std::optional<LedgerState> parse_ledger_state(std::string_view text) {
  if (text == "applied") return LedgerState::applied;
  if (text == "running") return LedgerState::running;
  if (text == "failed") return LedgerState::failed;
  return std::nullopt;
}

std::string first_statements(int count) {
  return count == 1 ? "statement 1" : "statements 1-" + std::to_string(count);
}

std::string taken_effect(const LedgerRow& row) {
  std::string text =
      row.statements_done > 0 ? first_statements(row.statements_done) + " took effect" : "none of its statements took effect";
  if (row.earlier_statements_done > 0) {
    text += std::string(row.statements_done > 0 ? ", and " : ", but ") + first_statements(row.earlier_statements_done) +
            " of an earlier run had (one before the file changed, or before repair --clear-failed)";
  }
  return text;
}

OtherSession other_sessions_doing(std::string_view error) {
  struct Conflict {
    std::string_view sqlstate;
    std::string_view what;   // how the other session got in the way
    std::string_view event;  // what that made: the cause's end, a repair's reason
  };
  // pg::sqlstate's lock_not_available, deadlock_detected, serialization_failure
  static constexpr Conflict conflicts[] = {
      {"55P03", "another session held a lock it needed", "lock timeout"},
      {"40P01", "another session held a lock it needed, and waited for one it held", "deadlock"},
      {"40001", "another session's transaction conflicted with it", "serialization failure"},
  };
  constexpr std::string_view tag = "(SQLSTATE ";
  if (error.size() < tag.size() + 6 || !error.ends_with(')')) return {};
  const std::string_view code = error.substr(error.size() - 6, 5);
  if (error.substr(error.size() - 6 - tag.size(), tag.size()) != tag) return {};
  for (const auto& conflict : conflicts) {
    if (conflict.sqlstate == code) {
      return {std::string(conflict.what) + ": a " + std::string(conflict.event), std::string(conflict.event)};
    }
  }
  return {};
}

}  // namespace pgapply::migrate
