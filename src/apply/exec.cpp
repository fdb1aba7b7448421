#include "apply/exec.hpp"

#include <filesystem>

#include "app/connect.hpp"
#include "apply/analysis.hpp"
#include "apply/project.hpp"
#include "apply/run_script.hpp"

namespace pgapply::apply {

void run_exec(const ExecOptions& options, RunOutput& output) {
  script::InterpreterSettings settings;
  settings.working_directory = std::filesystem::current_path();
  settings.allow_undefined_variables = options.allow_undefined_variables;
  const script::Variables variables = make_variables(options.variables);

  std::vector<ScriptAnalysis> analyses;
  for (const auto& file : options.files) analyses.push_back(analyze_script(file, file, settings, variables, false));

  app::Connected connected = app::connect(options.connection, [&output](const std::string& text) {
    output.warning(text);
  });
  TransactionHooks no_ledger;
  for (std::size_t i = 0; i < options.files.size(); ++i) {
    run_script(connected.connection, options.files[i], options.files[i], settings, variables,
               analyses[i].plan, no_ledger, output);
  }
}

}  // namespace pgapply::apply
