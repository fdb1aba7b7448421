#pragma once

// Runs a psql script the way `psql -v ON_ERROR_STOP=1 -f` reads it: items in
// order, \i and \ir files read in place, \if branches chosen, variables set
// and interpolated; what reaches the server is handed to a Backend. The same
// walk serves the analysis before a run (to plan transactions, count
// statements and checksum what will run), the run itself, and dry runs.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "psql/meta_command.hpp"
#include "psql/file_reader.hpp"
#include "psql/variables.hpp"

namespace pgapply::psql {

// A statement on its way to the server.
struct Statement {
  RenderedStatement rendered;  // the text to send, and how it maps to the file
  std::string original;        // as written in the file (for the source line of an error)
  std::string file;            // the file it is written in, as shown to people
  std::size_t line = 1;        // where it starts in that file
  std::size_t column = 1;
  std::size_t offset = 0;      // byte offset of its start in that file
  std::size_t index = 0;       // 1-based among the statements the run sends
  bool copy_from_stdin = false;  // data follows through Backend::copy_data
};

class Backend {
 public:
  virtual ~Backend() = default;
  // A statement to run.
  virtual void statement(const Statement& statement) = 0;
  // Data for the COPY ... FROM STDIN just given, starting at `line` of the
  // statement's file; `last` ends it.
  virtual void copy_data(std::string_view data, std::size_t line, bool last) = 0;
  // \gexec: run `query`, then each non-null field of its result, row by row
  // and left to right, as a statement of its own.
  virtual void gexec(const Statement& query) = 0;
  // \echo, \qecho (standard output) and \warn (standard error).
  virtual void echo(const std::string& text, bool to_stderr) = 0;
};

struct InterpreterSettings {
  // \i and \ir must name files inside this directory (migrations keep their
  // includes in the migrations directory); empty: anywhere.
  std::filesystem::path include_root;
  // \i resolves relative names against it (psql: the current directory).
  std::filesystem::path working_directory = ".";
  bool allow_undefined_variables = false;
  // A Flyway migration (V, U and R files): Flyway's ${name} placeholders are
  // replaced too (render_statement).
  bool flyway_placeholders = false;
  std::size_t piece_size = 1 << 20;  // bytes read at a time
  // Look for `-- pgapply:` directives after the top file's first statement
  // (FileReader::find_misplaced_directives, misplaced_directives()): set
  // for a migration, whose header alone is read for them.
  bool find_misplaced_directives = false;
};

class Interpreter {
 public:
  Interpreter(InterpreterSettings settings, Variables& variables, Backend& backend);

  // Runs a file. Throws Error: input errors (unsplittable text, unknown or
  // malformed meta-commands, undefined variables, includes outside the
  // include root or in a cycle, unbalanced \if) name file:line; whatever the
  // backend throws passes through.
  void run_file(const std::filesystem::path& path, const std::string& shown_name);
  // Runs only `range` of a file (the up or down section of a dbmate or goose
  // file), with the file's lines and columns; checksum() is still the whole
  // file's (and its includes').
  void run_file(const std::filesystem::path& path, const std::string& shown_name, const FileRange& range);

  // Hands every byte of the first file (not of its includes), a piece at a
  // time as run_file reads it, to `observer`: what else must look at the
  // file's bytes does so without reading it again.
  void on_file_bytes(std::function<void(std::string_view)> observer) { file_bytes_ = std::move(observer); }

  // The first file's bytes, already read by the caller (kept alive by it
  // until run_file returns): the next run_file takes them instead of reading
  // the file again. Its includes are still read from disk.
  void first_file_contents(std::string_view contents) { first_file_contents_ = contents; }

  // The first file's text before its first item (where directives are): of
  // the range, when one was given.
  const std::string& header() const { return header_; }
  // The line of the file where header() starts.
  std::size_t header_line() const { return header_line_; }
  // The first file's `-- pgapply:` directives below its first statement
  // (InterpreterSettings::find_misplaced_directives), each as its diagnostic.
  const std::vector<std::string>& misplaced_directives() const { return misplaced_directives_; }
  // The first file's checksum (SHA-256, CRLF read as LF).
  const std::string& file_checksum() const { return file_checksum_; }
  // What else the run depended on, in order: "include PATH CHECKSUM" for each
  // file read by \i or \ir, "var NAME=VALUE" for each interpolated variable.
  const std::vector<std::string>& dependencies() const { return dependencies_; }
  // The checksum of what ran: migrate::migration_checksum of the file's
  // checksum and its dependencies (the scheme is documented there).
  std::string checksum() const;
  // Statements sent so far.
  std::size_t statements() const { return statements_; }
  // Whether SQL stood in a branch (\if) that did not run: a file that sent
  // no statement is then not an empty one.
  bool skipped_statements() const { return skipped_statements_; }
  // The first line of the first file that only psql reads: a meta-command,
  // or a statement interpolating a variable (in a branch that runs or not).
  std::optional<std::size_t> first_psql_only_line() const { return first_psql_only_line_; }

 private:
  struct FileRun;      // one file being read: its name, its \if blocks
  struct Invocation;   // one meta-command as written: name, text, line
  struct CommandEntry; // a meta-command's handler and when it runs

  void run(const std::filesystem::path& path, const std::string& shown_name, bool top,
           const FileRange* range = nullptr);
  void flush_pending();
  // One meta-command: finds its handler (psql's exec_command) and runs it as
  // the \if blocks and \restrict allow.
  void dispatch(FileRun& file, const Invocation& command);
  static const CommandEntry* find_command(std::string_view name);
  // Its arguments, lexed and interpolated; interpolations are recorded as dependencies.
  MetaCommand parse(const FileRun& file, const Invocation& command);
  bool condition(const FileRun& file, const Invocation& command);
  void note(const std::vector<Interpolation>& interpolations);

  // One handler per meta-command (aliases share one).
  void command_if(FileRun& file, const Invocation& command);
  void command_elif(FileRun& file, const Invocation& command);
  void command_else(FileRun& file, const Invocation& command);
  void command_endif(FileRun& file, const Invocation& command);
  void command_restrict(FileRun& file, const Invocation& command);
  void command_unrestrict(FileRun& file, const Invocation& command);
  void command_g(FileRun& file, const Invocation& command);
  void command_gexec(FileRun& file, const Invocation& command);
  void command_echo(FileRun& file, const Invocation& command);
  void command_set(FileRun& file, const Invocation& command);
  void command_unset(FileRun& file, const Invocation& command);
  void command_include(FileRun& file, const Invocation& command);

  InterpreterSettings settings_;
  Variables& variables_;
  Backend& backend_;
  struct OpenFile {
    std::filesystem::path path;
    std::string shown;
  };
  std::vector<OpenFile> include_stack_;  // the files being read, for cycles
  std::string header_;
  std::size_t header_line_ = 1;
  std::vector<std::string> misplaced_directives_;
  std::string file_checksum_;
  std::function<void(std::string_view)> file_bytes_;  // on_file_bytes
  std::optional<std::string_view> first_file_contents_;
  std::vector<std::string> dependencies_;
  std::size_t statements_ = 0;
  bool skipped_statements_ = false;
  std::optional<std::size_t> first_psql_only_line_;
  // A statement ended by a meta-command rather than ';' waits here: \g and
  // \gexec take it; anything else sends it first.
  std::optional<Statement> pending_;
  std::optional<Statement> last_sent_;  // what \g and \gexec run when nothing is pending
  std::string last_include_checksum_;   // of the file an include just read
  std::string restrict_key_;            // set between \restrict and \unrestrict
};

}  // namespace pgapply::psql
