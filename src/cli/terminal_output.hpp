#pragma once

#include "engine/run_output.hpp"
#include "cli/terminal.hpp"

namespace pgapply::cli {

// A run's output on the terminal: progress and \echo on standard output;
// server notices, \warn and warnings on standard error, as psql does.
class TerminalOutput : public engine::RunOutput {
 public:
  explicit TerminalOutput(Terminal& terminal, bool quiet = false) : terminal_(terminal), quiet_(quiet) {}

  void notice(const std::string& text) override { terminal_.message(text); }
  void echo(const std::string& text, bool to_stderr) override {
    (to_stderr ? terminal_.err() : terminal_.out()) << text << std::flush;
  }
  void progress(const std::string& line) override {
    if (!quiet_) terminal_.line(line);
  }
  void warning(const std::string& line) override { terminal_.warning(line); }

 private:
  Terminal& terminal_;
  bool quiet_;
};

}  // namespace pgapply::cli
