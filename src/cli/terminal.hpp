#pragma once

#include <iostream>
#include <string_view>

namespace pgapply::cli {

// Where the command line writes: results to `out`, messages to `err`. Every
// line is flushed, so that `pgapply up 2>&1 | tee log` keeps the order in
// which things happened.
class Terminal {
 public:
  Terminal(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

  // Writes text as is (it should end with a newline).
  void print(std::string_view text) { out_ << text << std::flush; }
  void line(std::string_view text) { out_ << text << '\n' << std::flush; }
  void message(std::string_view text) { err_ << text << '\n' << std::flush; }
  void error(std::string_view text) { err_ << "pgapply: error: " << text << '\n' << std::flush; }
  void warning(std::string_view text) { err_ << "pgapply: warning: " << text << '\n' << std::flush; }

  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

 private:
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace pgapply::cli
