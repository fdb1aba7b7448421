#pragma once

// pgapply verify: does the database have what the applied migrations
// declare? The final expected state of all applied migrations, in order
// (ExpectedSchema from nothing: a column added in 002 and dropped in 007
// must be absent, renames move objects, ALTER COLUMN TYPE changes the
// expected type), checked object by object against a catalog snapshot.
//
// One row per expectation: columns with type, default and nullability
// (compared as the server normalises them), tables, views, sequences,
// indexes (and that they are valid), constraints (unnamed ones under the
// name PostgreSQL chooses, else by kind and columns), policies, row level
// security, functions and procedures (by argument types), triggers, types
// and enum labels, domains, extensions, schemas, and what was dropped (it
// must be gone). What is inside a missing table is not listed on its own:
// the table's row says how much is missing with it.

#include <cstddef>
#include <string>
#include <vector>

#include "schema/catalog.hpp"
#include "schema/expected_schema.hpp"
#include "schema/migration_facts.hpp"

namespace pgapply::schema {

enum class CheckStatus {
  ok,
  missing,        // declared, absent
  different,      // present, but a declared attribute differs
  unknown,        // present; a default could not be compared (not a failure)
  invalid,        // an index that is not valid
  still_present,  // dropped by a migration, still there
  // A difference the static model found that no shadow could confirm (verify
  // fell back to the static model): a warning, not a failure.
  uncertain,
};

std::string_view to_string(CheckStatus status);  // "ok", "missing", ..., "still present"
bool is_failure(CheckStatus status);

struct CheckRow {
  ObjectKey key;
  ddl::ObjectKind kind = ddl::ObjectKind::table;
  std::string object;             // as reports name it: users.max_reports, users_pkey on users...
  bool expected_present = true;   // false: dropped, must be gone
  std::string expected;           // in a few words ("unique index on users", "enabled"; "absent")
  std::string actual;             // the same for what the catalog has ("absent" when it has nothing)
  // Columns: type, default and nullability, expected and actual ("any":
  // not declared, not checked; a default "" is no default).
  std::string expected_type, actual_type;
  std::string expected_default, actual_default;
  std::string expected_nullable, actual_nullable;
  std::string default_comparison;  // "equal", "different", "unknown" (columns with a declared default)
  CheckStatus status = CheckStatus::ok;
  std::vector<std::string> differences;  // why it is different, missing with its table...
  bool conditional = false;              // declared in a branch of a DO block
  Provenance declared_by;
};

struct VerifyResult {
  std::size_t migrations = 0;  // applied migrations whose declarations were checked
  std::vector<CheckRow> rows;  // in the order first declared
  // What verify could not check: SQL run dynamically by DO blocks... ("file:line: ...")
  std::vector<std::string> notes;
  bool ok = true;              // no row missing, different, invalid or still present (and not shadow_failed)
  // Why no shadow answered although one was asked for (keep_only_certain_failures).
  std::string no_shadow;
  // A shadow was had but could not replay the migrations (one fails there,
  // an extension it lacks...): nothing looked for drift, so verify does not
  // pass on the static model's word (shadow_could_not_check).
  bool shadow_failed = false;

  std::size_t count(CheckStatus status) const;
  std::size_t count_failures() const;  // rows missing, different, invalid or still present
};

VerifyResult verify(const std::vector<MigrationFacts>& applied, const CatalogSnapshot& catalog);

// When verify falls back to the static model because no shadow could be
// had: only what the static model is sure of stays a failure (an invalid
// index; a table or column declared outside any DO block branch and
// missing); every other failure becomes `uncertain`, with the status it had
// in its differences. `reason` (why there was no shadow) goes into the notes.
void keep_only_certain_failures(VerifyResult& result, const std::string& reason);

// After keep_only_certain_failures, when the shadow was had but could not
// check: the result is not ok, whatever the static model found.
void shadow_could_not_check(VerifyResult& result);

// One expectation checked against the catalog (verify, baseline). Reports
// leave out the schema `home_schema` in names.
CheckRow check_expectation(const ExpectedObject& expected, const CatalogSnapshot& catalog,
                           const std::string& home_schema);

// Whether verify lists an expectation: not a consequence of another drop,
// not inside something that must be gone anyway.
bool is_listed(const ExpectedObject& object, const ExpectedSchema& model);

// Notes on what a migration does that cannot be checked (dynamic SQL...).
std::vector<std::string> unchecked_notes(const MigrationFacts& migration);

}  // namespace pgapply::schema
