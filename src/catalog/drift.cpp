#include "catalog/drift.hpp"

#include <algorithm>

#include "catalog/privileges.hpp"

namespace pgapply::catalog {

std::size_t DriftResult::count(DifferenceKind kind) const {
  std::size_t n = 0;
  for (const auto& difference : differences) n += difference.difference.kind == kind ? 1 : 0;
  return n;
}

std::size_t DriftResult::uncertain() const {
  std::size_t n = 0;
  for (const auto& difference : differences) n += difference.certain() ? 0 : 1;
  return n;
}

std::vector<std::string> leave_out_tool_ledgers(CatalogModel& here, const CatalogModel& there,
                                                const std::vector<ToolLedger>& ledgers) {
  std::vector<std::string> left_out;
  for (const ToolLedger& ledger : ledgers) {
    const bool whole_schema = ledger.table.empty();
    const ObjectKey key = whole_schema ? ObjectKey{ObjectKind::schema, ledger.schema, "", ledger.schema}
                                       : ObjectKey{ObjectKind::table, ledger.schema, "", ledger.table};
    if (here.find(key) == nullptr || there.find(key) != nullptr) continue;
    const auto belongs = [&](const ObjectKey& object, const CatalogObject& found) {
      if (object.schema != ledger.schema) return false;
      if (whole_schema) return true;
      if (object == key || object.parent == ledger.table) return true;  // the table, its columns, keys, indexes...
      return object.kind == ObjectKind::sequence && found.get("owner table").value_or("") == ledger.table;
    };
    for (auto it = here.objects.begin(); it != here.objects.end();) {
      it = belongs(it->first, it->second) ? here.objects.erase(it) : std::next(it);
    }
    std::string whose;
    for (const auto& tool : ledger.tools) whose += (whose.empty() ? "" : " or ") + tool;
    left_out.push_back((whole_schema ? "schema " + ledger.schema : "table " + ledger.schema + "." + ledger.table) +
                       ", " + whose + "'s ledger, was left out (no migration made it)");
  }
  return left_out;
}

void leave_out_prerequisites(CatalogModel& here, CatalogModel& there, const CatalogModel& init) {
  const auto in_init = [&init](const ObjectKey& key) {
    if (init.find(key) != nullptr) return true;
    if (!key.schema.empty() && init.find(ObjectKey{ObjectKind::schema, key.schema, "", key.schema}) != nullptr) {
      return true;
    }
    return !key.parent.empty() && find_relation(init, key.schema, key.parent).has_value();
  };
  // An object of the init file's that the migrations changed (RLS turned on
  // for auth.users, say) is compared: only one they left as it was goes.
  const auto as_made = [&](const ObjectKey& key) {
    const CatalogObject* made = init.find(key);
    const CatalogObject* after = there.find(key);
    return made != nullptr && after != nullptr &&
           std::equal(made->attributes.begin(), made->attributes.end(), after->attributes.begin(),
                      after->attributes.end(), [](const Attribute& a, const Attribute& b) {
                        return a.name == b.name && a.value == b.value;
                      });
  };
  for (auto it = here.objects.begin(); it != here.objects.end();) {
    const bool theirs = there.find(it->first) == nullptr || as_made(it->first);
    const bool drop = (init.find(it->first) != nullptr || in_init(it->first)) && theirs;
    it = drop ? here.objects.erase(it) : std::next(it);
  }
  for (auto it = there.objects.begin(); it != there.objects.end();) {
    it = as_made(it->first) ? there.objects.erase(it) : std::next(it);
  }
  // Of one they changed, only what they changed is compared: the platform's
  // table keeps its own grants and comments beside the stub's.
  for (auto& [key, changed] : there.objects) {
    const CatalogObject* made = init.find(key);
    auto* mine = here.objects.count(key) != 0 ? &here.objects.at(key) : nullptr;
    if (made == nullptr || mine == nullptr) continue;
    for (const auto& attribute : made->attributes) {
      const auto now = changed.get(attribute.name);
      if (!now || *now != attribute.value) continue;
      std::erase_if(changed.attributes, [&](const Attribute& a) { return a.name == attribute.name; });
      std::erase_if(mine->attributes, [&](const Attribute& a) { return a.name == attribute.name; });
    }
  }
}

std::vector<RenamedPair> renamed_pairs(const std::vector<Difference>& differences, const Attributor& attributor,
                                       DifferenceKind old_kind) {
  std::vector<RenamedPair> pairs;
  if (!attributor.renames_any()) return pairs;
  const DifferenceKind new_kind = old_kind == DifferenceKind::extra ? DifferenceKind::missing : DifferenceKind::extra;
  std::vector<bool> paired(differences.size(), false);
  for (std::size_t old_name = 0; old_name < differences.size(); ++old_name) {
    if (differences[old_name].kind != old_kind) continue;
    for (std::size_t new_name = 0; new_name < differences.size(); ++new_name) {
      if (paired[new_name] || differences[new_name].kind != new_kind) continue;
      if (auto rename = attributor.locate_rename(differences[old_name].key, differences[new_name].key)) {
        paired[new_name] = true;
        pairs.push_back({old_name, new_name, std::move(*rename)});
        break;
      }
    }
  }
  return pairs;
}

namespace {

// An object the database has under the name a migration renames it from,
// and lacks under the new one, is one object not renamed: one difference
// of its name, on the migrations' object, made by the RENAME, not one
// "made by no migration" and one missing. Only its name is said to differ:
// what else does shows once it is renamed.
std::vector<ExplainedDifference> not_renamed(std::vector<Difference>& differences, const Attributor& attributor,
                                             const std::string& home_schema) {
  std::vector<ExplainedDifference> out;
  std::vector<bool> folded(differences.size(), false);
  for (const RenamedPair& pair : renamed_pairs(differences, attributor, DifferenceKind::extra)) {
    const Difference& made = differences[pair.new_name];
    ExplainedDifference explained;
    const AttributeChange name{"name", differences[pair.old_name].key.name, made.key.name};
    explained.difference = {DifferenceKind::different, made.key, {name}, {}, false, made.noun};
    explained.object = describe(made, home_schema);
    explained.made_by = pair.rename;
    folded[pair.old_name] = folded[pair.new_name] = true;
    out.push_back(std::move(explained));
  }
  std::vector<Difference> left;
  for (std::size_t i = 0; i < differences.size(); ++i) {
    if (!folded[i]) left.push_back(std::move(differences[i]));
  }
  differences = std::move(left);
  return out;
}

}  // namespace

std::vector<ExplainedDifference> explain_all(const Comparison& comparison, const Attributor& attributor,
                                             const Wording& wording, const std::string& home_schema) {
  std::vector<Difference> differences = comparison.differences;
  std::vector<ExplainedDifference> out = not_renamed(differences, attributor, home_schema);
  for (auto& explained : out) {
    if (auto later = attributor.dynamic_since(*explained.made_by)) explained.made_by = later;
    explained.explanation = explain(explained.difference, wording, home_schema);
  }
  for (const auto& difference : differences) {
    ExplainedDifference explained;
    explained.difference = difference;
    explained.object = describe(difference, home_schema);
    Wording words = wording;
    // Only its grants differ: what last set them, not what made the object.
    const bool privileges_only =
        difference.kind == DifferenceKind::different && !difference.changes.empty() &&
        std::all_of(difference.changes.begin(), difference.changes.end(),
                    [](const AttributeChange& change) { return change.name == "privileges"; });
    if (privileges_only) {
      // (made under defaults a later ALTER DEFAULT PRIVILEGES changed: the shadow knows only the later ones)
      const AttributeChange& privileges = difference.changes.front();
      explained.made_by = attributor.default_privileges_since_made(
          difference.key, grantees_differing(privileges.here, privileges.there));
      if (!explained.made_by) explained.made_by = attributor.locate_privileges(difference.key);
    } else if (difference.kind != DifferenceKind::extra) {
      explained.made_by = attributor.locate(difference.key);
    } else if (auto where = attributor.locate_declared(difference.key); where && where->hangs_on_data) {
      explained.made_by = where;
      words.extra = "here, not made on the shadow";  // a migration names it: not "made by no migration"
    } else if (!where) {
      // No statement makes it; dynamic SQL may have, with a name from rows or chance.
      explained.made_by = attributor.last_dynamic();
    } else if (auto later = difference.key.kind == ObjectKind::index ? attributor.dynamic_since(*where)
                                                                     : std::nullopt) {
      // An index found only by its table, with dynamic SQL after the table
      // (a DO block's EXECUTE or a \gexec making indexes named from rows, the
      // data-driven case): perhaps that dynamic SQL's. A column, constraint
      // or trigger stays drift: dynamic SQL seldom adds those, and a hand's
      // change must not go unseen.
      explained.made_by = later;
    }
    // Dynamic SQL that ran after what set it may have changed it since, the
    // same way: uncertain, as up's verify finds it.
    if (explained.made_by && !explained.made_by->uncertain()) {
      if (auto later = attributor.dynamic_since(*explained.made_by)) explained.made_by = later;
    }
    explained.explanation = explain(difference, words, home_schema);
    out.push_back(std::move(explained));
  }
  std::stable_sort(out.begin(), out.end(), [](const ExplainedDifference& a, const ExplainedDifference& b) {
    return a.difference.key < b.difference.key;
  });
  return out;
}

}  // namespace pgapply::catalog
