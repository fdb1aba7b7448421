#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/analysis.hpp"
#include "migrate/discovery.hpp"
#include "psql/interpreter.hpp"

namespace pgapply::engine {

// Where the migrations are and how to read them (shared by the commands).
struct ProjectOptions {
  std::filesystem::path dir = "migrations";
  std::string ledger = "pgapply_migrations";
  std::vector<std::pair<std::string, std::string>> variables;  // -v NAME=VALUE
  bool allow_undefined_variables = false;
};

// A migration file and what it will do.
struct MigrationScript {
  migrate::MigrationFile file;
  std::filesystem::path path;
  std::string shown;  // the path as messages show it: DIR/NNN_name.sql
  ScriptAnalysis analysis;
};

// The migrations directory, read and checked as a whole before anything runs.
struct Project {
  migrate::Discovery discovery;
  std::vector<MigrationScript> scripts;        // in version order
  std::map<std::string, std::string> checksums;  // by version, for planning
  psql::InterpreterSettings settings;          // includes stay in the directory
  psql::Variables variables;

  const MigrationScript* find(const std::string& version) const;
};

// Lists, names and analyses every migration: throws Error(input) naming
// file:line for the first file that cannot run (nothing has touched the
// database yet). `warn` hears of .sql files that are not migrations.
Project load_project(const ProjectOptions& options,
                     const std::function<void(const std::string&)>& warn);

// The interpreter settings and variables for files given by hand (exec):
// includes anywhere, relative to the current directory.
psql::Variables make_variables(const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace pgapply::engine
