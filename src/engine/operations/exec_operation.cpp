#include "engine/operations/exec_operation.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <limits>
#include <optional>

#include "core/error.hpp"
#include "engine/loaded_script.hpp"
#include "engine/migration_run.hpp"
#include "engine/project.hpp"
#include "engine/session_reset.hpp"
#include "psql/file_reader.hpp"
#include "settings/connect.hpp"

namespace pgapply::engine {

namespace {

// Files bigger than this are not kept in memory between their check and
// their run (a 1 GB dump streams, as psql would read it).
constexpr std::size_t exec_memory_limit = 256u << 20;

// The variables psql sets once connected (its SyncVariables), then -v's:
// an exec file may say ALTER DATABASE :"DBNAME" as it would under psql.
psql::Variables with_connection_variables(const pg::Connection& connection,
                                          const std::vector<std::pair<std::string, std::string>>& given) {
  psql::Variables variables;
  variables.set("DBNAME", connection.dbname());
  variables.set("USER", connection.user());
  variables.set("HOST", connection.host());
  variables.set("PORT", connection.port());
  variables.set("ENCODING", connection.parameter_status("client_encoding").value_or(""));
  variables.set("SERVER_VERSION_NAME", connection.parameter_status("server_version").value_or(""));
  variables.set("SERVER_VERSION_NUM", std::to_string(connection.server_version()));
  for (const auto& [name, value] : given) variables.set(name, value);
  return variables;
}

}  // namespace

void run_exec(const ExecOptions& options, RunOutput& output) {
  psql::InterpreterSettings settings;
  settings.working_directory = std::filesystem::current_path();
  settings.allow_undefined_variables = options.allow_undefined_variables;
  // A file that cannot be read (missing, a directory) is an error before
  // connecting; the files are loaded once connected, as psql reads them,
  // with the variables psql sets when it connects. Only a regular file is
  // read here: a pipe (/dev/stdin) has its bytes once.
  // Standard input ("-", as psql -f - reads it): read whole, before connecting.
  std::optional<std::string> standard_input;
  for (const auto& file : options.files) {
    if (file != "-") continue;
    if (standard_input) throw Error(ErrorKind::usage, "- (standard input) is given twice: it can be read once");
    standard_input = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  for (const auto& file : options.files) {
    if (file == "-") continue;
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    // (a directory opens, and its first read says "is a directory")
    if (!std::filesystem::exists(status) || std::filesystem::is_regular_file(status) ||
        std::filesystem::is_directory(status)) {
      psql::FileReader(file, file).next();
    }
  }
  settings::Connected connected =
      settings::connect(options.connection, [&output](const std::string& text) { output.warning(text); });
  const psql::Variables variables = with_connection_variables(connected.connection, options.variables);

  // What runs, in order: the files, or the -c commands (psql -c 'SQL').
  struct Source {
    std::string path;
    std::string shown;
    std::optional<std::string_view> contents;  // standard input's, a command's; else the file is read
  };
  std::vector<Source> sources;
  for (const auto& file : options.files) {
    // (named as psql names it: "<stdin>:3: ERROR ...", "<stdin> was rolled back")
    sources.push_back(file == "-" ? Source{"-", "<stdin>", std::string_view(*standard_input)} : Source{file, file, {}});
  }
  for (std::size_t i = 0; i < options.commands.size(); ++i) {
    const std::string shown = options.commands.size() == 1 ? "-c" : "-c #" + std::to_string(i + 1);
    sources.push_back(Source{shown, shown, std::string_view(options.commands[i])});
  }
  std::vector<LoadedScript> scripts;
  scripts.reserve(sources.size());
  for (const auto& source : sources) {
    // psql -f a.sql -f b.sql: what a.sql \set, b.sql sees
    scripts.push_back(load_script(source.path, source.shown, settings,
                                  scripts.empty() ? variables : scripts.back().variables_after(), ScriptUse::exec,
                                  source.contents ? std::numeric_limits<std::size_t>::max() : exec_memory_limit, {},
                                  source.contents));
  }
  std::vector<RunItem> items;
  for (const auto& script : scripts) {
    RunItem item;
    item.script = &script;
    item.record = std::make_unique<NoRecord>();
    items.push_back(std::move(item));
  }
  RunLoopOptions loop;
  loop.server_version = connected.connection.server_version();
  loop.done_verb = "Ran";
  loop.unit = options.commands.empty() ? "file" : "command";
  loop.reset_between_files = false;
  migrate::RunSummary summary;
  summary.command = "exec";
  // exec prints no progress of its own: its output is the files' (\echo,
  // notices). But when one of several files fails, what became of the
  // others is said, on standard error: those before it ran (each committed);
  // so is what stays of a file that runs statement by statement.
  class Quiet : public RunOutput {
   public:
    Quiet(RunOutput& inner, bool several) : inner_(inner), several_(several) {}
    void notice(const std::string& text) override { inner_.notice(text); }
    void echo(const std::string& text, bool to_stderr) override { inner_.echo(text, to_stderr); }
    void progress(const std::string&) override {}
    void stopped(const std::string& line) override {
      if (several_) inner_.echo(line + "\n", true);
    }
    void warning(const std::string& line) override { inner_.warning(line); }
    void tick(const ProgressTick& where) override { inner_.tick(where); }
    bool shows_ticks() const override { return inner_.shows_ticks(); }

   private:
    RunOutput& inner_;
    bool several_;
  } quiet(output, items.size() > 1 || std::any_of(scripts.begin(), scripts.end(), [](const LoadedScript& script) {
                   return script.analysis().plan.mode == psql::TransactionMode::autocommit;
                 }));
  run_live(items, connected.connection, quiet, loop, summary);
}

}  // namespace pgapply::engine
