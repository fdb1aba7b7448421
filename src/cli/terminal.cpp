#include "cli/terminal.hpp"

#include "cli/color.hpp"

namespace pgapply::cli {

void Terminal::write(std::ostream& stream, std::string_view text) {
  clear_progress();
  stream << text << std::flush;
}

void Terminal::message(std::string_view text) {
  write(err_, (style_.color_err ? colorize_message(text) : std::string(text)) + '\n');
}

void Terminal::show_progress(std::string_view text) {
  if (!style_.progress) return;
  // \r to the line's start, the text, erase to the end of the line: the
  // text is cut to the terminal's width so that it never wraps.
  err_ << '\r' << text << "\x1b[K" << std::flush;
  progress_shown_ = true;
}

void Terminal::clear_progress() {
  if (!progress_shown_) return;
  err_ << "\r\x1b[K" << std::flush;
  progress_shown_ = false;
}

}  // namespace pgapply::cli
