#include "migrate/ledger_row.hpp"

#include "migrate/version.hpp"

namespace pgapply::migrate {

bool applied_before(const LedgerRow& a, const LedgerRow& b) {
  if (!a.applied_at_us.empty() && !b.applied_at_us.empty() && a.applied_at_us != b.applied_at_us) {
    return a.applied_at_us < b.applied_at_us;
  }
  return compare_versions(a.version, b.version) < 0;
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

}  // namespace pgapply::migrate
