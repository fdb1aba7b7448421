#pragma once

#include <stdexcept>
#include <string>

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
};

// An error a user can cause and fix. The message is complete and ready to
// print (file:line:col where there is one).
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace pgapply
