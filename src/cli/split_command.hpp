#pragma once

#include <string>
#include <vector>

#include "cli/terminal.hpp"
#include "report/split_report.hpp"

namespace pgapply::cli {

struct SplitOptions {
  report::SplitFormat format = report::SplitFormat::text;
  std::vector<std::string> files;
};

// `pgapply split`: prints the items of each file; a file that cannot be split
// is reported as FILE:LINE:COL: error: ... and makes the status 1.
int run_split(const SplitOptions& options, Terminal& terminal);

}  // namespace pgapply::cli
