#include "engine/operations/lint_operation.hpp"

#include "engine/migration_directory.hpp"
#include "engine/project.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "engine/changed_files.hpp"
#include "engine/loaded_script.hpp"
#include "io/files.hpp"
#include "lint/linter.hpp"
#include "migrate/version.hpp"
#include "psql/interpreter.hpp"
#include "psql/joined_statements.hpp"
#include "psql/source_map.hpp"
#include "psql/transaction_plan.hpp"

namespace pgapply::engine {

namespace {

namespace fs = std::filesystem;

// A file whose recording would be larger is read again from disk when it is
// linted, instead of being held in memory twice (recording and source lines).
constexpr std::size_t kKeptRecording = std::size_t{8} << 20;

struct LintTarget {
  fs::path path;
  std::string shown;
  fs::path include_root;
  std::string version;  // a migration's (canonical); "" for other files
  bool repeatable = false;  // Flyway's R__name.sql: runs after every versioned migration
  // as its tool means it (settings_for_format): a Flyway file's ${name} placeholders...
  migrate::FileFormat format = migrate::FileFormat::pgapply;
  ScriptPart part;      // what of the file runs (a dbmate or goose file's up section)
  const LoadedScript* loaded = nullptr;  // loaded already (a Project's script)
  // A migration up would run: reported when it is empty (empty-migration).
  // Not for a command that decided already (preflight, with its --allow-empty).
  bool refuse_empty = false;
  // One of a whole directory's migrations: a run of its own (the earlier
  // ones may have been applied long ago), not pending with the files before it.
  bool own_run = false;
  // Its dbmate or goose markers are wrong: its finding, and nothing else read.
  std::optional<Error> sections_error;
  // Its down section: read for what would stop `down` (it cannot be split,
  // an unknown meta-command...), not for the rules (a rollback drops).
  std::optional<ScriptPart> down;
};

// What a file's name says of it: the version of a migration ("" for other
// files), and its format (a Flyway file: V, U or R).
struct NamedAs {
  std::string version;
  migrate::FileFormat format = migrate::FileFormat::pgapply;
};

NamedAs named_as(const fs::path& path) {
  NamedAs out;
  try {
    const auto found = migrate::discover({path.filename().string()});
    if (!found.migrations.empty()) out.version = found.migrations.front().version;
    for (const auto& file : found.migrations) out.format = file.format;
    for (const auto& file : found.repeatables) out.format = file.format;
    for (const auto& [version, file] : found.down_files) out.format = file.format;
  } catch (const Error&) {
  }
  return out;
}

lint::FileMode file_mode(psql::TransactionMode mode) {
  switch (mode) {
    case psql::TransactionMode::wrapped: return lint::FileMode::wrapped;
    case psql::TransactionMode::own: return lint::FileMode::own;
    case psql::TransactionMode::autocommit: return lint::FileMode::autocommit;
  }
  return lint::FileMode::wrapped;
}

void add_source(lint::Linter& linter, const std::string& shown, const fs::path& path) {
  std::string text;
  try {
    text = io::read_file(path);
  } catch (const Error&) {
    // The walk reports what cannot be read; the finding just has no source line.
  }
  linter.add_source(shown, std::move(text));
}

// An input error as a finding: FILE:LINE[:COL]: error: MESSAGE, as
// core/diagnostic.hpp writes it, taken apart.
void report_error(lint::Linter& linter, const Error& error, const std::string& file) {
  const std::string text = error.what();
  constexpr std::string_view marker = ": error: ";
  const auto at = text.find(marker);
  if (error.located() && at != std::string::npos) {
    std::string prefix = text.substr(0, at);
    std::vector<std::size_t> numbers;
    while (numbers.size() < 2) {
      const auto colon = prefix.rfind(':');
      if (colon == std::string::npos) break;
      const std::string tail = prefix.substr(colon + 1);
      if (tail.empty() || !std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; })) break;
      numbers.insert(numbers.begin(), std::stoul(tail));
      prefix.erase(colon);
    }
    if (!numbers.empty()) {
      linter.file_error(prefix, numbers[0], numbers.size() > 1 ? numbers[1] : 1, text.substr(at + marker.size()));
      return;
    }
  }
  linter.file_error(file, 1, 1, text);
}

