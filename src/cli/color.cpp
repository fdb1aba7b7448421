#include "cli/color.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace pgapply::cli {

namespace {

std::string_view sgr(Tone tone) {
  switch (tone) {
    case Tone::error: return "\x1b[1;31m";
    case Tone::warning: return "\x1b[33m";
    case Tone::good: return "\x1b[32m";
    case Tone::attention: return "\x1b[33m";
    case Tone::bad: return "\x1b[31m";
    case Tone::faint: return "\x1b[2m";
  }
  return "";
}

constexpr std::string_view reset = "\x1b[0m";

struct Word {
  std::string_view text;
  Tone tone;
};

// Longest first where one is a prefix of another.
constexpr std::array report_words{
    Word{"WILL FAIL", Tone::bad},        Word{"will fail", Tone::bad},
    Word{"DIFFERENT", Tone::bad},        Word{"MISSING", Tone::bad},
    Word{"FAILED", Tone::bad},           Word{"INVALID", Tone::bad},
    Word{"failed", Tone::bad},           Word{"modified", Tone::bad},
    Word{"missing", Tone::bad},          Word{"interrupted", Tone::bad},
    Word{"different", Tone::bad},        Word{"invalid", Tone::bad},
    Word{"conflict", Tone::bad},         Word{"still_present", Tone::bad},
    Word{"pending", Tone::attention},    Word{"running", Tone::attention},
    Word{"rolled_back", Tone::attention}, Word{"rolled back", Tone::attention},
    Word{"WARNING", Tone::warning},      Word{"warning:", Tone::warning},
    Word{"applied", Tone::good},         Word{"ok", Tone::good},
    Word{"OK", Tone::good},              Word{"will apply", Tone::good},
    Word{"error:", Tone::error},         Word{"ERROR:", Tone::error},
};

constexpr std::array message_words{
    Word{"error:", Tone::error},     Word{"ERROR:", Tone::error},   Word{"FATAL:", Tone::error},
    Word{"warning:", Tone::warning}, Word{"WARNING:", Tone::warning},
};

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

template <std::size_t N>
std::string colorize(std::string_view text, const std::array<Word, N>& words) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    bool matched = false;
    if (i == 0 || !word_char(text[i - 1])) {
      for (const auto& word : words) {
        if (text.substr(i, word.text.size()) != word.text) continue;
        const std::size_t end = i + word.text.size();
        if (end < text.size() && word_char(word.text.back()) && word_char(text[end])) continue;
        out += sgr(word.tone);
        out += word.text;
        out += reset;
        i = end;
        matched = true;
        break;
      }
    }
    if (!matched) out += text[i++];
  }
  return out;
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

std::string paint(Tone tone, std::string_view text) {
  return std::string(sgr(tone)) + std::string(text) + std::string(reset);
}

std::string colorize_report(std::string_view text) { return colorize(text, report_words); }

std::string colorize_message(std::string_view text) { return colorize(text, message_words); }

std::size_t visible_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
      continue;
    }
    // Count UTF-8 lead bytes only.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++width;
  }
  return width;
}

}  // namespace pgapply::cli
