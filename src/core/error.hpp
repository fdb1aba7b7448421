#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace pgapply {

// What went wrong, as the command line needs to know it: each kind has its own
// exit status (the mapping lives in the CLI alone).
enum class ErrorKind {
  usage,       // bad arguments
  input,       // unreadable, misnamed or unsplittable files, duplicate versions
  connection,  // cannot connect to the server
  sql,         // a statement failed
  check,       // a check failed: drift, modified or out-of-order files, pre-flight
  lock,        // another run holds the migration lock
  backup,      // the backup before a change failed (so nothing was changed)
  connection_lost,  // the connection went away while a run was under way
  interrupted,      // a signal (Ctrl-C, SIGTERM, SIGHUP) stopped the run
};

// The file (and line) an error is about, for the JSON error object, when its
// message is not a located diagnostic: "pgapply.toml:3: unknown key ...",
// the migration a lost connection stopped.
struct ErrorPlace {
  std::string file;
  std::size_t line = 0;  // 0: the file as a whole
};

// An error a user can cause and fix. The message is complete and ready to
// print. A located message starts with FILE:LINE[:COL] (compiler style) and
// is printed as it is; others get a "pgapply: error: " prefix.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, bool located = false)
      : std::runtime_error(message), kind_(kind), located_(located) {}
  Error(ErrorKind kind, const std::string& message, ErrorPlace place)
      : std::runtime_error(message), kind_(kind), located_(false), place_(std::move(place)) {}
  ErrorKind kind() const { return kind_; }
  bool located() const { return located_; }
  const ErrorPlace& place() const { return place_; }

 private:
  ErrorKind kind_;
  bool located_;
  ErrorPlace place_;
};

// A run stopped by a signal: its message says what was and was not applied;
// `place`, the migration it stopped (and the statement it cancelled).
class Interrupted : public Error {
 public:
  Interrupted(int signal_number, const std::string& message, ErrorPlace place = {})
      : Error(ErrorKind::interrupted, message, std::move(place)), signal(signal_number) {}
  int signal;
};

// An Error(input) whose message is a FILE:LINE[:COL]: error: ... diagnostic.
inline Error located_input_error(const std::string& diagnostic) {
  return Error(ErrorKind::input, diagnostic, true);
}

}  // namespace pgapply
