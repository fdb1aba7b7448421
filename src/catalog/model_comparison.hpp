#pragma once

// Two catalog models compared object by object: what one has that the other
// lacks, and every compared attribute that differs. `here` is the database
// being judged (the target, or the shadow after a migration); `there` is the
// reference (the shadow after the migrations, or the shadow before one).
//
// A missing or extra object takes its parts with it: a table missing here is
// one difference "with its 3 columns and 1 index", not five.

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_model.hpp"

namespace pgapply::catalog {

enum class DifferenceKind {
  missing,    // in `there`, not `here` (verify: the migrations make it, the database lacks it)
  extra,      // in `here`, not `there` (verify: drift, made by no migration)
  different,  // in both, with attributes that differ
};

// "missing", "extra", "different": stable words, also in JSON.
std::string_view to_string(DifferenceKind kind);

struct AttributeChange {
  std::string name;
  std::string here;   // "" when the object has no value for it here
  std::string there;
};

struct Difference {
  DifferenceKind kind = DifferenceKind::different;
  ObjectKey key;
  std::vector<AttributeChange> changes;       // different
  std::map<ObjectKind, std::size_t> parts;    // missing, extra: its parts, folded into it
  // missing, extra: an index that is not valid (indisvalid false: what a
  // failed CREATE INDEX CONCURRENTLY leaves), which its line says.
  bool invalid_index = false;
  // What to call it where the kind says less: "procedure", "aggregate" for
  // a function key (its "kind" attribute); "" for the kind's own name.
  std::string noun{};
};

// How reports name the object that differs: describe(), with its noun.
std::string describe(const Difference& difference, std::string_view home_schema);

struct Comparison {
  std::vector<Difference> differences;  // in key order (schema, parent, kind, name)
  std::size_t compared = 0;             // objects looked at (in either model, within the scope)

  bool same() const { return differences.empty(); }
  std::size_t count(DifferenceKind kind) const;
};

// Which objects to compare; all when empty.
using Scope = std::function<bool(const ObjectKey& key)>;

Comparison compare_models(const CatalogModel& here, const CatalogModel& there, const Scope& scope = {});

// Every object present in only one model or with a compared attribute that
// differs, unfolded (a new table and each of its columns): what a migration
// touched, for a Scope.
std::set<ObjectKey> changed_keys(const CatalogModel& before, const CatalogModel& after);

// How explain() words the two sides.
struct Wording {
  std::string here = "here";
  std::string there = "in the migrations";
  std::string missing = "missing here (the migrations make it)";
  std::string extra = "here, made by no migration";
  // Differences as changes ("type: text -> integer", there -> here) rather
  // than as two sides: for a migration's before (there) and after (here).
  bool as_change = false;
};

// One line: "column users.email: type character varying(64) here, text in
// the migrations". Long or multi-line values (function bodies, view
// definitions) show their first differing line.
std::string explain(const Difference& difference, const Wording& wording = {},
                    std::string_view home_schema = "public");

// "3 columns and 1 index" ("" when there are none).
std::string describe_parts(const std::map<ObjectKind, std::size_t>& parts);

// Where two texts first differ, for one line: both sides of the first line
// that differs (cut to `width` characters), with its line number when the
// texts have several lines. {here, there, line}.
struct FirstDifference {
  std::string here;
  std::string there;
  std::size_t line = 0;  // 0: single-line values
};
FirstDifference first_difference(std::string_view here, std::string_view there, std::size_t width = 80);

}  // namespace pgapply::catalog
