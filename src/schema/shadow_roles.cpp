#include "schema/shadow_roles.hpp"

#include <map>
#include <set>

namespace pgapply::schema {

namespace {

template <typename Visit>
void each_role_change(const std::vector<MigrationFacts>& migrations, Visit visit) {
  for (const auto& migration : migrations) {
    for (const auto& statement : migration.statements) {
      for (const auto& change : statement.facts.cluster_changes) {
        if (change.kind == ddl::ClusterObjectKind::role && !change.name.empty()) visit(change);
      }
    }
  }
}

}  // namespace

std::vector<std::string> roles_before(const std::vector<MigrationFacts>& migrations,
                                      const std::vector<std::string>& target_roles) {
  std::map<std::string, bool> decided;  // role -> present before the first migration
  each_role_change(migrations, [&decided](const ddl::ClusterChange& change) {
    if (decided.count(change.name) != 0) return;
    switch (change.action) {
      case ddl::Action::create:
        decided[change.name] = false;
        return;
      case ddl::Action::alter:
        decided[change.name] = true;
        return;
      case ddl::Action::drop:
        if (!change.if_exists) decided[change.name] = true;  // IF EXISTS runs either way
        return;
    }
  });
  std::set<std::string> roles;
  for (const auto& role : target_roles) {
    const auto found = decided.find(role);
    if (found == decided.end() || found->second) roles.insert(role);
  }
  for (const auto& [role, present] : decided) {
    if (present) roles.insert(role);
  }
  return {roles.begin(), roles.end()};
}

std::vector<std::string> roles_created(const std::vector<MigrationFacts>& migrations) {
  std::set<std::string> roles;
  each_role_change(migrations, [&roles](const ddl::ClusterChange& change) {
    if (change.action == ddl::Action::create) roles.insert(change.name);
  });
  return {roles.begin(), roles.end()};
}

}  // namespace pgapply::schema
