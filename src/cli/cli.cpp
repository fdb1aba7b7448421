#include "cli/cli.hpp"

#include <csignal>
#include <ctime>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>

#include "cli/color.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/error_report.hpp"
#include "cli/exit_status.hpp"
#include "cli/help_text.hpp"
#include "cli/option_table.hpp"
#include "cli/project_file.hpp"
#include "cli/tty.hpp"
#include "core/edit_distance.hpp"
#include "core/error.hpp"
#include "core/interruption.hpp"
#include "core/server_message.hpp"
#include "io/standard_streams.hpp"
#include "pg/connection.hpp"
#include "pg/signal_cancel.hpp"
#include "pg/sqlstate.hpp"
#include "pgapply_version.hpp"
#include "report/json_document.hpp"
#include "report/lint_report.hpp"

extern char** environ;  // (POSIX: the process's environment, every variable)

namespace pgapply::cli {

namespace {

bool has(const std::vector<std::string>& args, std::string_view token) {
  return std::find(args.begin(), args.end(), token) != args.end();
}

// Whether the user asked for JSON, read from the raw arguments and the
// environment: a usage error must come out as JSON too. Without a command
// (none given, or one pgapply does not know) only the command line's
// --format json asks: PGAPPLY_FORMAT applies where the command prints it.
// lint's SARIF too: a failure is then a SARIF log (report::render_lint_failure_sarif).
enum class ErrorDocument { none, json, sarif };

ErrorDocument error_document_requested(const CommandSpec* command, const std::vector<std::string>& args,
                                       const GetEnv& getenv) {
  if (command != nullptr && !command->takes("format")) return ErrorDocument::none;
  const auto document = [command](std::string_view format) {
    if (format == "json") return ErrorDocument::json;
    if (format == "sarif" && command != nullptr && command->name == "lint") return ErrorDocument::sarif;
    return ErrorDocument::none;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--format" && i + 1 < args.size()) return document(args[i + 1]);
    if (args[i].rfind("--format=", 0) == 0) return document(std::string_view(args[i]).substr(9));
    if (args[i] == "--format") return ErrorDocument::none;
  }
  if (command == nullptr) return ErrorDocument::none;
  // PGAPPLY_FORMAT=json leaves a dry run's psql script as it is (run_json_setting).
  if (has(args, "--dry-run")) return ErrorDocument::none;
  return getenv ? document(getenv("PGAPPLY_FORMAT").value_or("")) : ErrorDocument::none;
}

bool json_requested(const CommandSpec* command, const std::vector<std::string>& args, const GetEnv& getenv) {
  return error_document_requested(command, args, getenv) == ErrorDocument::json;
}

// --color as the raw arguments or the environment give it, for errors that
// come before the options are parsed.
std::string color_requested(const std::vector<std::string>& args, const GetEnv& getenv) {
  std::string color = getenv ? getenv("PGAPPLY_COLOR").value_or("auto") : "auto";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--color" && i + 1 < args.size()) color = args[i + 1];
    if (args[i].rfind("--color=", 0) == 0) color = args[i].substr(8);
  }
  return color;
}

TerminalStyle terminal_style(const std::string& color, bool json, const GetEnv& getenv) {
  const ColorChoice choice = parse_color_choice(color);
  const auto no_color = getenv ? getenv("NO_COLOR") : std::nullopt;
  const bool quiet_colors = no_color.has_value() && !no_color->empty();
  TerminalStyle style;
  style.color_out = !json && use_color(choice, is_terminal(1), quiet_colors);
  style.color_err = use_color(choice, is_terminal(2), quiet_colors);
  style.progress = !json && is_terminal(2);
  style.columns = terminal_columns(2);
  return style;
}

// The style for what is said before the options are parsed (a usage error,
// a mistyped PGAPPLY_ variable): from the raw arguments and the environment.
TerminalStyle style_before_parsing(const CommandWord& word, const GetEnv& getenv) {
  const CommandSpec* command = word.command.empty() ? nullptr : find_command(word.command);
  return terminal_style(color_requested(word.rest, getenv), json_requested(command, word.rest, getenv), getenv);
}

std::string closest_command(const std::string& given) {
  // Other tools' words for pgapply's commands (dbmate, goose, golang-migrate,
  // Flyway, the Supabase CLI, sqitch).
  static const std::pair<std::string_view, std::string_view> other_tools[] = {
      {"migrate", "up"},     {"deploy", "up"},      {"apply", "up"},      {"push", "up"},
      {"rollback", "down"},  {"revert", "down"},    {"undo", "down"},     {"info", "status"},
      {"list", "status"},    {"validate", "verify"}, {"create", "new"},    {"generate", "new"},
      {"log", "history"},
  };
  for (const auto& [word, command] : other_tools) {
    if (given == word) return std::string(command);
  }
  std::vector<std::string_view> names;
  for (const auto& command : command_table()) names.push_back(command.name);
  return std::string(nearest_within_typo(given, names));
}

// "pgapply 0.1.0", or the version document (--format json: pgapply
// --version --format json as pgapply version --format json).
void print_version(Terminal& terminal, bool json = false) {
  if (json) {
    report::Json document = report::json_document("version");
    document["pgapply_version"] = pgapply::version;
    terminal.print(report::dump_document(document));
    return;
  }
  terminal.line(std::string("pgapply ") + pgapply::version);
}

// `pgapply --version --dir m`: --version, also an option of history and
// baseline with a value, took --dir as its value and left m as the command
// word. A --version followed by an option (or nothing), or -V, asks for the
// version; `pgapply --version 3 hstory` is a misspelt command.
bool version_requested(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-V") return true;
    if (args[i] == "--version" && (i + 1 == args.size() || args[i + 1].rfind('-', 0) == 0)) return true;
  }
  return false;
}

