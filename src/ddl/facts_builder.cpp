#include "ddl/facts_builder.hpp"

#include <algorithm>

namespace pgapply::ddl {

Declaration FactsBuilder::make(ObjectKind kind, Action action, std::size_t token_index) const {
  Declaration out;
  out.kind = kind;
  out.action = action;
  out.location.line = line_of_token(token_index);
  out.location.offset = statement_.offset_of(token_index);
  return out;
}

ClusterChange& FactsBuilder::cluster_change(ClusterObjectKind kind, Action action, std::string name,
                                           std::string command, std::size_t token_index, bool if_exists) {
  ClusterChange change;
  change.kind = kind;
  change.action = action;
  change.name = std::move(name);
  change.command = std::move(command);
  change.if_exists = if_exists;
  change.location.line = line_of_token(token_index);
  change.location.offset = statement_.offset_of(token_index);
  facts_.cluster_changes.push_back(std::move(change));
  return facts_.cluster_changes.back();
}

void FactsBuilder::privilege_change(ObjectKind kind, QualifiedName name, std::size_t token_index, bool columns) {
  PrivilegeChange change;
  change.kind = kind;
  change.columns = columns;
  change.name = std::move(name);
  change.location.line = line_of_token(token_index);
  change.location.offset = statement_.offset_of(token_index);
  facts_.privilege_changes.push_back(std::move(change));
}

void FactsBuilder::require(Feature feature, std::size_t token_index) {
  auto& requirements = facts_.requirements;
  const bool known = std::any_of(requirements.begin(), requirements.end(),
                                 [feature](const VersionRequirement& r) { return r.feature == feature; });
  if (!known) requirements.push_back(requirement(feature, line_of_token(token_index)));
}

void FactsBuilder::statement_lock(const QualifiedName& table, LockMode mode, std::string reason) {
  merge_lock(facts_.locks, TableLock{table, mode, std::move(reason)});
}

void FactsBuilder::statement_hazard(HazardKind kind, std::string explanation) {
  facts_.hazards.push_back(Hazard{kind, std::move(explanation), {}});
}

void add_lock(Declaration& declaration, const QualifiedName& table, LockMode mode, std::string reason) {
  merge_lock(declaration.impact.locks, TableLock{table, mode, std::move(reason)});
}

void add_hazard(Declaration& declaration, HazardKind kind, std::string explanation) {
  declaration.impact.hazards.push_back(Hazard{kind, std::move(explanation), {}});
}

}  // namespace pgapply::ddl
