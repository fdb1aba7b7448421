#pragma once

// Colour on a terminal: errors red, warnings yellow, migration states by
// what they ask of the reader (applied/ok green, pending yellow, failed,
// modified, missing red). On only where it helps: --color auto (the
// default) colours a stream that is a terminal unless NO_COLOR is set
// (https://no-color.org); --color always and never force it.

#include <string>
#include <string_view>

namespace pgapply::cli {

enum class ColorChoice { automatic, always, never };

// "auto", "always", "never" (validated by the option table's choices).
ColorChoice parse_color_choice(std::string_view text);

// Whether to colour a stream: `is_tty` whether it is a terminal,
// `no_color` whether NO_COLOR is set to a non-empty value.
bool use_color(ColorChoice choice, bool is_tty, bool no_color);

enum class Tone { error, warning, good, attention, bad, faint };

// `text` in the tone's SGR colour, reset after.
std::string paint(Tone tone, std::string_view text);

// A report's text with its state words and severity labels coloured: whole
// words only (`applied`, `pending`, `failed`, `MISSING`, `WILL FAIL`,
// `error:`, `WARNING:` ...), so names and SQL are never touched. The words
// are the states the reports print (migrate::MigrationState,
// schema::CheckStatus, preflight verdicts, RunOutcome).
std::string colorize_report(std::string_view text);

// A message for standard error: "pgapply: error:" and "FILE:LINE:COL: error:"
// labels in red, warnings in yellow.
std::string colorize_message(std::string_view text);

// The visible width of `text` (SGR sequences count for nothing).
std::size_t visible_width(std::string_view text);

}  // namespace pgapply::cli
