#pragma once

#include "cli/progress_line.hpp"
#include "cli/terminal.hpp"
#include "engine/run_output.hpp"

namespace pgapply::cli {

// A run's output on the terminal: progress and \echo on standard output;
// server notices, \warn and warnings on standard error, as psql does; the
// progress line of tick() on standard error when the terminal allows it.
// When standard output carries a document (--format json, lint's SARIF...),
// it carries nothing else: no progress, and \echo and \qecho go to
// standard error as psql prints them (README, "JSON output").
class TerminalOutput : public engine::RunOutput {
 public:
  explicit TerminalOutput(Terminal& terminal, bool document = false) : terminal_(terminal), document_(document) {}

  void notice(const std::string& text) override { terminal_.message(text); }
  void echo(const std::string& text, bool to_stderr) override { terminal_.echo(text, to_stderr || document_); }
  void progress(const std::string& line) override {
    if (!document_) terminal_.print(line + "\n");
  }
  void warning(const std::string& line) override { terminal_.warning(line); }
  bool color() const override { return !document_ && terminal_.style().color_out; }
  void tick(const engine::ProgressTick& where) override {
    if (!shows_ticks()) return;
    if (auto line = progress_line_.update(where, ProgressLine::Clock::now(), terminal_.style().columns)) {
      terminal_.show_progress(*line);
    }
  }
  bool shows_ticks() const override { return !document_ && terminal_.progress_enabled(); }
  bool logs_long_batches() const override { return !document_ && !terminal_.progress_enabled(); }

 private:
  Terminal& terminal_;
  bool document_;  // standard output carries one document
  ProgressLine progress_line_;
};

}  // namespace pgapply::cli
