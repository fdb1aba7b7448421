#include "engine/operations/record_kept_out.hpp"

#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/command_hint.hpp"

namespace pgapply::engine {

void refuse_record_kept_out(const migrate::RunSummary& summary, const Context& context) {
  std::vector<std::string> files;
  std::string repairs;
  bool rolled_back = false;
  for (const migrate::MigrationRun& run : summary.migrations) {
    const bool ran = run.outcome == migrate::RunOutcome::applied || run.outcome == migrate::RunOutcome::rolled_back;
    if (!ran || !run.record_kept_out) continue;
    rolled_back = run.outcome == migrate::RunOutcome::rolled_back;
    files.push_back(run.down_file.empty() ? run.file_name : run.down_file);
    repairs += "\n  " + pgapply_command(context, {"repair", rolled_back ? "--mark-pending" : "--mark-applied",
                                                  run.version, "--reason", "its record was kept out of the ledger"});
  }
  if (files.empty()) return;
  std::string named;
  for (const auto& file : files) named += (named.empty() ? "" : ", ") + file;
  const bool one = files.size() == 1;
  const std::string wrong = rolled_back ? "the ledger still has " + std::string(one ? "its row" : "their rows")
                                        : "the ledger has no applied row for " + std::string(one ? "it" : "them");
  throw Error(ErrorKind::sql, named + (one ? " ran and committed" : " ran and committed, each") + ", but " + wrong +
                                  ": something the migrations made (a trigger or rule on the ledger?) kept pgapply's "
                                  "record out. Remove it, then record " + (one ? "the file:" : "each file:") + repairs);
}

}  // namespace pgapply::engine
