#include "schema/baseline.hpp"

#include "schema/expected_schema.hpp"
#include "schema/verification.hpp"

namespace pgapply::schema {

namespace {

std::string problem_text(const CheckRow& row) {
  std::string out(to_string(row.status));
  out += ": ";
  out += ddl::to_string(row.kind);
  out += ' ';
  out += row.object;
  if (!row.differences.empty()) {
    out += " (";
    for (std::size_t i = 0; i < row.differences.size(); ++i) {
      if (i > 0) out += "; ";
      out += row.differences[i];
    }
    out += ')';
  }
  if (!row.declared_by.location().empty()) out += ", declared at " + row.declared_by.location();
  return out;
}

// The expectations `migration` set last, checked.
void check_migration(const MigrationFacts& migration, const ExpectedSchema& model, const CatalogSnapshot& catalog,
                     const std::string& home, BaselineEntry& entry) {
  for (const auto& object : model.objects()) {
    if (object.declared_by.version != migration.version || !is_listed(object, model)) continue;
    const CheckRow row = check_expectation(object, catalog, home);
    ++entry.checked;
    if (row.status == CheckStatus::unknown) ++entry.not_compared;
    if (is_failure(row.status)) entry.problems.push_back(problem_text(row));
  }
}

}  // namespace

std::string_view to_string(BaselineDecision decision) {
  switch (decision) {
    case BaselineDecision::proposed: return "proposed";
    case BaselineDecision::not_there: return "not there";
    case BaselineDecision::nothing_to_check: return "nothing to check";
    case BaselineDecision::not_considered: return "not considered";
    case BaselineDecision::requested: return "requested";
  }
  return "?";
}

BaselineResult detect_baseline(const std::vector<MigrationFacts>& migrations, const CatalogSnapshot& catalog) {
  BaselineResult result;
  ExpectedSchema model(catalog, Start::empty);
  const std::string home = catalog.creation_schema();
  for (const auto& migration : migrations) {
    BaselineEntry entry;
    entry.version = migration.version;
    entry.file_name = migration.file_name;
    if (!result.stopped_at.empty()) {
      entry.reason = "not considered: detection stopped at " + result.stopped_at;
      result.entries.push_back(std::move(entry));
      continue;
    }
    model.apply(migration);
    entry.notes = unchecked_notes(migration);
    check_migration(migration, model, catalog, home, entry);
    if (entry.checked == 0) {
      entry.decision = BaselineDecision::nothing_to_check;
      entry.reason = "declares nothing pgapply can check (data only?): whether it ran cannot be seen";
      result.stopped_at = migration.version;
      result.suggestion = "check by hand whether " + migration.file_name +
                          " has run; if it has, baseline with --version " + migration.version + " or later";
    } else if (!entry.problems.empty()) {
      entry.decision = BaselineDecision::not_there;
      entry.reason = std::to_string(entry.problems.size()) + " of " + std::to_string(entry.checked) +
                     " declared objects are not there as declared";
      result.stopped_at = migration.version;
      result.suggestion = result.versions.empty()
                              ? "nothing to baseline: the first migration's objects are not all there"
                              : "baseline up to " + result.versions.back() + "; pgapply up then applies " +
                                    migration.file_name + " and later";
    } else {
      entry.decision = BaselineDecision::proposed;
      entry.reason = entry.checked == 1 ? "its one declared object is there as declared"
                                        : "all " + std::to_string(entry.checked) + " declared objects are there as declared";
      if (entry.not_compared > 0) {
        entry.reason += " (" + std::to_string(entry.not_compared) + " with a default that could not be compared)";
      }
      result.versions.push_back(migration.version);
    }
    result.entries.push_back(std::move(entry));
  }
  return result;
}

}  // namespace pgapply::schema
