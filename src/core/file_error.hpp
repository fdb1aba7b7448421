#pragma once

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace pgapply {

// A file (NAME as the message shows it) whose bytes could not be read, with
// the errno of the failed read: one message wherever pgapply reads a file
// (split's io::read_file, the psql reader of exec, migrations and \i). A
// directory given for a file opens, and its first read fails (EISDIR):
// "NAME: is a directory"; anything else: "NAME: read error: REASON" (errno
// 0, no reason known: "NAME: read error").
inline Error file_read_error(const std::string& name, int error_number) {
  const std::string reason = error_number == EISDIR ? "is a directory"
                             : error_number == 0   ? "read error"
                                                   : "read error: " + std::string(std::strerror(error_number));
  return Error(ErrorKind::input, name + ": " + reason, ErrorPlace{name});
}

}  // namespace pgapply
