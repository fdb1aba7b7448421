#include "report/run_report.hpp"

#include <map>

#include "report/text_table.hpp"
#include "core/plural.hpp"

namespace pgapply::report {

namespace {

using migrate::RunOutcome;

constexpr RunOutcome all_outcomes[] = {RunOutcome::applied, RunOutcome::rolled_back, RunOutcome::failed,
                                       RunOutcome::interrupted, RunOutcome::not_run, RunOutcome::unknown};

std::string duration_text(std::optional<long long> ms) {
  if (!ms) return "";
  if (*ms < 1000) return std::to_string(*ms) + " ms";
  const long long tenths = (*ms + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

std::string mode_words(migrate::RunMode mode) {
  switch (mode) {
    case migrate::RunMode::in_transaction: return "in a transaction";
    case migrate::RunMode::own_transaction: return "its own transaction";
    case migrate::RunMode::no_transaction: return "no transaction";
  }
  return "";
}

std::string outcome_words(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::applied: return "applied";
    case RunOutcome::rolled_back: return "rolled back";
    case RunOutcome::failed: return "failed";
    case RunOutcome::interrupted: return "interrupted";
    case RunOutcome::not_run: return "not run";
    case RunOutcome::unknown: return "unknown";
  }
  return "";
}

std::map<RunOutcome, std::size_t> count_outcomes(const migrate::RunSummary& summary) {
  std::map<RunOutcome, std::size_t> counts;
  for (const auto& run : summary.migrations) ++counts[run.outcome];
  return counts;
}

// "Applied 2 migrations to X in 1.2 s" / "Rolled back 1 migration ..." /
// "Nothing to apply ..." / "Failed at 003_x.sql after applying 1 migration ...".
std::string headline(const migrate::RunSummary& summary) {
  const auto counts = count_outcomes(summary);
  const auto count = [&counts](RunOutcome outcome) {
    const auto found = counts.find(outcome);
    return found == counts.end() ? std::size_t{0} : found->second;
  };
  const bool down = summary.command == "down";
  const std::size_t done = count(down ? RunOutcome::rolled_back : RunOutcome::applied);
  const std::string verb = summary.dry_run ? (down ? "Would roll back " : "Would apply ") : (down ? "Rolled back " : "Applied ");
  std::string line;
  const migrate::MigrationRun* stopped = nullptr;
  for (const auto& run : summary.migrations) {
    if (run.outcome == RunOutcome::failed || run.outcome == RunOutcome::interrupted ||
        run.outcome == RunOutcome::unknown) {
      stopped = &run;
      break;
    }
  }
  const std::size_t unknown = count(RunOutcome::unknown);
  if (stopped != nullptr) {
    const char* how = stopped->outcome == RunOutcome::failed        ? "Failed"
                      : stopped->outcome == RunOutcome::interrupted ? "Interrupted"
                                                                     : "Lost the connection";
    line = std::string(how) + " at " + stopped->file_name + " after " + (down ? "rolling back " : "applying ") +
           plural(done, "migration");
  } else if (summary.migrations.empty()) {
    line = down ? "Nothing to roll back" : "Nothing to apply";
  } else {
    line = verb + plural(done, "migration");
  }
  if (!summary.target.empty()) line += (summary.migrations.empty() ? " in " : " to ") + summary.target;
  if (summary.duration_ms && !summary.migrations.empty()) line += " in " + duration_text(summary.duration_ms);
  if (unknown > 0) {
    // what the server did with the files it did not answer for is not known
    line += "; highest applied: unknown (" + plural(unknown, "migration") + " sent without an answer)";
  } else if (!summary.highest_applied_after.empty()) {
    line += "; highest applied: " + summary.highest_applied_after;
    if (summary.highest_applied_before != summary.highest_applied_after) {
      line += " (was " + (summary.highest_applied_before.empty() ? std::string("none") : summary.highest_applied_before) + ")";
    }
  } else if (!summary.highest_applied_before.empty()) {
    line += "; nothing applied now (was " + summary.highest_applied_before + ")";
  }
  return line + ".\n";
}

Json optional_number(std::optional<long long> value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace

std::string render_run_text(const migrate::RunSummary& summary) {
  std::string out = headline(summary);
  if (summary.migrations.empty()) return out;
  TextTable table({"version", "file", "mode", "outcome", "duration", "statements"});
  for (const auto& run : summary.migrations) {
    std::string statements = std::to_string(run.statements);
    if (run.mode == migrate::RunMode::no_transaction && run.statements_done != run.statements) {
      statements = std::to_string(run.statements_done) + " of " + statements;
    }
    std::string outcome = outcome_words(run.outcome);
    if (run.attempts > 1) outcome += " (attempt " + std::to_string(run.attempts) + ")";
    table.add({run.version, run.script.empty() ? run.file_name : run.script, mode_words(run.mode), outcome,
               duration_text(run.duration_ms), statements},
              run.error);
  }
  return out + "\n" + table.render("  ");
}

std::string render_run_json(const migrate::RunSummary& summary, const std::optional<ErrorReport>& error) {
  Json migrations = Json::array();
  for (const auto& run : summary.migrations) {
    migrations.push_back({{"version", run.version},
                          {"file", run.file_name},
                          {"script", run.script.empty() ? run.file_name : run.script},
                          {"down_file", text_or_null(run.down_file)},
                          {"transaction_mode", migrate::to_identifier(run.mode)},
                          {"transaction_mode_reason", text_or_null(run.mode_reason)},
                          {"outcome", migrate::to_identifier(run.outcome)},
                          {"duration_ms", optional_number(run.duration_ms)},
                          {"statements", run.statements},
                          {"statements_done", run.statements_done},
                          {"attempts", migrate::attempts_made(run)},
                          {"error_summary", text_or_null(run.error)}});
  }
  const auto counted = count_outcomes(summary);
  Json counts = Json::object();
  for (const auto outcome : all_outcomes) {
    const auto found = counted.find(outcome);
    counts[std::string(migrate::to_identifier(outcome))] = found == counted.end() ? 0 : found->second;
  }
  Json out = json_document(summary.command);
  out["dry_run"] = summary.dry_run;
  out["database"] = text_or_null(summary.target);
  out["ledger"] = summary.ledger.empty() ? Json(nullptr) : ledger_json(summary.ledger);  // stopped before it was known
  out["highest_applied_before"] = text_or_null(summary.highest_applied_before);
  // not known while a migration's outcome is not (RunOutcome::unknown)
  out["highest_applied_after"] =
      counted.count(RunOutcome::unknown) != 0 ? Json(nullptr) : text_or_null(summary.highest_applied_after);
  out["duration_ms"] = optional_number(summary.duration_ms);
  out["counts"] = counts;
  out["migrations"] = migrations;
  if (error) out["error"] = error_json(*error);
  return dump_document(out);
}

}  // namespace pgapply::report
