#include "psql/interpreter.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "migrate/checksum.hpp"
#include "core/diagnostic.hpp"
#include "psql/file_reader.hpp"
#include "psql/meta_command.hpp"

namespace pgapply::psql {

namespace fs = std::filesystem;

// One \if ... \endif, within one file.
struct Interpreter::Frame {
  std::size_t line = 0;        // of the \if, for "unterminated \if"
  bool parent_active = true;   // the enclosing branch runs
  bool taken = false;          // a branch of this \if ran already
  bool active = true;          // the current branch runs
  bool in_else = false;
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

bool is_variable_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || static_cast<unsigned char>(c) >= 0x80;
  });
}

// "dir/x.sql" for a path under the working directory, else the path as is.
std::string shown_path(const fs::path& path, const fs::path& working_directory) {
  std::error_code ec;
  const fs::path relative = fs::relative(path, working_directory, ec);
  if (!ec && !relative.empty() && *relative.begin() != "..") return relative.string();
  return path.string();
}

bool is_inside(const fs::path& path, const fs::path& root) {
  const auto mismatch = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return mismatch.first == root.end();
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

std::string Interpreter::checksum() const {
  if (dependencies_.empty()) return file_checksum_;
  std::string text = file_checksum_ + '\n';
  for (const auto& line : dependencies_) text += line + '\n';
  return migrate::checksum_of(text);
}

void Interpreter::flush_pending() {
  if (!pending_) return;
  Statement statement = std::move(*pending_);
  pending_.reset();
  statement.index = ++statements_;
  backend_.statement(statement);
  last_sent_ = std::move(statement);
}

void Interpreter::run(const fs::path& path, const std::string& shown_name, bool top, const FileRange* range) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  include_stack_.push_back(ec ? path : canonical);

  FileReader reader = range != nullptr ? FileReader(path, shown_name, *range, settings_.piece_size)
                                        : FileReader(path, shown_name, settings_.piece_size);
  migrate::Checksum file_sum;
  reader.on_bytes([&file_sum](std::string_view bytes) { file_sum.update(bytes); });

  std::vector<Frame> frames;
  // COPY data goes to the backend only right after a COPY ... FROM STDIN it
  // was sent (not after one in a branch that does not run, nor after psql's
  // \copy, which is refused anyway).
  bool forwarding_copy = false;
  auto fail = [&](std::size_t line, const std::string& message) {
    throw located_input_error(diagnostic(shown_name, line, 0, "error", message));
  };
  auto note = [this](const std::vector<Interpolation>& interpolations) {
    for (const auto& used : interpolations) dependencies_.push_back("var " + used.name + "=" + used.value);
  };

  while (const FileItem* read = reader.next()) {
    const split::Item& item = read->item;
    const bool active = frames.empty() || frames.back().active;
    if (item.kind == split::ItemKind::copy_data) {
      if (forwarding_copy) backend_.copy_data(read->text, item.line, !item.continues);
      if (!item.continues) forwarding_copy = false;
      continue;
    }
    forwarding_copy = false;
    if (item.kind == split::ItemKind::sql) {
      if (!active) continue;
      forwarding_copy = item.copy_from_stdin;
      Statement statement;
      statement.rendered = render_statement(read->text, item, variables_,
                                            settings_.allow_undefined_variables, shown_name);
      note(statement.rendered.interpolations);
      statement.original = read->text;
      statement.file = shown_name;
      statement.line = item.line;
      statement.column = item.column;
      statement.offset = item.start;
      statement.copy_from_stdin = item.copy_from_stdin;
      pending_ = std::move(statement);
      if (item.terminated) flush_pending();
      continue;
    }

    // A meta-command.
    const std::string name = command_name(read->text);
    auto parse = [&] {
      MetaCommand command = parse_meta_command(read->text, variables_,
                                               settings_.allow_undefined_variables, shown_name, item.line);
      note(command.interpolations);
      return command;
    };
    auto condition = [&]() -> bool {
      const MetaCommand command = parse();
      if (command.args.empty()) fail(item.line, "\\" + name + ": missing expression");
      const auto value = parse_psql_bool(command.args[0]);
      if (!value) {
        fail(item.line, "\\" + name + ": unrecognized value \"" + command.args[0] +
                            "\": Boolean expected (true/false, on/off, yes/no, 1/0)");
      }
      return *value;
    };
    if (name == "if") {
      if (active) flush_pending();
      Frame frame;
      frame.line = item.line;
      frame.parent_active = active;
      frame.active = active && condition();
      frame.taken = frame.active || !active;
      frames.push_back(frame);
      continue;
    }
    if (name == "elif" || name == "else" || name == "endif") {
      if (frames.empty()) fail(item.line, "\\" + name + " without a matching \\if");
      Frame& frame = frames.back();
      if (frame.active) flush_pending();
      if (name == "endif") {
        frames.pop_back();
      } else if (frame.in_else) {
        fail(item.line, "\\" + name + " after \\else");
      } else if (name == "else") {
        frame.in_else = true;
        frame.active = frame.parent_active && !frame.taken;
        frame.taken = true;
      } else {
        frame.active = frame.parent_active && !frame.taken && condition();
        frame.taken = frame.taken || frame.active;
      }
      continue;
    }
    if (!active) continue;

    // pg_dump (since 17.6, 16.10, 15.14...) brackets its output with \restrict
    // KEY ... \unrestrict KEY: in between, psql refuses every other
    // meta-command, so that data in a dump cannot smuggle one in.
    if (name == "restrict" || name == "unrestrict") {
      const MetaCommand command = parse();
      if (command.args.size() != 1) fail(item.line, "\\" + name + ": one key is needed");
      if (name == "restrict") {
        if (!restrict_key_.empty()) fail(item.line, "\\restrict: already restricted");
        restrict_key_ = command.args[0];
      } else {
        if (command.args[0] != restrict_key_) fail(item.line, "\\unrestrict: the key does not match \\restrict's");
        restrict_key_.clear();
      }
      continue;
    }
    if (!restrict_key_.empty()) {
      fail(item.line, "\\" + name + " is not allowed after \\restrict (before \\unrestrict)");
    }

    if (name == "g" || name == "gx" || name == "gexec") {
      if (!parse().args.empty()) fail(item.line, "\\" + name + " with arguments is not supported");
      if (!pending_ && !last_sent_) fail(item.line, "\\" + name + ": no query to run");
      if (!pending_) pending_ = last_sent_;  // psql re-runs the last query
      if (name == "gexec") {
        Statement query = std::move(*pending_);
        pending_.reset();
        query.index = ++statements_;
        backend_.gexec(query);
        last_sent_ = std::move(query);
      } else {
        const bool starts_copy = pending_->copy_from_stdin;  // COPY ... FROM STDIN \g: its data follows
        flush_pending();
        forwarding_copy = starts_copy;
      }
      continue;
    }
    flush_pending();
    if (name == "echo" || name == "qecho" || name == "warn") {
      MetaCommand command = parse();
      bool newline = true;
      if (!command.args.empty() && command.args.front() == "-n") {
        newline = false;
        command.args.erase(command.args.begin());
      }
      std::string text;
      for (const auto& arg : command.args) text += (text.empty() ? "" : " ") + arg;
      if (newline) text += '\n';
      backend_.echo(text, name == "warn");
    } else if (name == "set") {
      const MetaCommand command = parse();
      if (command.args.empty()) fail(item.line, "\\set: a variable name is needed");
      if (!is_variable_name(command.args[0])) fail(item.line, "\\set: invalid variable name \"" + command.args[0] + "\"");
      std::string value;
      for (std::size_t i = 1; i < command.args.size(); ++i) value += command.args[i];
      // ON_ERROR_STOP and psql's other settings are accepted; pgapply always stops on error.
      variables_.set(command.args[0], value);
    } else if (name == "unset") {
      const MetaCommand command = parse();
      if (command.args.size() != 1) fail(item.line, "\\unset: one variable name is needed");
      variables_.unset(command.args[0]);
    } else if (name == "i" || name == "include" || name == "ir" || name == "include_relative") {
      const MetaCommand command = parse();
      if (command.args.size() != 1) fail(item.line, "\\" + name + ": one file name is needed");
      std::string target = command.args[0];
      if (target.size() >= 2 && target.front() == '"' && target.back() == '"') {
        target = target.substr(1, target.size() - 2);
      }
      const bool relative_to_file = name == "ir" || name == "include_relative";
      const fs::path base = relative_to_file ? path.parent_path() : settings_.working_directory;
      const fs::path included = fs::path(target).is_absolute() ? fs::path(target) : base / target;
      const fs::path resolved = fs::weakly_canonical(included, ec);
      if (!settings_.include_root.empty()) {
        const fs::path root = fs::weakly_canonical(settings_.include_root, ec);
        if (!is_inside(resolved, root)) {
          fail(item.line, "\\" + name + " " + target + ": the file is outside " +
                              settings_.include_root.string() +
                              " (a migration may include only files in its directory)");
        }
      }
      if (std::find(include_stack_.begin(), include_stack_.end(), resolved) != include_stack_.end()) {
        std::string cycle;
        for (const auto& file : include_stack_) cycle += shown_path(file, settings_.working_directory) + " -> ";
        fail(item.line, "include cycle: " + cycle + shown_path(resolved, settings_.working_directory));
      }
      if (!fs::is_regular_file(resolved, ec)) {
        fail(item.line, "\\" + name + " " + target + ": no such file");
      }
      const std::size_t slot = dependencies_.size();
      dependencies_.emplace_back();
      const std::string shown = shown_path(resolved, settings_.working_directory);
      run(resolved, shown, false);
      std::error_code relative_error;
      const fs::path root = settings_.include_root.empty() ? settings_.working_directory : settings_.include_root;
      const fs::path key = fs::relative(resolved, fs::weakly_canonical(root, relative_error), relative_error);
      dependencies_[slot] = "include " + (relative_error ? shown : key.string()) + " " + last_include_checksum_;
    } else {
      fail(item.line, "\\" + name + " is not supported (" + supported_commands + ")");
    }
  }
  if (!frames.empty()) {
    fail(frames.back().line, "\\if without a matching \\endif in this file");
  }
  flush_pending();
  if (top) {
    header_ = reader.header();
    header_line_ = reader.header_line();
  }
  (top ? file_checksum_ : last_include_checksum_) = file_sum.hex_digest();
  include_stack_.pop_back();
}

}  // namespace pgapply::psql
