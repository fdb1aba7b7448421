#include "psql/interpreter.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

#include "core/diagnostic.hpp"
#include "core/error.hpp"
#include "migrate/checksum.hpp"
#include "psql/conditional_stack.hpp"
#include "psql/file_reader.hpp"

namespace pgapply::psql {

namespace fs = std::filesystem;

// One file being read (an include is a FileRun of its own).
struct Interpreter::FileRun {
  fs::path path;
  std::string shown_name;
  ConditionalStack conditionals;  // \if blocks do not cross files
  // COPY data goes to the backend only right after a COPY ... FROM STDIN it
  // was sent (not after one in a branch that does not run, nor after psql's
  // \copy, which is refused anyway).
  bool forwarding_copy = false;

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw located_input_error(diagnostic(shown_name, line, 0, "error", message));
  }
};

struct Interpreter::Invocation {
  std::string name;       // as written, without the backslash ("gx", "include")
  std::string_view text;  // the whole item ("\echo hello :name")
  std::size_t line = 0;
};

// When a handler runs, in the order dispatch() checks.
enum class Runs {
  in_every_branch,    // \if, \elif, \else, \endif: they choose the branches, so they run in those that do not
  while_restricted,   // \restrict, \unrestrict: also between \restrict and \unrestrict
  on_pending,         // \g, \gexec: the statement waiting for them is theirs
  after_pending,      // the others: the waiting statement is sent first
};

struct Interpreter::CommandEntry {
  std::string_view name;
  void (Interpreter::*handler)(FileRun&, const Invocation&);
  Runs runs;
};

namespace {

constexpr const char* supported_commands =
    "pgapply runs \\echo, \\qecho, \\warn, \\set, \\unset, \\i, \\ir, \\g, \\gexec, \\if, "
    "\\elif, \\else, \\endif, \\restrict and \\unrestrict";

std::string command_name(std::string_view text) {
  std::size_t end = 1;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\\') ++end;
  return std::string(text.substr(1, end - 1));
}

// An included file as people see it, shown as the file that includes it is
// (--dir m: m/sub/x.sql; --dir ../inc/m: ../inc/m/sub/x.sql; an absolute
// --dir: absolute): the name as written, joined to where the including file
// is shown (\ir) or to the working directory (\i), without "." and "x/..".
std::string shown_include(const std::string& including, const std::string& target, bool relative_to_file) {
  const fs::path written(target);
  if (written.is_absolute()) return written.lexically_normal().string();
  const fs::path base = relative_to_file ? fs::path(including).parent_path() : fs::path();
  return (base / written).lexically_normal().string();
}

bool is_inside(const fs::path& path, const fs::path& root) {
  const auto mismatch = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return mismatch.first == root.end();
}

// A path as an argument of a meta-command: in single quotes (a quote
// doubled, a backslash escaped) unless it has nothing psql reads otherwise.
std::string meta_argument(const std::string& path) {
  const bool plain = std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '/' || c == '_' || c == '-';
  });
  if (plain && !path.empty()) return path;
  std::string out = "'";
  for (const char c : path) {
    if (c == '\'') out += "''";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out + "'";
}

// What \ir would name for a \i whose path, read from the working directory,
// leads outside `root`: the path as written, else the longest of its tails
// that names a file inside `root` from `directory` (the including file's):
// `\i m/inc/inc.sql` run from the parent of the project meant inc/inc.sql.
std::optional<std::string> relative_include(const fs::path& directory, const fs::path& target, const fs::path& root) {
  std::vector<fs::path> parts(target.begin(), target.end());
  for (std::size_t first = 0; first < parts.size(); ++first) {
    fs::path tail;
    for (std::size_t i = first; i < parts.size(); ++i) tail /= parts[i];
    std::error_code ec;
    const fs::path candidate = fs::weakly_canonical(directory / tail, ec);
    if (!ec && is_inside(candidate, root) && fs::is_regular_file(candidate, ec)) return tail.string();
  }
  return std::nullopt;
}

}  // namespace

