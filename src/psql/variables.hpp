#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "psql/source_map.hpp"
#include "split/item.hpp"

namespace pgapply::psql {

// psql variables: -v NAME=VALUE on the command line, \set and \unset in files.
class Variables {
 public:
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  void unset(const std::string& name) { values_.erase(name); }
  const std::string* find(const std::string& name) const;
  // A Flyway placeholder's value: the variable of that name, else the one
  // name of any case that matches it (Flyway's placeholders are case
  // insensitive); nullptr when none is set.
  const std::string* find_placeholder(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

// A variable reference that was replaced, for the checksum (what ran depends
// on the values) and for messages.
struct Interpolation {
  std::string name;
  std::string value;
};

// A statement as it will be sent.
struct RenderedStatement {
  std::string text;
  SourceMap map;  // positions in `text` back to the file
  std::vector<Interpolation> interpolations;
  // psql's \; joined several statements (or a variable's value held a ;)
  bool has_escaped_semicolon = false;
};

// Applies psql's substitutions to a sql item's text (which starts at file
// offset `item.start`): :name, :'name' (a quoted literal), :"name" (a quoted
// identifier), \; and \:. An undefined variable is an Error(input) naming
// file:line:col, unless `allow_undefined`, when the reference stays as written
// (what psql does).
//
// With `flyway_placeholders` (a Flyway migration: V, U and R files), Flyway's
// placeholders too: ${name} anywhere in the text, in string literals,
// comments and dollar-quoted bodies as well, is replaced by the value of the
// variable `name` (-v name=VALUE; any case, as Flyway matches them) as is,
// unquoted, as Flyway replaces it. A psql :name inside ${...} (${flyway:x})
// is part of the placeholder. ${flyway:filename} is the file's name; Flyway's
// other built-ins (defaultSchema, user, database, timestamp, ...) depend on
// the connection or the moment, so they need a -v like any other placeholder.
// A placeholder with no value is an Error(input) at file:line:col naming it
// and the -v to pass (kept as written with `allow_undefined`). Each
// replacement is an Interpolation named ${name}: it enters the checksum as a
// psql variable does. psql's :name, :'name' and :"name" are then sent as
// written, as Flyway sends them.
RenderedStatement render_statement(std::string_view text, const split::Item& item,
                                   const Variables& variables, bool allow_undefined,
                                   std::string_view file_name, bool flyway_placeholders = false);

// The whole of `text` with Flyway's placeholders replaced as
// render_statement replaces them, one with no value left as written: the
// text whose checksum Flyway records for a repeatable migration.
std::string with_flyway_placeholders(std::string_view text, const Variables& variables, std::string_view file_name);

// Whether psql takes `name` for a variable (-v, \set): not empty, of ASCII
// letters, digits and _, or bytes of non-ASCII characters (psql's
// valid_variable_name).
bool is_variable_name(std::string_view name);

// psql's boolean values for \if and variables: true/false/yes/no (and unique
// prefixes), on/off, 1/0, any case. nullopt if it is none of them.
std::optional<bool> parse_psql_bool(std::string_view value);

}  // namespace pgapply::psql
