#include "cli/help_text.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace pgapply::cli {

namespace {

constexpr std::size_t help_width = 80;
constexpr std::size_t max_label_width = 30;

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string or_list(std::string_view words_text) {
  std::istringstream in{std::string(words_text)};
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  }
  return out;
}

// Rows of (label, text) as an aligned table: labels indented by two, texts
// in one column, wrapped under themselves.
std::string aligned(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::size_t width = 0;
  for (const auto& [label, text] : rows) {
    if (label.size() <= max_label_width) width = std::max(width, label.size());
  }
  const std::size_t column = 2 + width + 2;
  std::string out;
  for (const auto& [label, text] : rows) {
    std::string line = "  " + label;
    if (label.size() > width) {
      out += line + "\n";
      line.assign(column, ' ');
    } else {
      line = pad(line, column);
    }
    out += line + wrap(text, help_width - column, column) + "\n";
  }
  return out;
}

std::string exit_status_lines() {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& row : exit_status_table()) {
    rows.emplace_back(pad(std::string(row.status < 10 ? " " : "") + std::to_string(row.status), 2),
                      std::string(row.meaning));
  }
  return aligned(rows);
}

std::string exit_status_line() {
  std::string out = "exit status:";
  for (const auto& row : exit_status_table()) {
    out.append(" ").append(std::to_string(row.status)).append(" ").append(row.label).append(",");
  }
  out.back() = '.';
  return wrap(out, help_width - 2, 2) + "\n";  // continuation lines are indented by 2
}

}  // namespace

std::string wrap(std::string_view text, std::size_t width, std::size_t indent) {
  std::istringstream in{std::string(text)};
  std::string out, line;
  for (std::string word; in >> word;) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

std::string option_label(const OptionSpec& option) {
  std::string label;
  if (option.short_name != 0) label += std::string("-") + option.short_name + ", ";
  label += "--" + std::string(option.name);
  if (option.takes_value()) label.append(" ").append(option.value_name);
  return label;
}

std::string option_details(const OptionSpec& option, const CommandSpec* command) {
  std::string text(option.help);
  if (option.hint == ValueHint::choice) {
    const std::string_view choices =
        option.name == "format" && command != nullptr ? command->format_choices : option.choices;
    text += ": " + or_list(choices);
  }
  std::vector<std::string> notes;
  if (option.repeatable()) notes.push_back("repeatable");
  if (!option.default_value.empty()) notes.push_back("default " + std::string(option.default_value));
  if (!option.env.empty()) notes.push_back(std::string(option.env));
  if (!notes.empty()) {
    text += " (";
    for (std::size_t i = 0; i < notes.size(); ++i) text += (i == 0 ? "" : "; ") + notes[i];
    text += ")";
  }
  return text;
}

std::string overview_help() {
  std::string out =
      "usage: pgapply COMMAND [OPTIONS] [ARGS]\n"
      "       (options may come before or after the command: pgapply -d DB up --dir db)\n"
      "\n"
      "Applies numbered SQL migration files (NNN_name.sql) to PostgreSQL.\n"
      "\n"
      "commands:\n";
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& command : command_table()) rows.emplace_back(std::string(command.name), std::string(command.summary));
  out += aligned(rows);
  out += "\noptions:\n";
  out += aligned({{"-?, --help", "show this help; pgapply help COMMAND or pgapply COMMAND --help for a command"},
                  {"-V, --version", "print the version"}});
  out += '\n';
  out += wrap("Settings also come from PGAPPLY_* environment variables and a pgapply.toml file in the "
                     "working directory; pgapply config shows them and where each came from. -h is the server "
                     "host, as in psql.",
                     help_width, 0) +
         "\n";
  out += "\nexit status:\n" + exit_status_lines();
  return out;
}

std::string command_help(const CommandSpec& command) {
  std::string out = "usage: " + command.usage() + "\n\n";
  out += wrap(command.description, help_width, 0) + "\n";
  // One table for every group, so that the option texts line up across them.
  std::map<OptionGroup, std::vector<OptionSpec>> groups;
  for (const auto& name : command.options) {
    const OptionSpec* option = find_option(name);
    if (option != nullptr) groups[option->group].push_back(option_for_command(*option, command.name));
  }
  std::vector<std::pair<std::string, std::string>> rows;
  std::vector<std::size_t> group_starts;
  std::vector<OptionGroup> titles;
  for (const auto& [group, options] : groups) {
    group_starts.push_back(rows.size());
    titles.push_back(group);
    for (const OptionSpec& option : options) rows.emplace_back(option_label(option), option_details(option, &command));
  }
  const std::string table = aligned(rows);
  // Split the table's lines back into groups: each row is one or more lines.
  std::istringstream lines(table);
  std::string line;
  std::size_t row = 0, group = 0;
  while (std::getline(lines, line)) {
    const bool starts_row = line.size() > 2 && line[2] != ' ';
    if (starts_row) {
      if (group < group_starts.size() && row == group_starts[group]) {
        out.append("\n").append(group_title(titles[group])).append(":\n");
        ++group;
      }
      ++row;
    }
    out += line + "\n";
  }
  if (command.takes("dir") || command.takes("dbname")) {
    out += '\n';
    out += wrap("Options marked PGAPPLY_* may also be set in the environment, and those with a pgapply.toml "
                       "key in pgapply.toml (pgapply config lists both and shows the effective settings).",
                       help_width, 0) +
           "\n";
  }
  out += '\n';
  out += exit_status_line();
  return out;
}

}  // namespace pgapply::cli