int run_without_command(const std::vector<std::string>& args, bool json, Terminal& terminal) {
  if (has(args, "--help") || has(args, "-?")) {
    terminal.print(overview_help());
    return exit_ok;
  }
  if (has(args, "--version") || has(args, "-V")) {
    print_version(terminal, json);
    return exit_ok;
  }
  if (args.empty()) {
    terminal.message(overview_help());
    return exit_usage_or_input;
  }
  if (has(args, "-h")) {
    throw Error(ErrorKind::usage, "-h is the server host, as in psql, and needs a value and a command: -h HOST\n"
                                  "for help: pgapply --help (or -?)");
  }
  const std::string why = why_no_command(args);
  throw Error(ErrorKind::usage, "no command given" + (why.empty() ? std::string() : ": " + why) +
                                    " (pgapply --help lists the commands)");
}

// A failure: its JSON document (`command` null when there was none) when
// JSON was asked for, its message on standard error, its exit status.
int report_failure(const std::exception& error, ErrorDocument document, const CommandSpec* command,
                   Terminal& terminal) {
  // A statement of pgapply's own that a signal cancelled (reading the ledger
  // or the catalog, waiting for another session's lock) ends the run as the
  // signal does: 128 + its number. (The run loop says itself what a signal
  // stopped there.)
  const auto* server = dynamic_cast<const ServerMessage*>(&error);
  if (const int signal_number = signal_received();
      signal_number != 0 && server != nullptr && server->sqlstate == pg::sqlstate::query_canceled) {
    // "Interrupted by SIGINT: ...", as the run loop's own lines begin.
    const std::string stopped = "Interrupted by " + signal_name(signal_number) + ": " + error.what() +
                                " (pgapply's own statement, cancelled on the server)";
    return report_failure(Interrupted(signal_number, stopped), document, command, terminal);
  }
  const report::ErrorReport described = describe_error(error);
  if (document == ErrorDocument::json) {
    terminal.print(report::render_error_document(command ? command->name : "", described));
  }
  if (document == ErrorDocument::sarif) terminal.print(report::render_lint_failure_sarif(described));
  const auto* known = dynamic_cast<const Error*>(&error);
  if (known != nullptr && known->located()) {
    terminal.message(error.what());
  } else {
    terminal.error(described.kind == "internal" ? described.message : described.text);
  }
  return described.exit_status;
}

