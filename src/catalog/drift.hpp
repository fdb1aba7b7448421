#pragma once

// verify and diff: a database's schema against what its migrations make of
// an empty database on the shadow, each difference explained in one line
// with the migration that last made or changed the object.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "catalog/attribution.hpp"
#include "catalog/model_comparison.hpp"

namespace pgapply::catalog {

struct ExplainedDifference {
  Difference difference;
  std::string object;       // "column users.email"
  std::string explanation;  // one line (explain())
  // The statement that last made or changed it. Extra objects: only a DO
  // block's statement that names it and ran or not by table rows; else none.
  std::optional<Attribution> made_by;

  // False when the difference may come from data the shadow does not have
  // (a DO block decided it from table rows, or by dynamic SQL): reported,
  // not a failure.
  bool certain() const { return !made_by || !made_by->uncertain(); }
};

struct DriftResult {
  std::string database;    // the target, as connected
  std::string shadow;      // how the shadow was had ("PostgreSQL 15.18, a throwaway cluster ...")
  std::size_t migrations = 0;  // applied migrations replayed on the shadow
  std::size_t objects = 0;     // objects compared
  std::vector<ExplainedDifference> differences;
  std::vector<std::string> notes;  // what was left out or could not be checked

  // No certain difference (uncertain ones are reported, not failures).
  bool ok() const { return uncertain() == differences.size(); }
  std::size_t count(DifferenceKind kind) const;
  std::size_t uncertain() const;
};

// Where another migration tool keeps its ledger (dbmate's schema_migrations,
// sqitch's schema...): a table and what belongs to it, or a whole schema.
struct ToolLedger {
  std::vector<std::string> tools;  // whose: {"dbmate", "golang-migrate"} (one table, two tools)
  std::string schema;
  std::string table;   // "": the whole schema is the tool's
};

// Leaves out of `here` (the database) each tool's ledger that is in it but
// not in `there` (no migration made it): pgapply keeps such a ledger beside
// its own (--ledger-format), or adopted the database from that tool
// (baseline --from): neither is drift. Returns one line for each left out.
std::vector<std::string> leave_out_tool_ledgers(CatalogModel& here, const CatalogModel& there,
                                                const std::vector<ToolLedger>& ledgers);

// Leaves out what --shadow-init made (`init`: the shadow's model after it,
// before the migrations): those objects on both sides, and, in `here` (the
// database), what is in one of its schemas or on one of its tables but not
// in `there`: the platform's own (the 30 columns of Supabase's auth.users
// beside the stub's one). What the migrations made in or on them is
// compared as any other object, and of an object of the init file's that
// they changed, what they changed.
void leave_out_prerequisites(CatalogModel& here, CatalogModel& there, const CatalogModel& init);

// An object a migration renames, seen as two differences: the one under
// its old name and the one under its new name, and the RENAME.
struct RenamedPair {
  std::size_t old_name = 0;  // index into the differences
  std::size_t new_name = 0;
  Attribution rename;
};
// Those pairs, each difference in one at most. `old_kind`: the old name's
// side, the other kind the new name's (verify: the database's extra object
// is the migrations' missing one not renamed; a migration's change: the
// object it renamed is missing after it, the new name extra).
std::vector<RenamedPair> renamed_pairs(const std::vector<Difference>& differences, const Attributor& attributor,
                                       DifferenceKind old_kind);

// The comparison's differences, explained ("here" is the database, "there"
// the migrations) and attributed.
std::vector<ExplainedDifference> explain_all(const Comparison& comparison, const Attributor& attributor,
                                             const Wording& wording = {}, const std::string& home_schema = "public");

}  // namespace pgapply::catalog
