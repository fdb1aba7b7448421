#include "engine/up_operation.hpp"

#include <thread>

#include "engine/backup.hpp"
#include "engine/ledger_session.hpp"
#include "engine/shadow_up_check.hpp"
#include "engine/verify_operation.hpp"
#include "report/text_table.hpp"
#include "report/verify_report.hpp"
#include "engine/run_script.hpp"
#include "core/error.hpp"
#include "migrate/plan.hpp"

namespace pgapply::engine {

namespace {

using Clock = std::chrono::steady_clock;

long long elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

// The ledger's side of a migration's run.
class LedgerHooks : public TransactionHooks {
 public:
  LedgerHooks(Ledger& ledger, LedgerEntry entry, Clock::time_point started)
      : ledger_(ledger), entry_(std::move(entry)), started_(started) {}

  void before_commit() override { ledger_.run(statements().applied(entry_, elapsed_ms(started_))); }
  void autocommit_started() override { ledger_.run(statements().started(entry_)); }
  void autocommit_progress(std::size_t done) override { ledger_.run(statements().progress(entry_.version, done)); }
  void autocommit_failed(std::size_t done, const StatementError& error) override {
    ledger_.run(statements().failed(entry_.version, done, error.summary(), elapsed_ms(started_)));
  }
  void autocommit_finished() override { ledger_.run(statements().finished(entry_, elapsed_ms(started_))); }

 private:
  const LedgerStatements& statements() const { return ledger_.statements(); }

  Ledger& ledger_;
  LedgerEntry entry_;
  Clock::time_point started_;
};

// A transactional file that waited too long for a lock, or lost a deadlock,
// left nothing behind: it can simply run again.
bool is_retryable(const StatementError& error, psql::TransactionMode mode) {
  return mode != psql::TransactionMode::autocommit &&
         (error.server.sqlstate == "55P03" || error.server.sqlstate == "40P01");
}

std::string plural(std::size_t count, const std::string& word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

}  // namespace

migrate::UpDecision decide_or_refuse(const migrate::Plan& plan, const UpOptions& options, RunOutput& output) {
  migrate::UpRules rules;
  rules.target = options.target;
  rules.allow_out_of_order = options.allow_out_of_order;
  migrate::UpDecision decision = migrate::decide_up(plan, rules);
  for (const auto& warning : decision.warnings) output.warning(warning);
  if (!decision.problems.empty()) {
    std::string message = "refusing to apply anything:";
    for (const auto& problem : decision.problems) message += "\n  - " + problem;
    throw Error(ErrorKind::check, message);
  }
  return decision;
}

void run_up(const UpOptions& options, RunOutput& output) {
  const auto warn = [&output](const std::string& text) { output.warning(text); };
  const Project project = load_project(options.project, warn);

  LedgerSession session(options.connection, options.project.ledger, options.session, output, options.lock_wait);
  output.progress(session.describe());
  pg::Connection& connection = session.connection();
  Ledger& ledger = session.ledger();

  const migrate::Plan plan = migrate::make_plan(project.discovery, project.checksums, ledger.rows());
  const migrate::UpDecision decision = decide_or_refuse(plan, options, output);

  const std::string at_version = plan.highest_applied.empty() ? "no migration applied" : "version " + plan.highest_applied;
  if (decision.to_apply.empty()) {
    output.progress("The database is up to date (" + at_version + ").");
    return;
  }

  if (options.backup_dir) {
    output.progress("Backing up " + connection.dbname() + " with pg_dump ...");
    output.progress("Backed up to " + back_up(connection, *options.backup_dir).string());
  }

  // verify after up on the shadow: the target's schema copied there first
  std::unique_ptr<ShadowUpCheck> shadow_check;
  if (options.verify && options.shadow.enabled) shadow_check = ShadowUpCheck::prepare(session, options.shadow, options.session.lock_timeout, output);
  std::vector<const MigrationScript*> applied_scripts;

  const auto run_started = Clock::now();
  std::size_t applied = 0;
  std::string last_version = plan.highest_applied;
  for (const migrate::PlanEntry* entry : decision.to_apply) {
    const MigrationScript& script = *project.find(entry->version);
    const psql::TransactionPlan& transaction = script.analysis.plan;
    std::string how(psql::to_string(transaction.mode));
    if (!transaction.reason.empty()) how += ": " + transaction.reason;
    if (entry->state == migrate::MigrationState::failed) {
      output.progress("Running " + script.file.file_name + " again: it " +
                      (entry->row->state == migrate::LedgerState::running ? "was interrupted" : "failed") +
                      " last time and has changed since");
    }
    output.progress("Applying " + script.file.file_name + " (" + how + ")");

    const auto started = Clock::now();
    LedgerHooks hooks(ledger, ledger_entry(script), started);
    try {
      for (int attempt = 0;; ++attempt) {
        try {
          run_script(connection, script.path, script.shown, project.settings, project.variables,
                     transaction, hooks, output);
          break;
        } catch (const StatementError& error) {
          if (!is_retryable(error, transaction.mode) || attempt >= options.retries) throw;
          const int delay = 1 << attempt;
          output.warning(error.summary() + "; " + script.file.file_name +
                         " was rolled back and runs again in " + std::to_string(delay) + " s (retry " +
                         std::to_string(attempt + 1) + " of " + std::to_string(options.retries) + ")");
          std::this_thread::sleep_for(std::chrono::seconds(delay));
        }
      }
    } catch (const StatementError&) {
      std::string what = script.file.file_name + " failed";
      what += transaction.mode == psql::TransactionMode::autocommit
                  ? " outside a transaction: the statements before the failing one took effect and "
                    "the ledger says how far it got (pgapply status)"
                  : " and was rolled back: nothing of it was applied";
      output.progress("Stopped: " + what + "; " + plural(applied, "migration") + " applied before it.");
      throw;
    }
    ++applied;
    applied_scripts.push_back(&script);
    if (applied < decision.to_apply.size()) reset_session(connection, options.session);
    last_version = script.file.version;
    output.progress("Applied " + script.file.file_name + " in " + std::to_string(elapsed_ms(started)) +
                    " ms (" + plural(transaction.statements, "statement") + ")");
  }
  output.progress("Done: " + plural(applied, "migration") + " applied in " +
                  std::to_string(elapsed_ms(run_started)) + " ms; the database is at version " +
                  last_version + ".");
  if (!options.verify) return;
  if (shadow_check) {
    shadow_check->finish(session, project, applied_scripts, output);
    return;
  }
  schema::VerifyResult verified = verify_applied(connection, ledger, project);
  if (options.shadow.enabled) {
    // no shadow (said above): only what the static model is sure of fails
    schema::keep_only_certain_failures(verified, "see the warning above");
    for (const auto& row : verified.rows) {
      if (row.status == schema::CheckStatus::uncertain) {
        output.warning("verify (static model): " + row.object + ": " + report::joined(row.differences, "; "));
      }
    }
  }
  if (verified.ok) {
    output.progress("Verified: the " + plural(verified.rows.size(), "object") +
                    " the applied migrations declare exist as declared (pgapply verify lists them).");
    return;
  }
  output.progress(report::render_verify_text(verified, session.connected().target));
  throw Error(ErrorKind::check,
              "the migrations were applied, but the schema is not what they declare (see verify's report above)");
}

}  // namespace pgapply::engine
