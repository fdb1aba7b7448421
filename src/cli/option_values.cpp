#include "cli/option_values.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <charconv>
#include <cmath>
#include <sstream>

#include "core/error.hpp"

namespace pgapply::cli {

namespace {

std::string option_label(std::string_view name) { return "--" + std::string(name); }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string ValueSource::describe() const {
  switch (kind) {
    case SourceKind::default_value: return "default";
    case SourceKind::project_file: return where;
    case SourceKind::environment: return "environment (" + where + ")";
    case SourceKind::command_line: return "command line (" + where + ")";
  }
  return where;
}

ErrorPlace ValueSource::place() const {
  if (kind != SourceKind::project_file) return {};
  // "pgapply.toml:3"
  const auto colon = where.rfind(':');
  if (colon == std::string::npos) return {where, 0};
  return {where.substr(0, colon), static_cast<std::size_t>(std::strtoul(where.c_str() + colon + 1, nullptr, 10))};
}

std::string ValueSource::suffix() const {
  switch (kind) {
    case SourceKind::command_line: return "";
    case SourceKind::default_value: return " (the default)";
    case SourceKind::project_file:
    case SourceKind::environment: return " (from " + where + ")";
  }
  return "";
}

void OptionValues::add(std::string_view name, OptionItem item) {
  auto found = values_.find(name);
  if (found == values_.end()) found = values_.emplace(std::string(name), std::vector<OptionItem>{}).first;
  found->second.push_back(std::move(item));
}

void OptionValues::set(std::string_view name, std::vector<OptionItem> items) {
  values_[std::string(name)] = std::move(items);
}

const std::vector<OptionItem>& OptionValues::items(std::string_view name) const {
  static const std::vector<OptionItem> none;
  const auto found = values_.find(name);
  return found == values_.end() ? none : found->second;
}

void OptionValues::set_beneath_command_line(std::string_view name, std::vector<OptionItem> items) {
  beneath_command_line_[std::string(name)] = std::move(items);
}

OptionValues OptionValues::without_command_line() const {
  OptionValues rest;
  rest.command = command;
  for (const auto& [name, items] : values_) {
    std::vector<OptionItem> kept;
    for (const auto& item : items) {
      if (item.source.kind != SourceKind::command_line) kept.push_back(item);
    }
    if (const auto hidden = beneath_command_line_.find(name); kept.empty() && hidden != beneath_command_line_.end()) {
      kept = hidden->second;
    }
    if (!kept.empty()) rest.set(name, std::move(kept));
  }
  return rest;
}

bool OptionValues::given(std::string_view name) const {
  const auto& found = items(name);
  return std::any_of(found.begin(), found.end(),
                     [](const OptionItem& item) { return item.source.kind != SourceKind::default_value; });
}

std::optional<std::string> OptionValues::text(std::string_view name) const {
  const auto& found = items(name);
  if (found.empty()) return std::nullopt;
  return found.back().value;
}

bool OptionValues::flag(std::string_view name) const {
  const auto& found = items(name);
  if (found.empty()) return false;
  const auto value = parse_boolean(found.back().value);
  if (!value) {
    const std::string given = found.back().value;
    throw found.back().source.error(ErrorKind::usage, option_label(name) +
                                                          " is a switch: expected true or false (1 or 0, yes or "
                                                          "no, on or off), not '" + given + "'");
  }
  return *value;
}

std::string_view OptionValues::exclusive(std::string_view first, std::string_view second) const {
  // The source of the option's value when it is set, else nullptr.
  const auto set_by = [this](std::string_view name) -> const ValueSource* {
    const OptionSpec* option = find_option(name);
    if (!given(name) || option == nullptr) return nullptr;
    const bool set = option->kind == OptionKind::flag ? flag(name) : !items(name).back().value.empty();
    return set ? &items(name).back().source : nullptr;
  };
  const ValueSource* first_source = set_by(first);
  const ValueSource* second_source = set_by(second);
  if (first_source == nullptr) return second_source == nullptr ? std::string_view() : second;
  if (second_source == nullptr || first_source->kind > second_source->kind) return first;
  if (second_source->kind > first_source->kind) return second;
  throw first_source->conflict(*second_source,
                               "give " + option_label(first) + " or " + option_label(second) + ", not both");
}

std::vector<std::string> OptionValues::list(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& item : items(name)) out.push_back(item.value);
  return out;
}

std::optional<long long> OptionValues::whole_number(std::string_view name, long long minimum,
                                                   long long maximum) const {
  const auto& found = items(name);
  if (found.empty()) return std::nullopt;
  const std::string& text = found.back().value;
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  // Digits past what a long long holds are still a whole number, only out of range (either way).
  const bool out_of_range = error == std::errc::result_out_of_range;
  if (text.empty() || end != text.data() + text.size() || (error != std::errc() && !out_of_range)) {
    throw found.back().source.error(ErrorKind::usage,
                                    option_label(name) + " expects a whole number, not '" + text + "'");
  }
  if (out_of_range ? text.front() == '-' : value < minimum) {
    throw found.back().source.error(
        ErrorKind::usage, option_label(name) + " must be " + std::to_string(minimum) + " or more, not " + text);
  }
  if (out_of_range || value > maximum) {
    throw found.back().source.error(
        ErrorKind::usage, option_label(name) + " must be " + std::to_string(maximum) + " or less, not " + text);
  }
  return value;
}

std::optional<double> OptionValues::number(std::string_view name, double minimum) const {
  const auto& found = items(name);
  if (found.empty()) return std::nullopt;
  const std::string& text = found.back().value;
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  double value = 0;
  in >> value;
  if (text.empty() || in.fail() || !in.eof() || !std::isfinite(value)) {
    throw found.back().source.error(ErrorKind::usage, option_label(name) + " expects a number, not '" + text + "'");
  }
  if (value < minimum) {
    std::ostringstream bound;
    bound << minimum;
    throw found.back().source.error(ErrorKind::usage,
                                    option_label(name) + " must be " + bound.str() + " or more, not " + text);
  }
  return value;
}

std::optional<std::string> OptionValues::choice(std::string_view name, std::string_view choices) const {
  const auto value = text(name);
  if (!value) return std::nullopt;
  std::istringstream words{std::string(choices)};
  std::vector<std::string> allowed;
  for (std::string word; words >> word;) allowed.push_back(word);
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return value;
  std::string list;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + allowed[i];
  }
  throw items(name).back().source.error(ErrorKind::usage,
                                        option_label(name) + " must be " + list + ", not '" + *value + "'");
}

std::optional<std::string> OptionValues::choice(std::string_view name) const {
  return choice(name, find_option(name)->choices);
}

std::optional<bool> parse_boolean(std::string_view text) {
  const std::string word = lower(text);
  if (word == "1" || word == "true" || word == "yes" || word == "on") return true;
  if (word == "0" || word == "false" || word == "no" || word == "off" || word.empty()) return false;
  return std::nullopt;
}

}  // namespace pgapply::cli
