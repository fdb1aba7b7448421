#pragma once

// Colour for the spans of a text report that say a verdict (README "On a
// terminal"): a migration's state, an object's status, a check's outcome, a
// finding's severity. A report paints the spans it means, never words found
// elsewhere (a file named applied.sql, a header, a server's message); with
// Paint off, the default, its text is plain.

#include <cstddef>
#include <string>
#include <string_view>

namespace pgapply::report {

enum class Tone { error, warning, good, attention, bad, faint };

// `text` in the tone's SGR colour, reset after.
std::string paint(Tone tone, std::string_view text);

// Whether a text report paints its verdicts: on where the output is a
// terminal that shows colour (the command line decides: --color, NO_COLOR).
struct Paint {
  bool on = false;
  // `text` painted when on; as it is when off.
  std::string operator()(Tone tone, std::string_view text) const {
    return on ? report::paint(tone, text) : std::string(text);
  }
};

// The bytes of `text` outside SGR sequences: a painted table cell is padded
// as its plain text would be.
std::size_t unpainted_size(std::string_view text);

// The visible width of `text`: SGR sequences count for nothing, a UTF-8
// character for one.
std::size_t visible_width(std::string_view text);

}  // namespace pgapply::report
