#include "schema/verification.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/plural.hpp"
#include "schema/catalog_objects.hpp"
#include "schema/object_comparison.hpp"

namespace pgapply::schema {

namespace {

CheckStatus status_of(Match match) {
  switch (match) {
    case Match::ok: return CheckStatus::ok;
    case Match::different: return CheckStatus::different;
    case Match::unknown: return CheckStatus::unknown;
    case Match::invalid: return CheckStatus::invalid;
  }
  return CheckStatus::unknown;
}

// Rows inside a missing relation are folded into its row: "its 4 columns
// and 1 index are missing with it".
void fold_missing_tables(std::vector<CheckRow>& rows, const ExpectedSchema& model) {
  std::map<ObjectKey, std::size_t> missing;  // relation key -> row
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].key.space == Space::relation && rows[i].status == CheckStatus::missing) missing[rows[i].key] = i;
  }
  if (missing.empty()) return;
  std::map<std::size_t, std::map<std::string, std::size_t>> folded;  // table row -> kind -> count
  std::vector<CheckRow> kept;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const CheckRow& row = rows[i];
    std::optional<ObjectKey> table = container_of(row.key);
    if (row.key.space == Space::index) {
      const ExpectedObject* index = model.entry(row.key);
      if (index != nullptr) table = relation_key(row.key.schema, index->index_table);
    }
    bool inside = false;
    if (row.expected_present && table && table->space == Space::relation) {
      const auto found = missing.find(*table);
      if (found != missing.end() && found->second != i) {
        ++folded[found->second][std::string(ddl::to_string(row.kind))];
        inside = true;
      }
    }
    if (!inside) kept.push_back(row);
  }
  for (auto& row : kept) {
    const auto table = missing.find(row.key);
    if (table == missing.end()) continue;
    const auto counts = folded.find(table->second);
    if (counts == folded.end()) continue;
    std::string text = "its ";
    bool first = true;
    for (const auto& [kind, count] : counts->second) {
      if (!first) text += ", ";
      text += plural(count, kind);
      first = false;
    }
    text += counts->second.size() == 1 && counts->second.begin()->second == 1 ? " is" : " are";
    text += " missing with it";
    row.differences.push_back(text);
  }
  rows = std::move(kept);
}

}  // namespace

std::string_view to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::ok: return "ok";
    case CheckStatus::missing: return "missing";
    case CheckStatus::different: return "different";
    case CheckStatus::unknown: return "unknown";
    case CheckStatus::invalid: return "invalid";
    case CheckStatus::still_present: return "still present";
    case CheckStatus::uncertain: return "uncertain";
  }
  return "?";
}

bool is_failure(CheckStatus status) {
  return status == CheckStatus::missing || status == CheckStatus::different || status == CheckStatus::invalid ||
         status == CheckStatus::still_present;
}

std::size_t VerifyResult::count(CheckStatus status) const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [status](const CheckRow& row) { return row.status == status; }));
}

std::size_t VerifyResult::count_failures() const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const CheckRow& row) { return is_failure(row.status); }));
}

bool is_listed(const ExpectedObject& object, const ExpectedSchema& model) {
  if (object.implicit || object.unknown) return false;
  if (!object.present) {
    // gone with its table or type: that one's row says so
    if (const auto container = container_of(object.key); container && container->space != Space::schema) {
      if (const ExpectedObject* owner = model.entry(*container); owner != nullptr && !owner->present) return false;
    }
  }
  return true;
}

CheckRow check_expectation(const ExpectedObject& expected, const CatalogSnapshot& catalog,
                           const std::string& home_schema) {
  CheckRow row;
  row.key = expected.key;
  row.kind = expected.kind;
  row.object = display_name(expected.key, home_schema);
  row.expected_present = expected.present;
  row.declared_by = expected.declared_by;
  row.conditional = expected.conditional;

  // What must be gone is looked for by its name alone: looked for by its
  // definition too (PostgreSQL chose its name), it would be the object that
  // replaced or renamed it (ALTER INDEX t_d_idx RENAME TO t_done_idx).
  const auto actual = find_in_catalog(catalog, expected.key, expected.present ? &expected : nullptr);
  if (expected.key.space == Space::column) {
    row.expected_type = describe_type(expected);
    row.expected_default = describe_default(expected);
    row.expected_nullable = describe_nullable(expected);
    if (actual) {
      row.actual_type = describe_type(*actual);
      row.actual_default = describe_default(*actual);
      row.actual_nullable = describe_nullable(*actual);
    }
  }
  if (!expected.present) {
    row.expected = "absent";
    row.actual = actual ? describe(*actual) : "absent";
    row.status = actual ? CheckStatus::still_present : CheckStatus::ok;
    return row;
  }
  row.expected = describe(expected);
  if (!actual) {
    row.actual = "absent";
    row.status = CheckStatus::missing;
    return row;
  }
  row.actual = describe(*actual);
  if (actual->key.name != expected.key.name) row.actual += " (named " + actual->key.name + ")";
  const Comparison comparison = compare_objects(expected, *actual);
  row.status = status_of(comparison.match);
  row.differences = comparison.differences;
  if (expected.key.space == Space::column && expected.default_known) {
    row.default_comparison = ddl::to_string(comparison.default_comparison);
  }
  return row;
}

