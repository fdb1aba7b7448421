#pragma once

#include <functional>

#include "cli/terminal.hpp"
#include "migrate/run_summary.hpp"

namespace pgapply::cli {

// Runs `run` (the command up or down), which fills `summary`; with `json`,
// writes ONE document (the summary, and the error when the run failed, also
// one that came before the engine filled anything) and turns a failure into
// DocumentedFailure; without, lets the failure pass.
void run_with_summary(bool json, const std::string& command, migrate::RunSummary& summary, Terminal& terminal,
                      const std::function<void()>& run);

}  // namespace pgapply::cli
