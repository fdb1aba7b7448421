#include "migrate/plan.hpp"

#include <algorithm>
#include <set>

#include "core/interruption.hpp"
#include "core/plural.hpp"
#include "core/shell_quote.hpp"
#include "migrate/version.hpp"

namespace pgapply::migrate {

std::string_view to_string(MigrationState state) {
  switch (state) {
    case MigrationState::applied: return "applied";
    case MigrationState::pending: return "pending";
    case MigrationState::modified: return "modified";
    case MigrationState::missing: return "missing";
    case MigrationState::failed: return "failed";
    case MigrationState::rollback_failed: return "rollback_failed";
  }
  return "?";
}

namespace {

// Keeps in `highest` the higher of it and `version` (a repeatable
// migration's key, which is no version, aside).
void keep_highest(std::string& highest, const std::string& version) {
  if (!is_repeatable_key(version) && (highest.empty() || compare_versions(version, highest) > 0)) highest = version;
}

}  // namespace

std::string highest_applied(const std::vector<LedgerRow>& rows) {
  std::string highest;
  for (const auto& row : rows) {
    if (row.state == LedgerState::applied) keep_highest(highest, row.version);
  }
  return highest;
}

std::string highest_applied_after(const std::vector<LedgerRow>& before, const std::vector<MigrationRun>& runs) {
  std::set<std::string, VersionLess> rolled_back;
  for (const auto& run : runs) {
    if (run.outcome == RunOutcome::rolled_back) rolled_back.insert(run.version);
  }
  std::string highest;
  for (const auto& row : before) {
    if (row.state == LedgerState::applied && rolled_back.count(row.version) == 0) keep_highest(highest, row.version);
  }
  for (const auto& run : runs) {
    if (run.outcome == RunOutcome::applied) keep_highest(highest, run.version);
  }
  return highest;
}

const std::string* deleted_row(const PlanEntry& entry, const DeletedRows& deleted_rows) {
  if (entry.row || entry.state != MigrationState::pending || is_repeatable_key(entry.version)) return nullptr;
  const auto found = deleted_rows.find(entry.version);
  return found == deleted_rows.end() ? nullptr : &found->second;
}

Plan make_plan(const Discovery& discovery, const Checksums& checksums, std::vector<LedgerRow> rows,
               const ChecksumInputs& inputs) {
  // The files in version order: the versioned migrations (discover sorts
  // them), then the repeatable ones (Flyway's R__name.sql), by description,
  // under their key, which sorts after every version (`checksums` holds
  // theirs under it).
  std::vector<MigrationFile> repeatables;
  repeatables.reserve(discovery.repeatables.size());
  for (auto file : discovery.repeatables) {
    file.version = ledger_key(file);
    repeatables.push_back(std::move(file));
  }
  std::vector<const MigrationFile*> files;
  files.reserve(discovery.migrations.size() + discovery.code_migrations.size() + repeatables.size());
  for (const auto& file : discovery.migrations) files.push_back(&file);
  if (!discovery.code_migrations.empty()) {  // goose's Go migrations, in among them by version
    for (const auto& file : discovery.code_migrations) files.push_back(&file);
    std::stable_sort(files.begin(), files.end(), [](const MigrationFile* a, const MigrationFile* b) {
      return compare_versions(a->version, b->version) < 0;
    });
  }
  for (const auto& file : repeatables) files.push_back(&file);
  // The rows in version order too (the ledger reads them so); of rows of
  // one version, the last one counts.
  std::vector<LedgerRow*> by_version;
  by_version.reserve(rows.size());
  for (auto& row : rows) by_version.push_back(&row);
  const auto row_less = [](const LedgerRow* a, const LedgerRow* b) { return compare_versions(a->version, b->version) < 0; };
  if (!std::is_sorted(by_version.begin(), by_version.end(), row_less)) {
    std::stable_sort(by_version.begin(), by_version.end(), row_less);
  }
  Plan plan;
  plan.highest_applied = highest_applied(rows);
  // Files and rows matched by version, one merge of the two sorted lists.
  plan.entries.reserve(files.size() + by_version.size());
  std::size_t next_file = 0;
  std::size_t next_row = 0;
  auto checksum = checksums.begin();  // walked along with the files, both in version order
  while (next_file < files.size() || next_row < by_version.size()) {
    const int order = next_file == files.size()      ? 1
                      : next_row == by_version.size() ? -1
                                                      : compare_versions(files[next_file]->version,
                                                                         by_version[next_row]->version);
    PlanEntry& entry = plan.entries.emplace_back();
    if (order <= 0) {
      const MigrationFile& file = *files[next_file++];
      entry.version = file.version;
      entry.file = file;
      while (checksum != checksums.end() && compare_versions(checksum->first, file.version) < 0) ++checksum;
      const auto found = checksum != checksums.end() && compare_versions(checksum->first, file.version) == 0
                             ? checksum
                             : checksums.find(file.version);  // (files out of order: looked up)
      if (found != checksums.end()) entry.file_checksum = found->second;
      if (const auto covered = inputs.find(file.version); covered != inputs.end()) {
        entry.checksum_inputs = covered->second;
      }
    }
    if (order >= 0) {
      LedgerRow* row = by_version[next_row++];
      while (next_row < by_version.size() && compare_versions(by_version[next_row]->version, row->version) == 0) {
        row = by_version[next_row++];
      }
      entry.version = row->version;
      entry.row = std::move(*row);
    }
  }
  for (auto& entry : plan.entries) {
    const std::string& version = entry.version;
    if (!entry.row) {
      entry.state = MigrationState::pending;
      entry.out_of_order = !is_repeatable_key(version) && !plan.highest_applied.empty() &&
                           compare_versions(version, plan.highest_applied) < 0;
    } else if (entry.row->state != LedgerState::applied) {
      entry.state = MigrationState::failed;
    } else if (rollback_unfinished(*entry.row)) {
      entry.state = MigrationState::rollback_failed;
    } else if (!entry.file) {
      entry.state = MigrationState::missing;
    } else if (entry.file->format == FileFormat::goose_go) {
      entry.state = MigrationState::applied;  // as goose applied it: pgapply has no checksum of Go code
    } else if (entry.row->checksum != entry.file_checksum) {
      // A repeatable migration that changed runs again, as Flyway runs it.
      entry.state = is_repeatable_key(version) ? MigrationState::pending : MigrationState::modified;
    } else {
      entry.state = MigrationState::applied;
    }
  }
  return plan;
}

namespace {

// `pgapply repair FLAG VERSION --reason '...'`: the reason is the user's to write.
std::string repair_hint(const CommandHint& command, const std::string& flag, const std::string& version) {
  return command({"repair", flag, version, "--reason", std::string(hint_placeholder)});
}

}  // namespace

std::string failed_problem(const PlanEntry& entry, const CommandHint& command) {
  const LedgerRow& row = *entry.row;
  // Stopped by a signal or by pgapply's death, rather than by its own SQL.
  const bool interrupted = row.state == LedgerState::running || says_interrupted(row.error);
  std::string text = entry.file_name() + " ";
  text += row.state == LedgerState::running ? "was interrupted" : "failed";
  text += " at statement " + std::to_string(row.statements_done + 1) + " of " +
          std::to_string(row.statements) + " (on " + row.applied_at + ")";
  if (!row.error.empty()) text += ": " + row.error;
  text += "; it ran outside a transaction, so " + taken_effect(row);
  if (row.statement_running) {
    // Sent, not answered: pgapply died (or lost the connection) meanwhile.
    text += ", and statement " + std::to_string(*row.statement_running) +
            " (one that cannot run in a transaction block) was running and may have taken effect too";
  }
  // A lock timeout or deadlock is no more the file's fault than a signal is: it
  // runs again as it is (a transactional file up retries; this one it cannot).
  const OtherSession conflict = interrupted ? OtherSession{} : other_sessions_doing(row.error);
  if (interrupted || !conflict.empty()) {
    text += ". Nothing is wrong with the file itself" + (conflict.empty() ? "" : " (" + conflict.cause + ")") +
            ": if its statements can run again from the first (IF NOT EXISTS...), run it again with: " +
            command({"repair", "--clear-failed", entry.version, "--reason",
                     interrupted ? "interrupted" : conflict.event}) +
            ", then " +
            command({"up"}) + " (or, once you have finished it by hand: " +
            repair_hint(command, "--mark-applied", entry.version) +
            "; '...' is your reason)";
    return text;
  }
  // (up runs it again only once the failure is cleared: the whole file, from its first statement)
  text += ". Fix the file so that its statements can run again from the first (IF NOT EXISTS...), or undo what "
          "took effect, then run it again with: " +
          repair_hint(command, "--clear-failed", entry.version) + ", then " + command({"up"}) +
          " (or, once you have finished it by hand: " + repair_hint(command, "--mark-applied", entry.version) +
          "; '...' is your reason)";
  return text;
}

namespace {

// goose up-to applies every version above the highest its ledger records
// as applied: the migrations pgapply applied below `go` must be recorded
// there first, or goose runs them again. The SQL that records those it
// lacks (by its newest row, as goose reads it), or "" when pgapply applied none.
std::string goose_catch_up(const Plan& plan, const PlanEntry& go) {
  std::string versions;
  std::size_t count = 0;
  for (const auto& entry : plan.entries) {
    if (compare_versions(entry.version, go.version) >= 0) break;
    if (entry.state != MigrationState::applied || !is_digits(entry.version)) continue;
    versions += (versions.empty() ? "" : ",") + entry.version;
    ++count;
  }
  if (count == 0) return "";
  return "goose applies every version above the highest its ledger records, so first record there the " +
         plural(count, "migration") +
         " pgapply applied before it, as that table's owner (goose makes the table with its first command, such as "
         "goose version; name it as goose's -table does, goose_db_version by default, with its schema where "
         "search_path does not find it): INSERT INTO goose_db_version (version_id, is_applied) SELECT v, true FROM "
         "unnest('{" + versions +
         "}'::bigint[]) AS v WHERE (SELECT g.is_applied FROM goose_db_version g WHERE g.version_id = v ORDER BY g.id "
         "DESC LIMIT 1) IS NOT TRUE ORDER BY v; then ";
}

}  // namespace

std::string go_migration_problem(const Plan& plan, const PlanEntry& entry, const CommandHint& command) {
  return entry.file->file_name + " is a goose migration written in Go, which pgapply cannot run: " +
         goose_catch_up(plan, entry) + "apply it with your "
         "goose binary (goose up-to " + entry.file->version_text + "), then record what goose applied with " +
         command({"baseline", "--from", "goose", "--yes"}) + "; or, if it is applied already, record it with " +
         repair_hint(command, "--mark-applied", entry.version) + " ('...' is your reason); or rewrite it as SQL (" +
         entry.file->version_text + "_" + entry.file->name + ".sql, the .go file removed)";
}

bool cleared_by_repair(const LedgerRow& row) { return row.state != LedgerState::applied && row.checksum.empty(); }

bool rollback_unfinished(const LedgerRow& row) { return row.state == LedgerState::applied && !row.error.empty(); }

std::string unfinished_rollback_problem(const LedgerRow& row, const CommandHint& command) {
  return row.file_name + " is recorded as applied, but its " + row.error +
         ": part of it is undone. Finish the rollback by hand and record that with " +
         repair_hint(command, "--mark-pending", row.version) + " (up runs it again), or restore what it undid and "
         "keep it applied with " + repair_hint(command, "--clear-failed", row.version) + " ('...' is your reason)";
}

UpDecision decide_up(const Plan& plan, const UpRules& rules) {
  const CommandHint command = rules.command ? rules.command : CommandHint(pgapply_words);
  UpDecision decision;
  const auto refuse = [&decision](const PlanEntry& entry, std::string problem) {
    decision.refuse(entry.file_name(), std::move(problem));
  };
  for (const auto& entry : plan.entries) {
    const bool in_target = !rules.target || compare_versions(entry.version, *rules.target) <= 0;
    switch (entry.state) {
      case MigrationState::applied:
        if (entry.row->file_name != entry.file->file_name) {
          decision.warnings.push_back(entry.file->file_name + " (version " + entry.version + ") is recorded as " +
                                      entry.row->file_name + ": it was renamed since it was applied");
        }
        break;
      case MigrationState::missing:
        decision.warnings.push_back(entry.row->file_name + " (version " + entry.version +
                                    ") is applied but its file is missing: restore it, or, if it was removed on "
                                    "purpose, take it out of the ledger (nothing runs) with " +
                                    repair_hint(command, "--mark-pending", entry.version) + " ('...' is your reason)");
        break;
      case MigrationState::modified:
        if (entry.row->file_name != entry.file->file_name) {
          // Another file under the same version: most often the wrong
          // directory or the wrong database, which "accept the edit" would
          // make worse (the next files would run on a schema they never saw).
          refuse(entry,
              "version " + entry.version + " is recorded as " + entry.row->file_name + " (applied " +
              entry.row->applied_at + ") but the directory has " + entry.file->file_name +
              ", with other contents: is this the right --dir for this database? If " + entry.row->file_name +
              " was renamed and changed on purpose, record it with " +
              repair_hint(command, "--accept-checksum", entry.version) +
              " ('...' is your reason)");
          break;
        }
        refuse(entry,
            entry.file->file_name + (entry.checksum_inputs.empty() ? "" : ", or what it reads (" +
                                     listed(entry.checksum_inputs) + "),") +
            " was modified after it was applied: checksum " + entry.row->checksum + " in the ledger, " +
            entry.file_checksum + " now. " +
            (entry.checksum_inputs.empty()
                 ? "Restore the file, or accept the edit with "
                 : "Give the values it was applied with (the ledger keeps only the checksum), or restore the "
                   "file; if the file changed on purpose, and the values are those it was applied with, accept "
                   "the edit with ") +
            repair_hint(command, "--accept-checksum", entry.version) + " ('...' is your reason)");
        break;
      case MigrationState::failed:
        if (!entry.file) {
          refuse(entry, failed_problem(entry, command) + " (and its file is missing)");
        } else if (entry.file_checksum == entry.row->checksum) {
          refuse(entry, failed_problem(entry, command));
        } else if (in_target) {
          decision.to_apply.push_back(&entry);  // fixed since it failed: run it again
        }
        break;
      case MigrationState::rollback_failed:
        refuse(entry, unfinished_rollback_problem(*entry.row, command));
        break;
      case MigrationState::pending:
        if (!in_target) break;
        if (entry.file->format == FileFormat::goose_go) {
          refuse(entry, go_migration_problem(plan, entry, command));
        } else if (entry.out_of_order && !rules.allow_out_of_order) {
          refuse(entry,
              entry.file->file_name + " is pending but its version " + entry.version +
              " is below the highest applied version " + plan.highest_applied +
              " (renumber it, or run " + command({rules.deciding, "--allow-out-of-order"}) + ")");
        } else {
          decision.to_apply.push_back(&entry);
        }
        break;
    }
  }
  return decision;
}

}  // namespace pgapply::migrate