Interpreter::Interpreter(InterpreterSettings settings, Variables& variables, Backend& backend)
    : settings_(std::move(settings)), variables_(variables), backend_(backend) {}

void Interpreter::run_file(const fs::path& path, const std::string& shown_name) {
  run(path, shown_name, true);
}

void Interpreter::run_file(const fs::path& path, const std::string& shown_name, const FileRange& range) {
  run(path, shown_name, true, &range);
}

std::string Interpreter::checksum() const { return migrate::migration_checksum(file_checksum_, dependencies_); }

void Interpreter::flush_pending() {
  if (!pending_) return;
  Statement statement = std::move(*pending_);
  pending_.reset();
  statement.index = ++statements_;
  backend_.statement(statement);
  last_sent_ = std::move(statement);
}

void Interpreter::note(const std::vector<Interpolation>& interpolations) {
  for (const auto& used : interpolations) dependencies_.push_back(migrate::variable_dependency(used.name, used.value));
}

void Interpreter::run(const fs::path& path, const std::string& shown_name, bool top, const FileRange* range) {
  // As given: made canonical only when a file includes another (a cycle
  // check), not for every file loaded.
  include_stack_.push_back({path, shown_name});

  // The first file's bytes, when the caller gave them, serve this run only.
  const std::optional<std::string_view> contents = top ? std::exchange(first_file_contents_, std::nullopt) : std::nullopt;
  auto open_reader = [&]() -> FileReader {
    if (contents) {
      return range != nullptr ? FileReader(FileContents{*contents}, shown_name, *range, settings_.piece_size)
                              : FileReader(FileContents{*contents}, shown_name, settings_.piece_size);
    }
    return range != nullptr ? FileReader(path, shown_name, *range, settings_.piece_size)
                            : FileReader(path, shown_name, settings_.piece_size);
  };
  FileReader reader = open_reader();
  if (top && settings_.find_misplaced_directives) reader.find_misplaced_directives();
  migrate::Checksum file_sum;
  reader.on_bytes([&file_sum, this, top](std::string_view bytes) {
    file_sum.update(bytes);
    if (top && file_bytes_) file_bytes_(bytes);
  });

  FileRun file{path, shown_name, ConditionalStack(shown_name), false};
  while (const FileItem* read = reader.next()) {
    const split::Item& item = read->item;
    if (item.kind == split::ItemKind::copy_data) {
      if (file.forwarding_copy) backend_.copy_data(read->text, item.line, !item.continues);
      if (!item.continues) file.forwarding_copy = false;
      continue;
    }
    file.forwarding_copy = false;
    if (item.kind == split::ItemKind::meta) {
      if (top && !first_psql_only_line_) first_psql_only_line_ = item.line;
      dispatch(file, Invocation{command_name(read->text), read->text, item.line});
      continue;
    }
    if (!file.conditionals.active()) {
      skipped_statements_ = true;
      continue;
    }
    file.forwarding_copy = item.copy_from_stdin;
    Statement statement;
    statement.rendered =
        render_statement(read->text, item, variables_, settings_.allow_undefined_variables, shown_name,
                         settings_.flyway_placeholders);
    note(statement.rendered.interpolations);
    if (top && !first_psql_only_line_ && !statement.rendered.interpolations.empty()) first_psql_only_line_ = item.line;
    statement.original = read->text;
    statement.file = shown_name;
    statement.line = item.line;
    statement.column = item.column;
    statement.offset = item.start;
    statement.copy_from_stdin = item.copy_from_stdin;
    pending_ = std::move(statement);
    if (item.terminated) flush_pending();
  }
  file.conditionals.check_closed();
  flush_pending();
  if (top) {
    header_ = reader.header();
    header_line_ = reader.header_line();
    misplaced_directives_ = reader.misplaced_directives();
  }
  (top ? file_checksum_ : last_include_checksum_) = file_sum.hex_digest();
  include_stack_.pop_back();
}

// ------------------------------------------------------------ dispatch

