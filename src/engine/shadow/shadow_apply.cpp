#include "engine/shadow/shadow_apply.hpp"

#include <chrono>
#include <memory>

#include "engine/migration_run.hpp"
#include "engine/session_reset.hpp"

namespace pgapply::engine {

namespace {

// The shadow's notices, \echo output and progress are nobody's business.
class SilentOutput : public RunOutput {
 public:
  void notice(const std::string&) override {}
  void echo(const std::string&, bool) override {}
  void progress(const std::string&) override {}
  void warning(const std::string&) override {}
};

// Nothing recorded, as for exec; but a statement that cannot run in a
// transaction block (CREATE INDEX CONCURRENTLY) must not share a statement
// batch, and so an implicit transaction, with what went before it. Tracking
// statements (with nothing to write) makes the runner flush before it, as it
// does for up.
class ShadowRecord : public NoRecord {
 public:
  bool tracks_statements() const override { return true; }
};

// What a previous call's last file left in the session (SET ROLE, settings)
// goes before the next call's first file, as between the files of one run.
void reset(pg::Connection& shadow) { reset_session_now(shadow, {}); }

// One run of the loop over `scripts` (consecutive transactional files share
// statement batches); false after a failing statement.
bool run_loop(pg::Connection& shadow, const std::vector<const LoadedScript*>& scripts,
              const std::vector<std::string>& roles, ShadowRun& run) {
  reset(shadow);
  std::vector<RunItem> items;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    RunItem item;
    item.script = scripts[i];
    item.record = std::make_unique<ShadowRecord>();
    if (i < roles.size()) item.as_role = roles[i];
    items.push_back(std::move(item));
  }
  RunLoopOptions options;
  options.server_version = shadow.server_version();
  SilentOutput output;
  migrate::RunSummary summary;
  try {
    run_live(items, shadow, output, options, summary);
  } catch (const StatementError& error) {
    run.error = error;
    return false;
  }
  return true;
}

}  // namespace

ShadowRun apply_on_shadow(pg::Connection& shadow, const std::vector<const LoadedScript*>& scripts) {
  return apply_on_shadow(shadow, scripts, {});
}

ShadowRun apply_on_shadow(pg::Connection& shadow, const std::vector<const LoadedScript*>& scripts,
                          const std::vector<std::string>& roles) {
  const auto started = std::chrono::steady_clock::now();
  ShadowRun run;
  run_loop(shadow, scripts, roles, run);
  run.milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return run;
}

ShadowRun apply_on_shadow(pg::Connection& shadow, const LoadedScript& script) {
  return apply_on_shadow(shadow, std::vector<const LoadedScript*>{&script});
}

ShadowRun restore_on_shadow(pg::Connection& shadow, const std::filesystem::path& dump) {
  const LoadedScript script = load_script(dump, dump.string(), psql::InterpreterSettings{}, psql::Variables{},
                                          ScriptUse::exec);
  return apply_on_shadow(shadow, script);
}

}  // namespace pgapply::engine
