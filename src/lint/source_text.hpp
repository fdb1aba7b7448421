#pragma once

// A linted file's text: its lines (to show a finding's line with a caret)
// and its lint-ignore comments.
//
//   -- pgapply: lint-ignore RULE[,RULE...] REASON
//
// on a line of its own, in the comment lines directly above a statement (or
// above a statement inside a DO block's body), silences those rules' findings
// on that statement. The reason is required.
//
// squawk's comments are read too, so that files written for squawk lint as
// their authors meant: `-- squawk-ignore RULE[, RULE...] [-- REASON]` as a
// lint-ignore (no reason required) that also silences findings on its own
// line and the next (squawk's rule), and `-- squawk-ignore-file [RULE, ...]`
// anywhere in the file for the whole file (no rule: every rule); either after
// a statement on its line, or as a `/* ... */` comment.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pgapply::lint {

struct IgnoreComment {
  std::size_t line = 0;             // 1-based
  std::vector<std::string> rules;   // as written, squawk's names as the rules they stand for
  std::string reason;               // empty: missing (an error)
  std::vector<std::string> unknown; // rules that do not exist (an error)
  bool used = false;                // it silenced a finding
  std::string directive = "lint-ignore";  // as written: lint-ignore, squawk-ignore, squawk-ignore-file
  bool whole_file = false;          // squawk-ignore-file: every statement of the file
  bool every_rule = false;          // squawk-ignore-file without rules
  bool block = false;               // written as a /* ... */ comment
};

class SourceText {
 public:
  SourceText(std::string file, std::string text);

  const std::string& file() const { return file_; }
  std::size_t line_count() const { return starts_.size(); }
  // Line `line` (1-based) without its line end (nor, for line 1, a byte
  // order mark); empty past the end.
  std::string_view line(std::size_t line) const;

  std::vector<IgnoreComment>& ignores() { return ignores_; }
  const std::vector<IgnoreComment>& ignores() const { return ignores_; }
  // The lint-ignore comments in the run of `--` comment lines directly above
  // `line`, and the file's squawk-ignore-file comments (indexes into ignores()).
  std::vector<std::size_t> ignores_above(std::size_t line) const;
  // squawk-ignore comments on `line` or the line before it, wherever they
  // are (squawk's own rule: a finding inside a statement, a comment after
  // one on its line).
  std::vector<std::size_t> squawk_ignores_at(std::size_t line) const;

 private:
  std::string file_;
  std::string text_;
  std::vector<std::size_t> starts_;  // offset of each line's first byte
  std::vector<IgnoreComment> ignores_;
};

// The lint-ignore comment on one line, or nothing when the line is not one:
// `-- pgapply: lint-ignore ...` (or squawk's `-- squawk-ignore ...`,
// `-- squawk-ignore-file ...`) after optional spaces.
bool parse_ignore_comment(std::string_view line, IgnoreComment& out);

}  // namespace pgapply::lint