const Interpreter::CommandEntry* Interpreter::find_command(std::string_view name) {
  static const std::array<CommandEntry, 18> commands{{
      {"if", &Interpreter::command_if, Runs::in_every_branch},
      {"elif", &Interpreter::command_elif, Runs::in_every_branch},
      {"else", &Interpreter::command_else, Runs::in_every_branch},
      {"endif", &Interpreter::command_endif, Runs::in_every_branch},
      {"restrict", &Interpreter::command_restrict, Runs::while_restricted},
      {"unrestrict", &Interpreter::command_unrestrict, Runs::while_restricted},
      {"g", &Interpreter::command_g, Runs::on_pending},
      {"gx", &Interpreter::command_g, Runs::on_pending},
      {"gexec", &Interpreter::command_gexec, Runs::on_pending},
      {"echo", &Interpreter::command_echo, Runs::after_pending},
      {"qecho", &Interpreter::command_echo, Runs::after_pending},
      {"warn", &Interpreter::command_echo, Runs::after_pending},
      {"set", &Interpreter::command_set, Runs::after_pending},
      {"unset", &Interpreter::command_unset, Runs::after_pending},
      {"i", &Interpreter::command_include, Runs::after_pending},
      {"include", &Interpreter::command_include, Runs::after_pending},
      {"ir", &Interpreter::command_include, Runs::after_pending},
      {"include_relative", &Interpreter::command_include, Runs::after_pending},
  }};
  for (const auto& entry : commands) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

void Interpreter::dispatch(FileRun& file, const Invocation& command) {
  const CommandEntry* entry = find_command(command.name);
  auto run_entry = [&] { (this->*entry->handler)(file, command); };
  if (entry != nullptr && entry->runs == Runs::in_every_branch) return run_entry();
  if (!file.conditionals.active()) return;  // a branch that does not run: not even parsed
  if (entry != nullptr && entry->runs == Runs::while_restricted) return run_entry();
  // pg_dump (since 17.6, 16.10, 15.14...) brackets its output with \restrict
  // KEY ... \unrestrict KEY: in between, psql refuses every other
  // meta-command, so that data in a dump cannot smuggle one in.
  if (!restrict_key_.empty()) {
    file.fail(command.line, "\\" + command.name + " is not allowed after \\restrict (before \\unrestrict)");
  }
  if (entry != nullptr && entry->runs == Runs::on_pending) return run_entry();
  flush_pending();
  if (entry == nullptr && command.name == "copy") {
    // \copy ... from stdin in a script reads the lines after it, as COPY ... FROM stdin does.
    file.fail(command.line, "\\copy is not supported (it reads a file where psql runs): for rows written in the "
                            "file, after the command, write COPY ... FROM stdin; instead (the same rows, ended "
                            "by \\.), which pgapply runs as psql does");
  }
  if (entry == nullptr) file.fail(command.line, "\\" + command.name + " is not supported (" + supported_commands + ")");
  run_entry();
}

MetaCommand Interpreter::parse(const FileRun& file, const Invocation& command) {
  MetaCommand parsed = parse_meta_command(command.text, variables_, settings_.allow_undefined_variables,
                                          file.shown_name, command.line);
  note(parsed.interpolations);
  return parsed;
}

bool Interpreter::condition(const FileRun& file, const Invocation& command) {
  const MetaCommand parsed = parse(file, command);
  if (parsed.args.empty()) file.fail(command.line, "\\" + command.name + ": missing expression");
  // psql joins the words into one expression (gather_boolean_expression):
  // "\if true false" is not a Boolean.
  std::string expression = parsed.args[0];
  for (std::size_t i = 1; i < parsed.args.size(); ++i) expression += " " + parsed.args[i];
  const auto value = parse_psql_bool(expression);
  if (!value) {
    file.fail(command.line, "\\" + command.name + ": unrecognized value \"" + expression +
                                "\": Boolean expected (true/false, on/off, yes/no, 1/0)");
  }
  return *value;
}

// ------------------------------------------------------------ \if blocks
// The statement before a branch command belongs to the branch it ends: it is
// sent if that branch runs.

void Interpreter::command_if(FileRun& file, const Invocation& command) {
  if (file.conditionals.active()) flush_pending();
  file.conditionals.if_(command.line, [&] { return condition(file, command); });
}

void Interpreter::command_elif(FileRun& file, const Invocation& command) {
  if (!file.conditionals.empty() && file.conditionals.active()) flush_pending();
  file.conditionals.elif(command.line, [&] { return condition(file, command); });
}

void Interpreter::command_else(FileRun& file, const Invocation& command) {
  if (!file.conditionals.empty() && file.conditionals.active()) flush_pending();
  file.conditionals.else_(command.line);
}

void Interpreter::command_endif(FileRun& file, const Invocation& command) {
  if (!file.conditionals.empty() && file.conditionals.active()) flush_pending();
  file.conditionals.endif(command.line);
}

// ------------------------------------------------------------ \restrict

void Interpreter::command_restrict(FileRun& file, const Invocation& command) {
  const MetaCommand parsed = parse(file, command);
  if (parsed.args.size() != 1) file.fail(command.line, "\\restrict: one key is needed");
  if (!restrict_key_.empty()) file.fail(command.line, "\\restrict: already restricted");
  restrict_key_ = parsed.args[0];
}

void Interpreter::command_unrestrict(FileRun& file, const Invocation& command) {
  const MetaCommand parsed = parse(file, command);
  if (parsed.args.size() != 1) file.fail(command.line, "\\unrestrict: one key is needed");
  if (parsed.args[0] != restrict_key_) file.fail(command.line, "\\unrestrict: the key does not match \\restrict's");
  restrict_key_.clear();
}

// ------------------------------------------------------------ queries

// \g and \gx: send the statement waiting for them, or psql's last one again.
void Interpreter::command_g(FileRun& file, const Invocation& command) {
  if (!parse(file, command).args.empty()) file.fail(command.line, "\\" + command.name + " with arguments is not supported");
  if (!pending_ && !last_sent_) file.fail(command.line, "\\" + command.name + ": no query to run");
  if (!pending_) pending_ = last_sent_;
  const bool starts_copy = pending_->copy_from_stdin;  // COPY ... FROM STDIN \g: its data follows
  flush_pending();
  file.forwarding_copy = starts_copy;
}

void Interpreter::command_gexec(FileRun& file, const Invocation& command) {
  if (!parse(file, command).args.empty()) file.fail(command.line, "\\gexec with arguments is not supported");
  if (!pending_ && !last_sent_) file.fail(command.line, "\\gexec: no query to run");
  Statement query = pending_ ? std::move(*pending_) : *last_sent_;
  pending_.reset();
  query.index = ++statements_;
  backend_.gexec(query);
  last_sent_ = std::move(query);
}

// ------------------------------------------------------------ output and variables

// \echo, \qecho (standard output) and \warn (standard error).
void Interpreter::command_echo(FileRun& file, const Invocation& command) {
  MetaCommand parsed = parse(file, command);
  bool newline = true;
  if (!parsed.args.empty() && parsed.args.front() == "-n") {
    newline = false;
    parsed.args.erase(parsed.args.begin());
  }
  std::string text;
  for (const auto& arg : parsed.args) text += (text.empty() ? "" : " ") + arg;
  if (newline) text += '\n';
  backend_.echo(text, command.name == "warn");
}

void Interpreter::command_set(FileRun& file, const Invocation& command) {
  const MetaCommand parsed = parse(file, command);
  if (parsed.args.empty()) file.fail(command.line, "\\set: a variable name is needed");
  if (!is_variable_name(parsed.args[0])) file.fail(command.line, "\\set: invalid variable name \"" + parsed.args[0] + "\"");
  std::string value;
  for (std::size_t i = 1; i < parsed.args.size(); ++i) value += parsed.args[i];
  // ON_ERROR_STOP and psql's other settings are accepted; pgapply always stops on error.
  variables_.set(parsed.args[0], value);
}

void Interpreter::command_unset(FileRun& file, const Invocation& command) {
  const MetaCommand parsed = parse(file, command);
  if (parsed.args.size() != 1) file.fail(command.line, "\\unset: one variable name is needed");
  variables_.unset(parsed.args[0]);
}

// ------------------------------------------------------------ includes

// \i and \include name a file relative to the working directory, \ir and
// \include_relative relative to the file they are in.
void Interpreter::command_include(FileRun& file, const Invocation& command) {
  const MetaCommand parsed = parse(file, command);
  const std::string& name = command.name;
  if (parsed.args.size() != 1) file.fail(command.line, "\\" + name + ": one file name is needed");
  std::string target = parsed.args[0];
  if (target.size() >= 2 && target.front() == '"' && target.back() == '"') {
    target = target.substr(1, target.size() - 2);
  }
  const bool relative_to_file = name == "ir" || name == "include_relative";
  const fs::path base = relative_to_file ? file.path.parent_path() : settings_.working_directory;
  const fs::path included = fs::path(target).is_absolute() ? fs::path(target) : base / target;
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(included, ec);
  // (A directory on the way that may not be searched: say so, not "outside".)
  if (ec) {
    file.fail(command.line, "\\" + name + " " + target + ": cannot read " + included.string() + ": " + ec.message());
  }
  if (!settings_.include_root.empty()) {
    const fs::path root = fs::weakly_canonical(settings_.include_root, ec);
    if (!is_inside(resolved, root)) {
      std::string why = "\\" + name + " " + target + ": the file is outside " + settings_.include_root.string() +
                        " (a migration may include only files in its directory)";
      if (!relative_to_file && !fs::path(target).is_absolute()) {
        // psql reads \i's path from the working directory, not from the
        // including file's: that is rarely what a migration means.
        std::error_code cwd_error;
        const fs::path cwd = fs::weakly_canonical(settings_.working_directory, cwd_error);
        why += ": \\" + name + " reads its path from the working directory, " +
               (cwd_error ? settings_.working_directory : cwd).string() + ", which makes it " + resolved.string();
        if (const auto tail = relative_include(file.path.parent_path(), target, root)) {
          why += "; \\ir " + meta_argument(*tail) + " reads it from the including file's directory: " +
                 shown_include(file.shown_name, *tail, true);
        }
      }
      file.fail(command.line, why);
    }
  }
  const auto canonical = [](const fs::path& open) {
    std::error_code error;
    fs::path made = fs::weakly_canonical(open, error);
    return error ? open : made;
  };
  const std::string shown = shown_include(file.shown_name, target, relative_to_file);
  if (std::any_of(include_stack_.begin(), include_stack_.end(),
                  [&](const OpenFile& open) { return canonical(open.path) == resolved; })) {
    std::string cycle;
    for (const auto& open : include_stack_) cycle += open.shown + " -> ";
    file.fail(command.line, "include cycle: " + cycle + shown);
  }
  if (!fs::is_regular_file(resolved, ec)) {
    const char* why = fs::is_directory(resolved, ec) ? "is a directory"
                      : fs::exists(resolved, ec)     ? "not a regular file"
                                                     : "no such file";
    file.fail(command.line, "\\" + name + " " + target + ": " + why);
  }
  // The include's line goes where the \i is, before what the included file
  // interpolates; its checksum is known once the file has been read.
  const std::size_t slot = dependencies_.size();
  dependencies_.emplace_back();
  run(resolved, shown, false);
  std::error_code relative_error;
  const fs::path root = settings_.include_root.empty() ? settings_.working_directory : settings_.include_root;
  const fs::path key = fs::relative(resolved, fs::weakly_canonical(root, relative_error), relative_error);
  dependencies_[slot] = migrate::include_dependency(relative_error ? shown : key.string(), last_include_checksum_);
}

}  // namespace pgapply::psql