// Feeds each statement that would run to the linter.
class LintBackend : public psql::StatementReader {
 public:
  LintBackend(lint::Linter& linter, const fs::path& working_directory, std::set<fs::path>& included)
      : linter_(linter), working_directory_(working_directory), included_(included) {}

 private:
  void read(const psql::Statement& statement) override {
    // An included file, first seen: its lines and lint-ignore comments.
    if (!linter_.has_source(statement.file)) {
      const fs::path path(statement.file);
      const fs::path full = path.is_absolute() ? path : working_directory_ / path;
      add_source(linter_, statement.file, full);
      included_.insert(io::comparable_path(full));
    }
    lint::StatementInput input;
    input.text = statement.rendered.text;
    input.file = statement.file;
    input.line = statement.line;
    input.column = statement.column;
    if (!statement.rendered.interpolations.empty() || statement.rendered.has_escaped_semicolon) {
      // What runs differs from what is written: map positions back to the file.
      input.locate = [&statement](std::size_t offset) {
        const std::size_t in_file = statement.rendered.map.source_offset(offset);
        const std::size_t relative = in_file >= statement.offset ? in_file - statement.offset : 0;
        const auto at = psql::line_column_at(statement.original, relative, {statement.line, statement.column});
        return lint::Position{at.line, at.column};
      };
    }
    linter_.statement(input);
  }

  lint::Linter& linter_;
  fs::path working_directory_;
  std::set<fs::path>& included_;  // every file whose statements were read (comparable paths)
};

// Lints one file: its recording when it loads as a migration (what up would
// run, read once), else a walk of it as written, as far as it goes.
void lint_target(lint::Linter& linter, const LintTarget& target, psql::InterpreterSettings settings,
                 const psql::Variables& variables, std::set<fs::path>& included) {
  settings = settings_for_format(std::move(settings), target.format);
  settings.include_root = target.include_root;
  add_source(linter, target.shown, target.path);
  lint::FileContext context;
  context.file = target.shown;
  std::optional<LoadedScript> own;
  const LoadedScript* loaded = target.loaded;
  std::optional<Error> load_error;
  if (target.sections_error) {
    context.own_run = target.own_run;
    linter.begin_file(context);
    report_error(linter, *target.sections_error, target.shown);
    linter.end_file();
    return;
  }
  if (loaded == nullptr) {
    try {
      own = load_script(target.path, target.shown, settings, variables, ScriptUse::migration, kKeptRecording,
                        target.part);
      loaded = &*own;
    } catch (const psql::RefusedTransactions& refused) {
      context.mode = lint::FileMode::as_written;
      context.refusal_line = refused.line;
      context.refusal = refused.reason;
    } catch (const Error& error) {
      load_error = error;  // the walk below stops at the same place, or it is the header's
    }
  }
  context.own_run = target.own_run;
  if (loaded != nullptr) {
    // every file it reads, statements or not (one of \set alone, say)
    for (const auto& file : loaded->included_files()) included.insert(io::comparable_path(file));
    context.mode = file_mode(loaded->analysis().plan.mode);
    context.forced_transaction = loaded->analysis().directives.transaction == true;
    context.empty = target.refuse_empty && is_empty_migration(*loaded);
  }
  linter.begin_file(context);
  LintBackend backend(linter, settings.working_directory, included);
  std::string reported;  // the error said of the file, once
  try {
    if (loaded != nullptr) {
      loaded->replay(backend);
      if (const std::string& misplaced = loaded->analysis().misplaced_directive; !misplaced.empty()) {
        report_error(linter, Error(ErrorKind::input, misplaced, /*located=*/true), target.shown);
      }
    } else {
      psql::Variables walk_variables = variables;
      psql::Interpreter interpreter(settings, walk_variables, backend);
      interpreter.run_file(target.path, target.shown);
      if (load_error) {
        report_error(linter, *load_error, target.shown);
        reported = load_error->what();
      }
    }
  } catch (const Error& error) {
    report_error(linter, error, target.shown);
    reported = error.what();
  }
  if (target.down) {
    try {
      const LoadedScript down =
          load_script(target.path, target.shown, settings, variables, ScriptUse::migration, kKeptRecording, *target.down);
      if (const std::string& misplaced = down.analysis().misplaced_directive; !misplaced.empty()) {
        report_error(linter, Error(ErrorKind::input, misplaced, /*located=*/true), target.shown);
      }
    } catch (const Error& error) {
      // (a whole file's error, not UTF-8 say, is the up section's already)
      if (error.what() != reported) report_error(linter, error, target.shown);
    }
  }
  linter.end_file();
}

