#pragma once

#include <iostream>
#include <string>
#include <string_view>

namespace pgapply::cli {

// How the terminal shows things: colour per stream, and whether a progress
// line may be drawn on standard error (only when it is a terminal, never in
// JSON mode). The command line decides (cli.cpp); tests pass their own.
struct TerminalStyle {
  bool color_out = false;
  bool color_err = false;
  bool progress = false;
  std::size_t columns = 80;  // of standard error, for the progress line
};

// Where the command line writes: results to `out`, messages to `err`. Every
// line is flushed, so that `pgapply up 2>&1 | tee log` keeps the order in
// which things happened. A progress line, when one is shown, is cleared
// before anything else is written, so that it never mixes with other output.
class Terminal {
 public:
  Terminal(std::ostream& out, std::ostream& err, TerminalStyle style = {}) : out_(out), err_(err), style_(style) {}
  ~Terminal() { clear_progress(); }
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  void set_style(const TerminalStyle& style) { style_ = style; }
  const TerminalStyle& style() const { return style_; }

  // Writes text as is (it should end with a newline): JSON, SQL, file
  // lists, text reports (painted by their renderers when style().color_out).
  void print(std::string_view text) { write(out_, text); }
  void line(std::string_view text) { write(out_, std::string(text) + '\n'); }
  // Messages on standard error; their severity labels coloured when colour is on.
  void message(std::string_view text);
  void error(std::string_view text) { message("pgapply: error: " + std::string(text)); }
  void warning(std::string_view text) { message("pgapply: warning: " + std::string(text)); }
  // Raw output (\echo, \warn): no colour, no added newline.
  void echo(std::string_view text, bool to_err) { write(to_err ? err_ : out_, text); }

  // Draws `text` as the progress line (replacing the previous one) when
  // progress is on; it stays until the next write or clear_progress().
  void show_progress(std::string_view text);
  void clear_progress();
  bool progress_enabled() const { return style_.progress; }

 private:
  void write(std::ostream& stream, std::string_view text);

  std::ostream& out_;
  std::ostream& err_;
  TerminalStyle style_;
  bool progress_shown_ = false;
};

}  // namespace pgapply::cli