int run_help(const OptionValues& values, Terminal& terminal) {
  if (values.operands.empty()) {
    terminal.print(overview_help());
    return exit_ok;
  }
  const CommandSpec* command = find_command(values.operands.front());
  if (command == nullptr) {
    const std::string near = closest_command(values.operands.front());
    throw Error(ErrorKind::usage, "unknown command '" + shown_argument(values.operands.front()) + "'" +
                                      (near.empty() ? "" : " (did you mean pgapply help " + near + "?)") +
                                      " (pgapply --help lists the commands)");
  }
  terminal.print(command_help(*command));
  return exit_ok;
}

}  // namespace

int run(const std::vector<std::string>& args, Terminal& terminal, const GetEnv& getenv) {
  // First, -V, and --version unless a version follows it (history's and
  // baseline's option), answer whatever follows, as in psql and git.
  if (!args.empty() && (args.front() == "-V" ||
                        (args.front() == "--version" &&
                         (args.size() == 1 || args[1].rfind('-', 0) == 0 || find_command(args[1]) != nullptr)))) {
    print_version(terminal, json_requested(find_command("version"), args, getenv));
    return exit_ok;
  }
  const CommandWord word = find_command_word(args);
  const CommandSpec* command = word.command.empty() ? nullptr : find_command(word.command);
  const ErrorDocument document = error_document_requested(command, word.rest, getenv);
  const bool json = document == ErrorDocument::json;
  terminal.set_style(style_before_parsing(word, getenv));
  if (const std::string one_dash = single_dash_long_option(args); !one_dash.empty()) {
    return report_failure(Error(ErrorKind::usage, one_dash), document, command, terminal);
  }
  if (word.command.empty() || (command == nullptr && version_requested(args))) {
    try {
      return run_without_command(word.command.empty() ? word.rest : args, json, terminal);
    } catch (const Error& error) {
      return report_failure(error, document, nullptr, terminal);
    }
  }
  try {
    if (command == nullptr) {
      if (const std::string unknown = unknown_option_before_command(word); !unknown.empty()) {
        throw Error(ErrorKind::usage, unknown + " (pgapply --help lists the commands and options)");
      }
      const std::string near = closest_command(word.command);
      throw Error(ErrorKind::usage, "unknown command '" + shown_argument(word.command) + "'" +
                                        (near.empty() ? "" : " (did you mean " + near + "?)") +
                                        " (pgapply --help lists the commands)");
    }
    // pgapply.toml is read for every command but help and version, whose
    // output must not depend on a broken project file; nor must COMMAND
    // --help's, which parse_command finds: a file that does not parse is
    // said once the command line asked for no help.
    std::optional<ProjectFile> project_file;
    std::exception_ptr unreadable_project_file;
    if (command->name != "help" && command->name != "version") {
      try {
        project_file = read_project_file(std::string(project_file_name));
      } catch (const Error&) {
        unreadable_project_file = std::current_exception();
      }
    }
    const SettingSources sources{getenv, project_file ? &*project_file : nullptr};
    const OptionValues values = parse_command(*command, word.rest, sources);
    if (unreadable_project_file) std::rethrow_exception(unreadable_project_file);
    terminal.set_style(terminal_style(values.choice("color").value_or("auto"), json, getenv));
    if (command->name == "help") return run_help(values, terminal);
    if (command->name == "version") {
      print_version(terminal, json);
      return exit_ok;
    }
    return run_command(std::string(command->name), values, terminal);
  } catch (const HelpRequested& help) {
    terminal.print(help.text);
    return exit_ok;
  } catch (const DocumentedFailure& failure) {
    if (failure.located) {
      terminal.message(failure.message);
    } else {
      terminal.error(failure.message);
    }
    return failure.exit_status;
  } catch (const std::exception& error) {
    return report_failure(error, document, command, terminal);
  }
}

