#pragma once

// Colour on a terminal: a message's severity label (error red, warning
// yellow) and what a text report paints (report/paint.hpp: migration states,
// verdicts). On only where it helps: --color auto (the default) colours a
// stream that is a terminal unless NO_COLOR is set (https://no-color.org);
// --color always and never force it.

#include <string>
#include <string_view>

#include "report/paint.hpp"

namespace pgapply::cli {

using report::paint;
using report::Tone;
using report::visible_width;

enum class ColorChoice { automatic, always, never };

// "auto", "always", "never" (validated by the option table's choices).
ColorChoice parse_color_choice(std::string_view text);

// Whether to colour a stream: `is_tty` whether it is a terminal,
// `no_color` whether NO_COLOR is set to a non-empty value.
bool use_color(ColorChoice choice, bool is_tty, bool no_color);

// A message for standard error with its severity label coloured: the label
// at its head only ("pgapply: error:", "FILE:LINE:COL: error:", a server's
// "FILE:LINE: ERROR:"), never the same word further on (a quoted file name,
// the server's own text).
std::string colorize_message(std::string_view text);

}  // namespace pgapply::cli
