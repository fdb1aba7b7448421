#include "cli/color.hpp"

#include <array>

namespace pgapply::cli {

namespace {

struct Label {
  std::string_view text;
  Tone tone;
};

constexpr std::array labels{
    Label{"error:", Tone::error},     Label{"ERROR:", Tone::error},   Label{"FATAL:", Tone::error},
    Label{"warning:", Tone::warning}, Label{"WARNING:", Tone::warning},
};

// Where the label of the message's head starts, or npos: the word after its
// first ": ", when what comes before is one word ("pgapply", a location
// FILE:LINE:COL) and that word is a label.
std::size_t label_at(std::string_view text, const Label*& found) {
  const std::string_view first_line = text.substr(0, text.find('\n'));
  const std::size_t colon = first_line.find(": ");
  if (colon == std::string_view::npos || first_line.substr(0, colon).find(' ') != std::string_view::npos) {
    return std::string_view::npos;
  }
  std::size_t word = colon + 2;
  while (word < first_line.size() && first_line[word] == ' ') ++word;
  for (const auto& label : labels) {
    if (first_line.substr(word, label.text.size()) == label.text) {
      found = &label;
      return word;
    }
  }
  return std::string_view::npos;
}

}  // namespace

ColorChoice parse_color_choice(std::string_view text) {
  if (text == "always") return ColorChoice::always;
  if (text == "never") return ColorChoice::never;
  return ColorChoice::automatic;
}

bool use_color(ColorChoice choice, bool is_tty, bool no_color) {
  switch (choice) {
    case ColorChoice::always: return true;
    case ColorChoice::never: return false;
    case ColorChoice::automatic: return is_tty && !no_color;
  }
  return false;
}

std::string colorize_message(std::string_view text) {
  const Label* label = nullptr;
  const std::size_t at = label_at(text, label);
  if (at == std::string_view::npos) return std::string(text);
  std::string out(text.substr(0, at));
  out += paint(label->tone, label->text);
  out += text.substr(at + label->text.size());
  return out;
}

}  // namespace pgapply::cli
