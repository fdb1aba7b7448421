#pragma once

#include <filesystem>
#include <string>

#include "psql/directives.hpp"
#include "psql/interpreter.hpp"
#include "psql/transaction_plan.hpp"

namespace pgapply::engine {

// What a file will do, found by walking it once without a database: how it
// will run (transaction plan), how many statements it sends, and the checksum
// of what runs (its own, or with includes and variables; see Interpreter).
struct ScriptAnalysis {
  psql::Directives directives;
  psql::TransactionPlan plan;
  std::string checksum;
  std::string file_checksum;
  bool has_dependencies = false;
};

// Throws Error(input) naming file:line for anything that would stop the file
// before it reaches the server: unsplittable text, unknown meta-commands,
// undefined variables, bad includes, transactions pgapply cannot record.
// `variables` are the -v ones; the walk works on a copy. A `migration` must be
// recordable atomically (see TransactionPlanner).
ScriptAnalysis analyze_script(const std::filesystem::path& path, const std::string& shown_name,
                              const psql::InterpreterSettings& settings,
                              const psql::Variables& variables, bool migration = true);

}  // namespace pgapply::engine
