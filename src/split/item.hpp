#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace pgapply::split {

enum class ItemKind {
  sql,        // one SQL statement (or several joined by psql's \; escape)
  meta,       // a psql backslash command and its arguments, up to the end of its line
  copy_data,  // the inline data of a COPY ... FROM STDIN, without the \. line
};

std::string_view to_string(ItemKind kind);

// A place in a sql item that psql rewrites before sending it: a variable
// reference or a backslash escape. Offsets are absolute, like the item's.
struct Substitution {
  enum class Kind {
    variable,             // :name      -> the value as is
    variable_literal,     // :'name'    -> the value as a quoted literal
    variable_identifier,  // :"name"    -> the value as a quoted identifier
    escaped_char,         // \; or \:   -> the character alone
    variable_test,        // :{?name}   -> TRUE if the variable is defined, else FALSE
  };
  Kind kind = Kind::variable;
  std::size_t start = 0;  // the ':' or '\'
  std::size_t end = 0;    // exclusive

  // For variables: the name within the text (without ':', quotes or braces).
  std::size_t name_start() const {
    return kind == Kind::variable ? start + 1 : kind == Kind::variable_test ? start + 3 : start + 2;
  }
  std::size_t name_end() const { return kind == Kind::variable ? end : end - 1; }
};

struct Item {
  ItemKind kind = ItemKind::sql;
  std::size_t start = 0;   // byte offset of the first byte
  std::size_t end = 0;     // byte offset one past the last byte
  std::size_t line = 1;    // 1-based line of the first byte
  std::size_t column = 1;  // 1-based column of the first byte, counted in UTF-8 characters

  // sql: ends with its own ';' (otherwise it ended at a meta-command or at the end of the file).
  bool terminated = false;
  // sql: a COPY ... FROM STDIN (or FROM STDOUT, which the server reads alike)
  // that is sent: ended by its ';', or by a \g or \gx meta item just after it.
  // meta: psql's \copy ... from stdin (or stdout).
  // A copy_data item follows it (after that \g or \gx).
  bool copy_from_stdin = false;
  // copy_data: more data of the same COPY follows in the next item (chunked splitting only).
  bool continues = false;
  // sql: psql variable references and escapes, in order.
  std::vector<Substitution> substitutions;
};

}  // namespace pgapply::split
