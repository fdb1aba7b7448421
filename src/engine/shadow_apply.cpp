#include "engine/shadow_apply.hpp"

#include <chrono>

#include "engine/analysis.hpp"
#include "engine/run_script.hpp"
#include "engine/session.hpp"

namespace pgapply::engine {

namespace {

// The shadow's notices and \echo output are nobody's business.
class SilentOutput : public RunOutput {
 public:
  void notice(const std::string&) override {}
  void echo(const std::string&, bool) override {}
  void progress(const std::string&) override {}
  void warning(const std::string&) override {}
};

ShadowRun run_file(pg::Connection& shadow, const ShadowFile& file, const psql::InterpreterSettings& settings,
                   const psql::Variables& variables) {
  const auto started = std::chrono::steady_clock::now();
  ShadowRun run;
  SilentOutput output;
  TransactionHooks no_ledger;
  try {
    run_script(shadow, file.path, file.shown, settings, variables, file.plan, no_ledger, output);
  } catch (const StatementError& error) {
    run.error = error;
  }
  reset_session(shadow, {});
  run.milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return run;
}

}  // namespace

ShadowFile shadow_file(const MigrationScript& script) {
  return {script.path, script.shown, script.analysis.plan};
}

ShadowRun apply_on_shadow(pg::Connection& shadow, const ShadowFile& file, const Project& project) {
  return run_file(shadow, file, project.settings, project.variables);
}

ShadowRun restore_on_shadow(pg::Connection& shadow, const std::filesystem::path& dump) {
  psql::InterpreterSettings settings;
  const psql::Variables variables;
  ShadowFile file{dump, dump.string(), {}};
  file.plan = analyze_script(dump, file.shown, settings, variables, false).plan;
  if (file.plan.mode != psql::TransactionMode::autocommit) file.plan.mode = psql::TransactionMode::wrapped;
  return run_file(shadow, file, settings, variables);
}

}  // namespace pgapply::engine