// The migrations of a directory, in version order (other .sql files go to
// `not_migrations`), each a run of its own: nothing says which of them are
// pending.
std::vector<LintTarget> directory_targets(const fs::path& dir, std::vector<NotMigration>& not_migrations) {
  require_migration_directory(dir);
  migrate::Discovery discovery = migrate::discover(migration_file_names(dir));
  for (auto& file : engine::not_migrations(discovery, dir)) not_migrations.push_back(std::move(file));
  std::vector<LintTarget> targets;
  for (std::size_t i = 0; i < discovery.migrations.size(); ++i) {
    // A file whose markers are wrong is its own finding; lint goes on with the others.
    std::optional<Error> sections_error;
    try {
      read_sections(discovery, dir, i, std::nullopt);
    } catch (const Error& error) {
      sections_error = error;
    }
    const migrate::MigrationFile& file = discovery.migrations[i];
    LintTarget target;
    target.sections_error = std::move(sections_error);
    target.path = dir / file.file_name;
    target.shown = target.path.string();
    target.include_root = dir;
    target.version = file.version;
    target.part = up_part(file);
    target.down = down_part(file);
    target.format = file.format;
    target.refuse_empty = true;
    target.own_run = true;
    targets.push_back(std::move(target));
  }
  // Flyway's repeatable migrations run after the versioned ones, in Flyway's order.
  for (const auto& file : discovery.repeatables) {
    LintTarget target;
    target.path = dir / file.file_name;
    target.shown = target.path.string();
    target.include_root = dir;
    target.repeatable = true;
    target.format = migrate::FileFormat::flyway;
    target.refuse_empty = true;
    target.own_run = true;
    targets.push_back(std::move(target));
  }
  return targets;
}

// FILE and DIR arguments: a directory's migrations in version order; files
// named like migrations in version order, then the others as given.
std::vector<LintTarget> path_targets(const std::vector<fs::path>& paths, std::vector<NotMigration>& not_migrations) {
  std::vector<LintTarget> targets;
  std::vector<std::pair<std::string, LintTarget>> migrations;
  std::vector<LintTarget> repeatables;  // after every versioned migration, as they run
  std::vector<LintTarget> others;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (auto& target : directory_targets(path, not_migrations)) {
        if (target.repeatable) {
          repeatables.push_back(std::move(target));
        } else {
          migrations.emplace_back(target.version, std::move(target));
        }
      }
      continue;
    }
    if (!fs::is_regular_file(path, ec)) throw Error(ErrorKind::input, path.string() + ": no such file or directory");
    LintTarget target;
    target.path = path;
    target.shown = path.string();
    target.include_root = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    const NamedAs named = named_as(path);
    target.version = named.version;
    target.format = named.format;
    if (!target.version.empty()) {
      target.refuse_empty = true;
      // A dbmate or goose file: its up section, as up runs it (its down section is no part of it).
      migrate::Discovery alone = migrate::discover({path.filename().string()});
      if (!alone.migrations.empty()) {
        try {
          read_sections(alone, target.include_root, 0, std::nullopt);
          target.part = up_part(alone.migrations.front());
          target.down = down_part(alone.migrations.front());
          target.format = alone.migrations.front().format;
        } catch (const Error& error) {
          target.sections_error = error;
        }
      }
      migrations.emplace_back(target.version, std::move(target));
    } else {
      others.push_back(std::move(target));
    }
  }
  std::stable_sort(migrations.begin(), migrations.end(),
                   [](const auto& a, const auto& b) { return migrate::compare_versions(a.first, b.first) < 0; });
  for (auto& [version, target] : migrations) targets.push_back(std::move(target));
  for (auto& target : repeatables) targets.push_back(std::move(target));
  for (auto& target : others) targets.push_back(std::move(target));
  // A file named twice (a directory and one of its files) is linted once.
  std::vector<fs::path> seen;
  std::erase_if(targets, [&](const LintTarget& target) {
    const fs::path key = io::comparable_path(target.path);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return true;
    seen.push_back(key);
    return false;
  });
  return targets;
}

