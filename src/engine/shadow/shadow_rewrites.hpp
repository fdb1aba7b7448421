#pragma once

// Whether a migration rewrote a table, as the shadow shows it: each table's
// files (relfilenode, of it, its partitions and its indexes) read before and
// after the migration ran there (sql/shadow_relation_files.sql). Read only
// for a migration whose facts say a statement of it may rewrite a table, and
// only for the tables those statements name: a few milliseconds, where a
// type change is at stake.

#include <map>
#include <string>
#include <vector>

#include "pg/connection.hpp"
#include "schema/migration_facts.hpp"
#include "schema/shadow_outcome.hpp"

namespace pgapply::engine {

struct IndexFiles {
  std::string files;  // relfilenodes, space-separated
  std::vector<std::string> columns;
};

struct TableFiles {
  std::string schema;
  std::string name;
  std::string heap;                           // relfilenodes, space-separated
  std::map<std::string, IndexFiles> indexes;  // by index name
};

// By the table's oid: a rename keeps it.
using RelationFiles = std::map<long long, TableFiles>;

// The names (unqualified) of the tables the migration's declarations may
// rewrite (a hazard that says so, an ALTER COLUMN ... TYPE, an ADD COLUMN);
// empty: none may.
std::vector<std::string> tables_it_may_rewrite(const schema::MigrationFacts& facts);

RelationFiles read_relation_files(pg::Connection& shadow, const std::vector<std::string>& names);

// Each table in both, and what happened to its files in between.
std::vector<schema::TableFilesSeen> files_seen(const RelationFiles& before, const RelationFiles& after);

}  // namespace pgapply::engine
