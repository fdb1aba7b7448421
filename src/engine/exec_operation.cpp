#include "engine/exec_operation.hpp"

#include <filesystem>

#include "settings/connect.hpp"
#include "engine/analysis.hpp"
#include "engine/project.hpp"
#include "engine/run_script.hpp"

namespace pgapply::engine {

void run_exec(const ExecOptions& options, RunOutput& output) {
  psql::InterpreterSettings settings;
  settings.working_directory = std::filesystem::current_path();
  settings.allow_undefined_variables = options.allow_undefined_variables;
  const psql::Variables variables = make_variables(options.variables);

  std::vector<ScriptAnalysis> analyses;
  for (const auto& file : options.files) analyses.push_back(analyze_script(file, file, settings, variables, false));

  settings::Connected connected = settings::connect(options.connection, [&output](const std::string& text) {
    output.warning(text);
  });
  TransactionHooks no_ledger;
  for (std::size_t i = 0; i < options.files.size(); ++i) {
    run_script(connected.connection, options.files[i], options.files[i], settings, variables,
               analyses[i].plan, no_ledger, output);
  }
}

}  // namespace pgapply::engine
