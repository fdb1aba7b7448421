#pragma once

#include <string>

namespace pgapply::engine {

// Where a run's messages go; the command line decides how to show them.
class RunOutput {
 public:
  virtual ~RunOutput() = default;
  // A server message (NOTICE, WARNING, INFO...), formatted FILE:LINE: NOTICE:  text.
  virtual void notice(const std::string& text) = 0;
  // \echo and \qecho (to_stderr false), \warn (true); text ends with its newline.
  virtual void echo(const std::string& text, bool to_stderr) = 0;
  // pgapply's own progress ("applied 002_x.sql in 12 ms") and warnings.
  virtual void progress(const std::string& line) = 0;
  virtual void warning(const std::string& line) = 0;
};

}  // namespace pgapply::engine
