#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/project.hpp"
#include "core/sql_template.hpp"
#include "psql/transaction_plan.hpp"

namespace pgapply::engine {

// SQL pgapply runs around a file's statements: `start` before the first (a
// non-transactional migration records that it started), `end` where the
// ledger records the outcome (inside the transaction, before its COMMIT; or
// after the last statement of a non-transactional file).
struct ScriptEdges {
  std::vector<SqlCall> start;
  std::vector<SqlCall> end;
};

// A file as the psql script of what pgapply would send for it, in its
// transaction mode, with the edges where they would run: for dry runs.
std::string print_script(const std::filesystem::path& path, const std::string& shown,
                         const Project& project, const psql::TransactionPlan& plan,
                         const ScriptEdges& edges);

// pgapply's own SQL calls as statements with literal values.
std::string print_calls(const std::vector<SqlCall>& calls);

}  // namespace pgapply::engine
