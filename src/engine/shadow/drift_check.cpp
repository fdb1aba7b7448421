#include "engine/shadow/drift_check.hpp"

#include <algorithm>
#include <deque>
#include <future>
#include <map>
#include <set>

#include "core/plural.hpp"
#include "migrate/foreign_ledger.hpp"
#include "migrate/ledger_row.hpp"
#include "migrate/version.hpp"

#include "engine/catalog_model_reader.hpp"
#include "engine/facts_collector.hpp"
#include "engine/shadow/shadow_apply.hpp"
#include "engine/shadow/shadow_init.hpp"

namespace pgapply::engine {

namespace {

// The ledger's own schema, when --ledger named one that pgapply created: not
// the migrations' doing.
void drop_ledger_schema(catalog::CatalogModel& target, const catalog::CatalogModel& shadow, const LedgerName& ledger) {
  if (!ledger.schema_given) return;
  const catalog::ObjectKey key{catalog::ObjectKind::schema, ledger.schema, "", ledger.schema};
  if (shadow.find(key) == nullptr) target.objects.erase(key);
}

// Where the tools `baseline --from` adopts from (and --ledger-format keeps
// beside pgapply's) have their ledgers by default: a tool whose table the
// search_path finds, in the ledger's schema or public; a tool with a schema
// of its own (the Supabase CLI, sqitch), that whole schema.
std::vector<catalog::ToolLedger> tool_ledgers(const std::string& home) {
  std::vector<catalog::ToolLedger> out;
  const auto add = [&out](const std::string& tool, const std::string& schema, const std::string& table) {
    for (auto& ledger : out) {
      if (ledger.schema == schema && ledger.table == table) return ledger.tools.push_back(tool);
    }
    out.push_back({{tool}, schema, table});
  };
  for (const migrate::ForeignTool tool : migrate::foreign_tools()) {
    const std::string name(migrate::to_string(tool));
    const std::string table(migrate::default_foreign_table(tool));
    const auto dot = table.find('.');
    if (dot != std::string::npos) {
      add(name, table.substr(0, dot), "");
      continue;
    }
    add(name, home, table);
    if (home != "public") add(name, "public", table);
  }
  return out;
}

}  // namespace

std::string home_schema(LedgerSession& session) { return session.ledger().name().schema; }

std::string replayed_as_edited(const migrate::LedgerRow& row, const MigrationScript& script) {
  if (script.analysis().checksum == row.checksum) return "";
  const std::vector<std::string>& inputs = script.analysis().checksum_inputs;
  return row.file_name +
         (inputs.empty() ? std::string(" changed since it was applied (its checksum is not the ledger's): it is "
                                       "replayed as it is now")
                         : ", or what it reads (" + listed(inputs) +
                               "), changed since it was applied (its checksum is not the ledger's): it is replayed "
                               "with the values given now") +
         ", so a difference it makes may be the edit rather than drift (pgapply status lists it)";
}

DriftCheck check_drift(LedgerSession& session, const Project& project, const ShadowOptions& options,
                       const std::vector<migrate::LedgerRow>& rows) {
  DriftCheck check;
  pg::Connection& target = session.connection();
  std::vector<const MigrationScript*> applied;
  std::size_t applied_count = 0;
  // A statement-by-statement file that stopped part way (failed, or
  // interrupted): the statements the ledger says took effect are replayed
  // too, so what they made is no drift.
  std::deque<MigrationScript> partial;
  std::vector<std::string> notes;
  // Who ran each (the ledger's applied_by): what it made is that role's, on the shadow too.
  std::map<const MigrationScript*, std::string> ran_as;
  // Replayed in the order they took effect (migrate::in_applied_order): an
  // out-of-order version after the higher ones applied before it.
  for (const auto& row : migrate::in_applied_order(rows)) {
    const MigrationScript* script = project.find(row.version);
    if (row.state == migrate::LedgerState::applied) {
      if (script == nullptr) {
        notes.push_back(migrate::find_code_migration(project.discovery, row.version) != nullptr
                            ? row.file_name + " is a goose migration in Go, which the shadow cannot replay: what it "
                                              "made shows as made by no migration (make it on the shadow with "
                                              "--shadow-init FILE)"
                            : row.file_name + " is applied but its file is gone: what it made shows as made by no "
                                              "migration");
        continue;
      }
      applied.push_back(script);
      if (std::string edited = replayed_as_edited(row, *script); !edited.empty()) notes.push_back(std::move(edited));
      ran_as[script] = row.applied_by;
      ++applied_count;
      continue;
    }
    const std::string stopped = row.file_name + (row.state == migrate::LedgerState::failed
                                                     ? " failed at statement " + std::to_string(row.statements_done + 1)
                                                     : " was interrupted after statement " +
                                                           std::to_string(row.statements_done)) +
                                " of " + std::to_string(row.statements);
    if (row.statements_done > 0 && (script == nullptr || script->analysis().checksum != row.checksum)) {
      notes.push_back(stopped + ", and its file " + (script == nullptr ? "is gone" : "changed") +
                      " since: what its " + migrate::first_statements(row.statements_done) +
                      " made shows as made by no migration");
      continue;
    }
    if (row.statements_done > 0) {
      partial.push_back({script->file, script->path, script->shown,
                         script->loaded.first_statements(static_cast<std::size_t>(row.statements_done)),
                         script->companion});
      applied.push_back(&partial.back());
      ran_as[&partial.back()] = row.applied_by;
      notes.push_back(stopped + ": its " + migrate::first_statements(row.statements_done) + ", which took effect, " +
                      (row.statements_done == 1 ? "was" : "were") + " replayed on the shadow too");
    }
    if (row.earlier_statements_done > row.statements_done) {
      notes.push_back(row.file_name + ": what the " + migrate::first_statements(row.earlier_statements_done) +
                      " of an earlier version of the file made (they took effect) shows as made by no migration");
    }
  }
  const std::vector<schema::MigrationFacts> facts = migration_facts(applied, project);

  const std::vector<LoadedScript> init = load_shadow_init(options, project);
  const TargetFacts target_facts = read_target_facts(target);
  std::unique_ptr<ShadowDatabase> shadow =
      ShadowDatabase::open(options, target_facts, {facts, /*from_empty=*/true}, check.why_not);
  if (!shadow) return check;
  if (const std::string missing = shadow->missing_extensions(facts); !missing.empty()) {
    check.why_not = "the shadow cannot install extensions the migrations need: " + missing;
    check.shadow_failed = true;
    return check;
  }
  // The target's model is read meanwhile, on its own connection (the
  // cluster and its guard process exist already: nothing forks from here).
  const LedgerName& ledger = session.ledger().name();
  const ModelExclusions exclusions{ledger.schema, ledger.table, target_facts.current_user};
  std::future<catalog::CatalogModel> target_model = std::async(std::launch::async, [&target, &exclusions] {
    return read_catalog_model(target, exclusions);
  });
  std::vector<const LoadedScript*> scripts;
  for (const MigrationScript* script : applied) scripts.push_back(&script->loaded);
  std::optional<catalog::CatalogModel> init_model;
  pg::Connection* replay = nullptr;
  ShadowRun run;
  // A role that a DO block's EXECUTE makes, which the shadow had from the
  // target before the replay (the static facts cannot read it): once handed
  // to the replay, it starts again from a fresh database without it.
  do {
    replay = &shadow->fresh();
    if (!init.empty()) {
      std::string failed;
      init_model = made_by_shadow_init(*replay, init, failed);
      if (!init_model) {
        check.why_not = "the shadow cannot replay the migrations: its --shadow-init failed there: " + failed;
        check.shadow_failed = true;
        return check;
      }
    }
    std::vector<std::string> run_as;  // the role that ran it, where the shadow can (verify as another role)
    for (const MigrationScript* script : applied) {
      const std::string& role = ran_as[script];
      run_as.push_back(role != target_facts.current_user && shadow->can_replay_as(role) ? role : "");
    }
    run = apply_on_shadow(*replay, scripts, run_as);
  } while (!run.ok() && shadow->leave_role_to_replay(*run.error));
  if (!run.ok()) {
    // It applied on the target: a failure the target's rows may explain is
    // the shadow's lack (as no shadow at all), not a sign of drift.
    if (std::string lacking = shadow->only_the_rows(*run.error); !lacking.empty()) {
      check.why_not = run.error->where() + ": " + lacking;
      return check;
    }
    check.why_not = "an applied migration fails on the shadow, so the shadow cannot say what the migrations make: " +
                    run.error->summary() + ShadowDatabase::needs_shadow_init(*run.error);
    check.shadow_failed = true;
    return check;
  }

  catalog::CatalogModel there = read_catalog_model(*replay, exclusions);
  catalog::CatalogModel here = target_model.get();
  drop_ledger_schema(here, there, ledger);
  if (init_model) {
    catalog::leave_out_prerequisites(here, there, *init_model);
    notes.push_back("what --shadow-init made (" + std::to_string(init_model->objects.size()) +
                    " objects), and what the database has in its schemas and on its tables that no migration made, "
                    "was left out");
  }
  for (auto& left_out : catalog::leave_out_tool_ledgers(here, there, tool_ledgers(ledger.schema))) {
    notes.push_back(std::move(left_out));
  }
  const catalog::Comparison comparison = catalog::compare_models(here, there);

  catalog::DriftResult result;
  result.database = session.connected().target;
  result.shadow = shadow->description();
  result.migrations = applied_count;
  result.objects = comparison.compared;
  result.differences = catalog::explain_all(comparison, catalog::Attributor(facts), {}, home_schema(session));
  result.notes = std::move(notes);
  if (!shadow->missing_roles().empty()) {
    std::string roles;
    for (const auto& role : shadow->missing_roles()) roles += (roles.empty() ? "" : ", ") + role;
    result.notes.push_back("the shadow lacks roles it could not create: " + roles);
  }
  check.result = std::move(result);
  return check;
}

}  // namespace pgapply::engine