// What a DROP ... CASCADE takes with it (a generated column, a column of a
// dropped type, an inheriting table...) is not followed by the static model.
constexpr const char* cascade_note = "DROP ... CASCADE also drops what depends on it: what it takes is not checked";

// DROP OWNED BY drops what the role owns, which the static model does not know.
constexpr const char* drop_owned_note = "DROP OWNED BY drops what the role owns: what it takes is not checked";

bool drops_cascading(const DeclaredStatement& statement) {
  const auto& declarations = statement.facts.declarations;
  return std::any_of(declarations.begin(), declarations.end(),
                     [](const ddl::Declaration& d) { return d.action == ddl::Action::drop && d.cascade; });
}

std::vector<std::string> unchecked_notes(const MigrationFacts& migration) {
  std::vector<std::string> notes;
  for (const auto& statement : migration.statements) {
    std::string where = statement.file + ":" + std::to_string(statement.line) + ": ";
    if (drops_cascading(statement)) notes.push_back(where + cascade_note);
    if (statement.facts.drops_owned()) notes.push_back(where + drop_owned_note);
    if (statement.facts.dynamic_sql) {
      notes.push_back(where + statement.facts.dynamic_sql_source() + ": what it does is not checked");
    } else if (statement.facts.incomplete) {
      notes.push_back(where + "only part of the statement could be analysed");
    }
  }
  return notes;
}

VerifyResult verify(const std::vector<MigrationFacts>& applied, const CatalogSnapshot& catalog) {
  VerifyResult result;
  ExpectedSchema model(catalog, Start::empty);
  // What existed when a DROP ... CASCADE ran, or dynamic SQL (a DO block's
  // EXECUTE, a function of the user's): it may have gone with it.
  std::set<ObjectKey> before_cascade;
  std::set<ObjectKey> before_drop_owned;
  std::set<ObjectKey> before_dynamic;
  for (const auto& migration : applied) {
    for (const auto& statement : migration.statements) {
      const bool cascades = drops_cascading(statement);
      const bool owned = statement.facts.drops_owned();
      if (cascades || owned || statement.facts.dynamic_sql) {
        for (const auto& object : model.objects()) {
          if (object.present) (cascades ? before_cascade : owned ? before_drop_owned : before_dynamic).insert(object.key);
        }
      }
      model.apply(migration, statement);
    }
    for (auto& note : unchecked_notes(migration)) result.notes.push_back(std::move(note));
  }
  result.migrations = applied.size();
  const std::string home = catalog.creation_schema();
  for (const auto& object : model.objects()) {
    if (!is_listed(object, model)) continue;
    result.rows.push_back(check_expectation(object, catalog, home));
  }
  fold_missing_tables(result.rows, model);
  // What the model itself marks as perhaps gone with what it depended on
  // (besides a cascade's): a partition's index attached to a dropped one.
  std::set<ObjectKey> before_parent_drop;
  for (const auto& object : model.objects()) {
    if (object.present && object.before_cascade) before_parent_drop.insert(object.key);
  }
  // The static model does not follow a cascade: what existed when one ran
  // and is missing is uncertain (a shadow answers exactly).
  for (auto& row : result.rows) {
    if (row.status != CheckStatus::missing || !row.expected_present) continue;
    if (before_cascade.count(row.key) != 0) {
      row.status = CheckStatus::uncertain;
      row.differences.insert(row.differences.begin(),
                             "missing, perhaps dropped with what it depended on by a DROP ... CASCADE");
    } else if (before_drop_owned.count(row.key) != 0) {
      row.status = CheckStatus::uncertain;
      row.differences.insert(row.differences.begin(),
                             "missing, perhaps dropped by a DROP OWNED BY of the role that owned it");
    } else if (before_parent_drop.count(row.key) != 0) {
      row.status = CheckStatus::uncertain;
      row.differences.insert(row.differences.begin(),
                             "missing, perhaps dropped with the partitioned table's index it was attached to");
    } else if (before_dynamic.count(row.key) != 0) {
      row.status = CheckStatus::uncertain;
      row.differences.insert(row.differences.begin(), "missing, perhaps dropped by dynamic SQL, which is not checked");
    }
  }
  result.ok = std::none_of(result.rows.begin(), result.rows.end(),
                           [](const CheckRow& row) { return is_failure(row.status); });
  return result;
}

}  // namespace pgapply::schema
