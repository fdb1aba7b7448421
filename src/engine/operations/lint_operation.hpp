#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/project.hpp"
#include "engine/run_output.hpp"
#include "lint/finding.hpp"
#include "lint/lint_settings.hpp"

namespace pgapply::engine {

struct LintOptions {
  // FILE or DIR arguments; empty: the migrations in project.dir.
  std::vector<std::filesystem::path> paths;
  ProjectOptions project;  // --dir, -v NAME=VALUE, --allow-undefined-variables
  // Only the migrations of the directory that the branch adds or changes
  // since it forked from this git revision.
  std::string changed_since;
  // Only the migrations above this version (like up --dry-run --offline --from).
  std::optional<std::string> from_version;
  lint::LintSettings settings;
};

// `pgapply lint`: the chosen files, read as they would run (includes,
// variables, \if branches), linted in version order. Those known to be
// pending together (--changed-since, --from, FILE arguments) as one run, in
// which a table an earlier one creates is new; the migrations of a whole
// directory (the default, a DIR argument) each as a run of its own, since
// the earlier ones may have been applied long ago. Never connects. A file pgapply cannot run is an invalid-file
// finding; Error(usage) for bad settings, Error(input) for paths that do not
// exist or a git that fails.
lint::LintResult run_lint(const LintOptions& options, RunOutput& output);

// Lints migration scripts (in the order given, as one run) with their
// project's interpreter settings and variables: for a command that has a
// Project already (preflight). Replays each script as it was loaded (its
// transaction plan, its statements): nothing is read again.
lint::LintResult lint_scripts(const std::vector<const MigrationScript*>& scripts, const Project& project,
                              const lint::LintSettings& settings);

}  // namespace pgapply::engine
