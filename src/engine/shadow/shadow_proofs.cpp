#include "engine/shadow/shadow_proofs.hpp"

#include <algorithm>
#include <optional>

#include "core/plural.hpp"
#include "catalog/drift.hpp"
#include "catalog/model_comparison.hpp"
#include "engine/catalog_model_reader.hpp"
#include "engine/shadow/rows_the_shadow_lacks.hpp"
#include "engine/shadow/shadow_apply.hpp"
#include "engine/shadow/shadow_rewrites.hpp"
#include "engine/shadow/shadow_table_rows.hpp"

namespace pgapply::engine {

namespace {

using catalog::CatalogModel;
using schema::Proof;

// The RENAMEs of migrations [from, to) of `facts`, as attribution reads them.
catalog::Attributor renames_in(const std::vector<schema::MigrationFacts>& facts, std::size_t from, std::size_t to) {
  const auto at = [&facts](std::size_t i) {
    return facts.begin() + static_cast<std::ptrdiff_t>(std::min(i, facts.size()));
  };
  return catalog::Attributor(std::vector<schema::MigrationFacts>(at(from), at(to)));
}

// Changes as lines ("column users.email: dropped"), an object the
// migrations rename said once as renamed, not as one dropped and another
// created (catalog::renamed_pairs: the one gone is the old name).
std::vector<std::string> explained(const CatalogModel& here, const CatalogModel& there, const catalog::Wording& wording,
                                   const std::string& home, const std::optional<catalog::Attributor>& renames = {}) {
  const auto differences = catalog::compare_models(here, there).differences;
  std::vector<bool> paired(differences.size(), false);
  std::vector<std::string> renamed(differences.size());  // at a gone object's place: its new name
  if (renames) {
    for (const auto& pair : catalog::renamed_pairs(differences, *renames, catalog::DifferenceKind::missing)) {
      paired[pair.old_name] = paired[pair.new_name] = true;
      renamed[pair.old_name] = differences[pair.new_name].key.name;
    }
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < differences.size(); ++i) {
    const auto& difference = differences[i];
    if (paired[i] && renamed[i].empty()) continue;  // the new name: said with the old one
    if (paired[i]) {
      catalog::Wording words = wording;
      words.missing = "renamed to " + renamed[i];
      lines.push_back(catalog::explain(difference, words, home));
      continue;
    }
    lines.push_back(catalog::explain(difference, wording, home));
  }
  return lines;
}

catalog::Wording change_wording() {
  catalog::Wording wording;
  wording.as_change = true;
  wording.extra = "created";
  wording.missing = "dropped";
  return wording;
}

Proof failed(std::string summary, const ShadowRun& run) {
  Proof proof;
  proof.status = Proof::Status::failed;
  proof.summary = std::move(summary) + ": " + run.error->summary();
  proof.error = run.error->what();
  return proof;
}

// The second run must succeed and change nothing: neither the catalog nor
// the rows of a table (an INSERT without a guard adds its rows again);
// `rows_before`: the rows as the first run left them. `rows_changed`:
// whether it left the rows other than the first run did, even when it
// failed (a file outside a transaction may have done part of it), so that
// the next migrations do not run on those rows.
Proof idempotency_proof(pg::Connection& shadow, const MigrationScript& script, const TablesRows& rows_before,
                        CatalogModel& after, bool& rows_changed, const std::string& home) {
  const ShadowRun again = apply_on_shadow(shadow, script.loaded);
  if (!again.ok()) {
    Proof proof = failed("the second run fails", again);
    after = read_catalog_model(shadow);
    rows_changed = read_tables_rows(shadow) != rows_before;
    return proof;
  }
  CatalogModel twice = read_catalog_model(shadow);
  catalog::Wording wording;
  wording.as_change = true;
  wording.extra = "made by the second run";
  wording.missing = "dropped by the second run";
  Proof proof;
  proof.changes = explained(twice, after, wording, home);
  const std::size_t objects = proof.changes.size();
  const std::vector<std::string> rows = changed_rows(rows_before, read_tables_rows(shadow), "the second run", home);
  proof.changes.insert(proof.changes.end(), rows.begin(), rows.end());
  rows_changed = !rows.empty();
  proof.status = proof.changes.empty() ? Proof::Status::proven : Proof::Status::failed;
  const auto unproven = proof.changes.empty() ? rows_the_shadow_lacks(script.loaded, rows_before) : std::nullopt;
  std::string changed;
  if (objects > 0) changed = plural(objects, "object");
  if (!rows.empty()) changed += (changed.empty() ? "" : " and ") + std::string("the rows of ") + plural(rows.size(), "table");
  proof.summary = proof.changes.empty() ? "idempotent: the second run succeeds and changes nothing"
                                        : "the second run succeeds but changes " + changed;
  if (unproven) {
    proof.status = Proof::Status::partial;
    proof.summary = "the second run succeeds and changes nothing on the shadow, but the " + *unproven +
                    " (the shadow has the target's schema, not its rows)";
  }
  after = std::move(twice);
  return proof;
}

// How messages name a migration's rollback: its file, or the down section of its own file.
std::string rollback_name(const Project& project, const MigrationScript& script) {
  if (script.file.rollback == migrate::RollbackSource::down_section) {
    return "the down section of " + script.file.file_name;
  }
  const auto down = project.discovery.down_files.find(script.file.version);
  return down != project.discovery.down_files.end() ? down->second.file_name : script.file.rollback_file;
}

Proof rollback_proof(pg::Connection& shadow, const Project& project, const MigrationScript& script,
                     const CatalogModel& before, CatalogModel& after, const std::string& home) {
  Proof proof;
  // The project's own lookup, as `down` uses it: a rollback file
  // (NNN_name.down.sql, N_name.down.sql, Flyway's U<version>__name.sql) or
  // the down section of a dbmate or goose file.
  if (!project.has_rollback(script.file.version)) {
    proof.summary = "no down file or down section";
    return proof;
  }
  const LoadedScript file = project.load_down(script.file.version);
  const std::string down_name = rollback_name(project, script);
  const ShadowRun undone = apply_on_shadow(shadow, file);
  if (!undone.ok()) {
    const bool section = script.file.rollback == migrate::RollbackSource::down_section;
    proof = failed(section ? "the down section fails" : "the down file fails", undone);
    after = read_catalog_model(shadow);
    return proof;
  }
  const CatalogModel after_down = read_catalog_model(shadow);
  catalog::Wording down_wording;
  down_wording.here = "after down";
  down_wording.there = "before up";
  down_wording.extra = "left behind by " + down_name;
  down_wording.missing = "not restored by " + down_name;
  proof.changes = explained(after_down, before, down_wording, home);

  const ShadowRun redone = apply_on_shadow(shadow, script.loaded);
  if (!redone.ok()) {
    Proof redo = failed("up fails after down", redone);
    redo.changes = std::move(proof.changes);
    after = after_down;
    return redo;
  }
  CatalogModel again = read_catalog_model(shadow);
  catalog::Wording up_wording;
  up_wording.here = "after up -> down -> up";
  up_wording.there = "after up";
  up_wording.extra = "only after up -> down -> up";
  up_wording.missing = "gone after up -> down -> up";
  for (auto& line : explained(again, after, up_wording, home)) proof.changes.push_back(std::move(line));
  proof.status = proof.changes.empty() ? Proof::Status::proven : Proof::Status::failed;
  proof.summary = proof.changes.empty() ? "up -> down -> up ends where up did, and down undoes up"
                                        : std::to_string(proof.changes.size()) + " object" +
                                              (proof.changes.size() == 1 ? " differs" : "s differ") +
                                              " after down or after up -> down -> up";
  after = std::move(again);
  return proof;
}

// Why a migration after `unchecked` (which the shadow could not check) was not run there.
std::string not_run_after(const MigrationScript& unchecked) {
  return "it was not run there, since " + unchecked.file.file_name + " before it could not be checked there";
}

// The shadow as the first `count` scripts leave it when each is applied
// once; nullptr with the reason in `why_not`. (It need not read exactly as
// after the first time: a view can hold the moment it was made, as
// `WHERE published > now() - interval '1 day'` folded to a timestamp.)
pg::Connection* rebuilt(const ProofOptions& options, const std::vector<const MigrationScript*>& scripts,
                        std::size_t count, std::string& why_not) {
  if (!options.start_over) {
    why_not = "nothing to rebuild the shadow from";
    return nullptr;
  }
  pg::Connection* shadow = options.start_over(why_not);
  if (shadow == nullptr) return nullptr;
  std::vector<const LoadedScript*> applied;
  for (std::size_t i = 0; i < count; ++i) applied.push_back(&scripts[i]->loaded);
  const ShadowRun again = apply_on_shadow(*shadow, applied);
  if (!again.ok()) {
    why_not = "applying the migrations again failed: " + again.error->summary();
    return nullptr;
  }
  return shadow;
}

}  // namespace

std::vector<schema::ShadowOutcome> run_on_shadow(const ShadowDatabase& shadow_database, pg::Connection& connection,
                                                 const Project& project,
                                                 const std::vector<const MigrationScript*>& scripts,
                                                 const std::vector<schema::MigrationFacts>& facts,
                                                 const ProofOptions& options, std::vector<std::string>* run_changes) {
  std::vector<schema::ShadowOutcome> outcomes;
  pg::Connection* shadow = &connection;
  const CatalogModel at_start = read_catalog_model(*shadow);
  CatalogModel before = at_start;
  const bool each = options.idempotency || options.rollback || scripts.size() <= options.per_migration_limit;
  bool stopped = false;
  std::string stopped_because;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    const MigrationScript* script = scripts[i];
    schema::ShadowOutcome outcome;
    if (stopped) {
      outcome.unchecked = stopped_because;
      outcomes.push_back(std::move(outcome));
      continue;
    }
    if (std::string missing = shadow_database.missing_extensions(facts.at(i), &outcome.unchecked_at);
        !missing.empty()) {
      // Not the server's "could not open extension control file": the
      // extension by name, and where; the target may well have it (preflight
      // says when it does not).
      outcome.unchecked = "the shadow's server cannot install " + missing +
                          ": the migration was not checked there, nor those after it (give --shadow a server that has "
                          "the extension)";
      outcomes.push_back(std::move(outcome));
      stopped = true;
      stopped_because = not_run_after(*script);
      continue;
    }
    outcome.checked = true;
    const std::vector<std::string> rewritable =
        options.table_files ? tables_it_may_rewrite(facts.at(i)) : std::vector<std::string>{};
    RelationFiles files_before;
    if (!rewritable.empty()) files_before = read_relation_files(*shadow, rewritable);
    const ShadowRun run = apply_on_shadow(*shadow, script->loaded);
    outcome.milliseconds = run.milliseconds;
    if (!run.ok()) {
      stopped = true;  // what comes after it depends on it
      std::string why = shadow_database.only_the_database_name(*run.error, facts.at(i));
      if (why.empty()) {
        why = shadow_database.only_the_rows(*run.error);
        if (!why.empty()) why += "; the migrations after it were not checked there";
      }
      if (!why.empty()) {
        outcome.checked = false;
        outcome.unchecked = std::move(why);
        outcome.unchecked_at = run.error->where();
        stopped_because = not_run_after(*script);
      } else {
        outcome.error = run.error->what();
        outcome.error_summary = run.error->summary();
      }
      outcomes.push_back(std::move(outcome));
      continue;
    }
    outcome.applied = true;
    if (!rewritable.empty()) outcome.table_files = files_seen(files_before, read_relation_files(*shadow, rewritable));
    if (!each) {
      outcome.changes_listed = false;
      outcomes.push_back(std::move(outcome));
      continue;
    }
    const CatalogModel after = read_catalog_model(*shadow);
    outcome.changes = explained(after, before, change_wording(), options.home_schema, renames_in(facts, i, i + 1));
    CatalogModel left = after;  // where the proofs leave the shadow
    // The rows as the migration's one run leaves them, read once for the proofs.
    TablesRows rows_once;
    if (options.idempotency || options.rollback) rows_once = read_tables_rows(*shadow);
    bool rows_changed = false;
    if (options.idempotency) {
      outcome.idempotency = idempotency_proof(*shadow, *script, rows_once, left, rows_changed, options.home_schema);
    }
    if (options.rollback) outcome.rollback = rollback_proof(*shadow, project, *script, before, left, options.home_schema);
    bool moved = rows_changed || !catalog::compare_models(left, after).differences.empty();
    // up -> down -> up can leave the schema as up did but its rows twice (a
    // down that keeps the table, an up that inserts again)
    if (!moved && options.rollback) moved = read_tables_rows(*shadow) != rows_once;
    bool rebuilt_here = false;
    if (moved) {
      std::string why_not;
      shadow = rebuilt(options, scripts, i + 1, why_not);
      rebuilt_here = shadow != nullptr;
      if (shadow == nullptr) {
        stopped = true;
        stopped_because = "the proofs of " + script->file.file_name +
                          " left the shadow with another schema or other rows than the migrations make, and it "
                          "could not be rebuilt: " + why_not;
      }
    }
    outcomes.push_back(std::move(outcome));
    before = rebuilt_here ? read_catalog_model(*shadow) : after;
  }
  if (!each && run_changes != nullptr) {
    *run_changes = explained(read_catalog_model(*shadow), at_start, change_wording(), options.home_schema,
                             renames_in(facts, 0, scripts.size()));
  }
  return outcomes;
}

}  // namespace pgapply::engine
