#pragma once

// Internal to preflight: what one declaration will do, as a row of the
// object table, the findings it implies, and the per-kind counts.

#include <optional>
#include <string>
#include <vector>

#include "schema/expected_schema.hpp"
#include "schema/preflight.hpp"
#include "schema/preflight_findings.hpp"

namespace pgapply::schema {

// One declaration with what applying it did.
struct DeclarationView {
  const ddl::Declaration& declaration;
  const Step& step;
  std::string location;                  // file:line
  std::optional<Outcome> table_outcome;  // the statement's CREATE TABLE, for its columns and constraints
};

// nullopt when there is nothing to show (not modelled, or inside a
// CREATE TABLE that fails anyway).
std::optional<ObjectRow> object_row(const DeclarationView& view, const std::string& home_schema);

// "column users.theme (add)": how findings name what a declaration does.
std::string what(const ObjectRow& row);

// Failures are errors; a warning instead inside the EXCEPTION-guarded part
// of a DO block, or (for absent objects) after dynamic SQL that may have
// created them. Conflicts are warnings.
void add_row_findings(const ObjectRow& row, const DeclarationView& view, bool after_dynamic_sql,
                      FindingList& findings);

// Counts creations per kind, in the order kinds first appear.
class KindCounter {
 public:
  void count(const DeclarationView& view, const ObjectRow& row, const std::string& home_schema);
  std::vector<KindCount> counts() const;

 private:
  struct Name {
    std::string table;  // columns: their table
    std::string bare;   // columns: the column's own name
    std::string full;   // as reports name it
    bool to_create = false;
  };
  struct Tally {
    KindCount count;
    std::vector<Name> names;  // to create or different, in order
  };
  std::vector<Tally> tallies_;
};

}  // namespace pgapply::schema