namespace {

// When the first stop signal came (CLOCK_MONOTONIC nanoseconds; 0: none).
std::atomic<long long> first_signal_at{0};

long long monotonic_ns() noexcept {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);  // async-signal-safe (POSIX)
  return static_cast<long long>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec;
}

void say(const char* text) noexcept {
  const ssize_t ignored = ::write(2, text, std::strlen(text));
  (void)ignored;
}

// Ctrl-C, SIGTERM and SIGHUP: note it, cancel the statement running on the
// server; the engine rolls back, records, releases the lock and stops with
// one line. Another within 3 s (an impatient second Ctrl-C; `timeout`, which
// signals pgapply and then its process group) lets that finish, cancelling
// nothing more; one later exits at once, for a stop that does not come.
extern "C" void on_stop_signal(int signal_number) {
  const long long now = monotonic_ns();
  long long none = 0;
  if (first_signal_at.compare_exchange_strong(none, now)) {
    note_signal(signal_number);
    pg::cancel_running_statement();
    return;
  }
  if (now - first_signal_at.load() < 3'000'000'000LL) {
    // Not cancelling again: what runs now may be the stop itself (the
    // ledger's record of it).
    say("pgapply: stopping: what ran is being recorded, what did not is rolled back (a signal 3 s after the first "
        "exits at once)\n");
    return;
  }
  say("pgapply: a second signal: exiting at once, without waiting for the stop; a statement-by-statement file's "
      "ledger row may say running (pgapply status says what was applied)\n");
  std::_Exit(128 + signal_number);
}

// A PGAPPLY_* variable a typo away from a setting's (PGAPPLY_LOCK_TIMOUT) is
// read by nothing: said, with the one meant, so that a setting never goes
// quietly unapplied. Others (a script's own PGAPPLY_BENCH_RUNS) pass.
void warn_mistyped_environment(Terminal& terminal) {
  std::vector<std::string_view> known;
  for (const auto& option : option_table()) {
    if (!option.env.empty()) known.push_back(option.env);
  }
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    if (!name.starts_with("PGAPPLY_") || std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (const std::string_view meant = nearest_within_typo(name, known); !meant.empty()) {
      terminal.warning(std::string(name) + " is set, but pgapply has no such setting: did you mean " +
                       std::string(meant) + "? (pgapply config lists the settings)");
    }
  }
}

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal_number, &action, nullptr);
  // `pgapply up | head -1`: a closed pipe must not kill a run mid-migration.
  std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace

namespace {

bool stdout_is_pipe() {
  struct stat about {};
  return fstat(STDOUT_FILENO, &about) == 0 && (S_ISFIFO(about.st_mode) || S_ISSOCK(about.st_mode));
}

}  // namespace

int run(int argc, char** argv) {
  io::open_closed_standard_streams();
  install_signal_handlers();
  Terminal terminal(std::cout, std::cerr);
  const GetEnv getenv = [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  const std::vector<std::string> args(argv + 1, argv + argc);
  // Styled first, so that the warning's label is coloured as --color asks.
  terminal.set_style(style_before_parsing(find_command_word(args), getenv));
  warn_mistyped_environment(terminal);
  int status = run(args, terminal, getenv);
  // A report that could not be written to a file (a full disk) is no
  // success; a pipe whose reader has gone (| head) is the reader's choice.
  errno = 0;
  if (!std::cout.flush() && !stdout_is_pipe()) {
    const int error = errno;
    std::cerr << "pgapply: error: could not write the report to standard output ("
              << (error != 0 ? std::strerror(error) : "a write failed") << ")\n";
    if (status == exit_ok) status = exit_usage_or_input;
  }
  if (pg::connect_abandoned()) {
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(status);
  }
  return status;
}

}  // namespace pgapply::cli
