#include "migrate/ledger_row.hpp"

namespace pgapply::migrate {

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

}  // namespace pgapply::migrate
