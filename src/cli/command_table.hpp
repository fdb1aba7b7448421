#pragma once

// Every command, as data: its usage, its help text and the options it takes
// (names of rows of option_table()). --help, `pgapply help`, the man page
// and the shell completions are rendered from these rows.
//
// To add a command: a row in command_table() (command_table.cpp) and its
// function in commands.cpp's dispatch table.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "cli/option_table.hpp"

namespace pgapply::cli {

inline constexpr std::size_t any_number = std::numeric_limits<std::size_t>::max();

struct CommandSpec {
  std::string_view name{};
  std::string_view summary{};      // one line for the overview: "apply pending migrations"
  std::string_view synopsis{};     // what follows "pgapply NAME" in the usage line; always has [OPTIONS]
  std::string_view description{};  // paragraphs separated by blank lines
  std::vector<std::string_view> options{};  // long names, in help order within each group
  std::string_view operand{};      // "FILE" (empty: the command takes no operands)
  std::size_t min_operands = 0;
  std::size_t max_operands = 0;  // any_number for FILE...
  std::string_view format_choices = "text json";  // for --format, when the command takes it

  bool takes(std::string_view option) const;
  // "pgapply up [OPTIONS]"
  std::string usage() const;
};

const std::vector<CommandSpec>& command_table();
const CommandSpec* find_command(std::string_view name);

// The documented exit statuses, for --help, the man page and the README.
struct ExitStatusRow {
  int status;
  std::string_view label;    // a few words: "cannot connect"
  std::string_view meaning;  // a sentence
};
const std::vector<ExitStatusRow>& exit_status_table();

}  // namespace pgapply::cli
