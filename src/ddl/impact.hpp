#pragma once

// Operational facts about a statement: the table locks it takes and what it
// does to a table while holding them. The facts follow the PostgreSQL
// documentation (ALTER TABLE "Notes", "Explicit Locking") for current
// servers (11 and later); the explanations say where it depends on the data
// or on the server version.

#include <string>
#include <string_view>
#include <vector>

#include "ddl/qualified_name.hpp"

namespace pgapply::ddl {

// The table-level lock modes, weakest first: a later one is stronger.
enum class LockMode {
  none,
  access_share,            // SELECT
  row_share,               // SELECT FOR UPDATE
  row_exclusive,           // INSERT, UPDATE, DELETE
  share_update_exclusive,  // VACUUM, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT
  share,                   // CREATE INDEX: blocks writes
  share_row_exclusive,     // CREATE TRIGGER, ADD FOREIGN KEY: blocks writes
  exclusive,               // REFRESH MATERIALIZED VIEW CONCURRENTLY: blocks all but reads
  access_exclusive,        // most ALTER TABLE forms, DROP: blocks reads and writes
};

// "ACCESS EXCLUSIVE", "SHARE UPDATE EXCLUSIVE"...
std::string_view to_string(LockMode mode);
// What the lock blocks, for a report: "blocks reads and writes".
std::string_view what_it_blocks(LockMode mode);

struct TableLock {
  QualifiedName table;  // empty name: a table the statement does not name (DROP INDEX's)
  LockMode mode = LockMode::none;
  std::string reason;   // "ADD COLUMN", "CREATE INDEX"...
};

enum class HazardKind {
  rewrites_table,    // the table and its indexes are rewritten under the lock
  scans_table,       // the whole table is read under the lock (to check or build)
  fails_if_rows,     // fails when the table has rows
  cascades,          // CASCADE drops dependent objects too
  not_transactional, // cannot run inside a transaction block
  note,              // anything else worth telling an operator
};

struct Hazard {
  HazardKind kind = HazardKind::note;
  std::string explanation;  // one line for a human
  // What avoids it, where that is CONCURRENTLY, which a partitioned table
  // refuses (a reader that knows the table is one says what does instead).
  std::string concurrent_remedy;
  // CREATE INDEX ON ONLY: on a partitioned table it builds nothing (an
  // invalid index on the parent alone, read from no rows); on a plain table
  // ONLY changes nothing. A reader that knows which the table is decides.
  bool none_if_partitioned = false;
  // fails_if_rows: what would make it succeed that the reader setting it
  // could not tell either ("its type x is a domain with a DEFAULT"): then
  // it may fail, not will.
  std::string unless{};
  // fails_if_rows: why, where not the column's own NOT NULL ("its type x is
  // a NOT NULL domain"), which also changes the advice (it cannot be added
  // nullable first).
  std::string cause{};
  // A note: the DEFAULT's function, whose volatility the facts cannot tell,
  // rewrites the table if it is volatile (a reader that knows decides).
  bool if_volatile = false;
};

std::string_view to_string(HazardKind kind);

// The impact of one declaration.
struct Impact {
  std::vector<TableLock> locks;
  std::vector<Hazard> hazards;

  LockMode strongest_lock() const;
  bool has(HazardKind kind) const;
  bool rewrites() const { return has(HazardKind::rewrites_table); }
  bool scans() const { return has(HazardKind::scans_table); }
  bool fails_if_rows() const { return has(HazardKind::fails_if_rows); }
};

// Adds `lock` to `locks`, keeping one entry per table with the strongest mode.
void merge_lock(std::vector<TableLock>& locks, const TableLock& lock);

}  // namespace pgapply::ddl
