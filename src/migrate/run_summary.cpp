#include "migrate/run_summary.hpp"

namespace pgapply::migrate {

std::string_view to_identifier(RunMode mode) {
  switch (mode) {
    case RunMode::in_transaction: return "in_transaction";
    case RunMode::own_transaction: return "own_transaction";
    case RunMode::no_transaction: return "no_transaction";
  }
  return "?";
}

std::string_view to_identifier(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::applied: return "applied";
    case RunOutcome::rolled_back: return "rolled_back";
    case RunOutcome::failed: return "failed";
    case RunOutcome::interrupted: return "interrupted";
    case RunOutcome::not_run: return "not_run";
    case RunOutcome::unknown: return "unknown";
  }
  return "?";
}

int attempts_made(const MigrationRun& run) { return run.outcome == RunOutcome::not_run ? 0 : run.attempts; }

}  // namespace pgapply::migrate