// A lint of directories that hold no migration at all is a wrong --dir (or
// files named for no tool), as up says: never "no findings in 0 files", a CI
// step that passes on nothing.
void require_some_migration(const std::vector<LintTarget>& targets, const fs::path& dir) {
  if (!targets.empty()) return;
  migrate::require_migrations(migrate::discover(migration_file_names(dir)), dir.string(), migrations_elsewhere(dir));
}

std::vector<LintTarget> chosen_targets(const LintOptions& options, std::vector<NotMigration>& not_migrations) {
  const bool filtered = !options.changed_since.empty() || options.from_version.has_value();
  if (!options.paths.empty()) {
    if (filtered) {
      throw Error(ErrorKind::usage, "--changed-since and --from choose migrations of --dir: give them without "
                                    "FILE or DIR arguments");
    }
    std::vector<LintTarget> targets = path_targets(options.paths, not_migrations);
    require_some_migration(targets, options.paths.front());  // (only directories can give none)
    return targets;
  }
  std::vector<LintTarget> targets = directory_targets(options.project.dir, not_migrations);
  require_some_migration(targets, options.project.dir);
  // The migrations above --from, or those a branch adds: pending, one run.
  if (filtered) {
    for (auto& target : targets) target.own_run = false;
  }
  if (options.from_version) {
    const std::string from = migrate::canonical_version(*options.from_version);
    // A repeatable migration runs after all of them: it stays.
    std::erase_if(targets, [&](const LintTarget& target) {
      return !target.repeatable && migrate::compare_versions(target.version, from) <= 0;
    });
  }
  if (!options.changed_since.empty()) {
    std::vector<fs::path> changed;
    for (const auto& path : files_changed_since(options.changed_since, options.project.dir)) {
      changed.push_back(io::comparable_path(path));
    }
    std::erase_if(targets, [&](const LintTarget& target) {
      return std::find(changed.begin(), changed.end(), io::comparable_path(target.path)) == changed.end();
    });
  }
  return targets;
}

// `included`: every file whose statements were read, its comparable path.
lint::LintResult lint_targets(const std::vector<LintTarget>& targets, const psql::InterpreterSettings& settings,
                              const psql::Variables& variables, const lint::LintSettings& lint_settings,
                              std::set<fs::path>& included) {
  lint::Linter linter(lint_settings);
  for (const auto& target : targets) lint_target(linter, target, settings, variables, included);
  return linter.finish();
}

void check_settings(const lint::LintSettings& settings) {
  const auto problems = lint::settings_problems(settings);
  if (!problems.empty()) throw Error(ErrorKind::usage, problems.front());
}

}  // namespace

lint::LintResult run_lint(const LintOptions& options, RunOutput& output) {
  check_settings(options.settings);
  std::vector<NotMigration> not_migrations;
  const std::vector<LintTarget> targets = chosen_targets(options, not_migrations);
  psql::InterpreterSettings settings;
  settings.working_directory = fs::current_path();
  settings.allow_undefined_variables = options.project.allow_undefined_variables;
  std::set<fs::path> included;
  lint::LintResult result =
      lint_targets(targets, settings, make_variables(options.project.variables), options.settings, included);
  // (--changed-since and --from read only some migrations: a file only the
  // others include is still named)
  warn_not_migrations(not_migrations, included, [&output](const std::string& text) { output.warning(text); });
  return result;
}

lint::LintResult lint_scripts(const std::vector<const MigrationScript*>& scripts, const Project& project,
                              const lint::LintSettings& settings) {
  check_settings(settings);
  std::vector<LintTarget> targets;
  for (const MigrationScript* script : scripts) {
    LintTarget target;
    target.path = script->path;
    target.shown = script->shown;
    target.include_root = project.settings.include_root;
    target.loaded = &script->loaded;
    targets.push_back(std::move(target));
  }
  std::set<fs::path> included;
  return lint_targets(targets, project.settings, project.variables, settings, included);
}

}  // namespace pgapply::engine
