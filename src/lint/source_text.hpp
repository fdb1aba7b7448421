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

enum class IgnoreKind { lint_ignore, squawk_ignore, squawk_ignore_file };

struct IgnoreComment {
  std::size_t line = 0;             // 1-based
  std::vector<std::string> rules;   // as written, squawk's names as the rules they stand for
  std::string reason;               // empty: missing (an error)
  std::vector<std::string> unknown; // rules that do not exist (an error)
  bool used = false;                // it silenced a finding
  IgnoreKind kind = IgnoreKind::lint_ignore;
  bool block = false;               // written as a /* ... */ comment

  // Its word as written: lint-ignore, squawk-ignore, squawk-ignore-file.
  std::string directive() const;
  // squawk-ignore-file: every statement of the file; without rules, every rule.
  bool whole_file() const { return kind == IgnoreKind::squawk_ignore_file; }
  bool every_rule() const { return whole_file() && rules.empty(); }
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
  // The comments that may silence a finding at `line` of a statement that
  // starts at the `anchors` lines (indexes into ignores(), each once): those
  // in the run of `--` comment lines directly above an anchor, squawk-ignore
  // on `line` or the line before it (squawk's own rule: a finding inside a
  // statement, a comment after one on its line), and squawk-ignore-file.
  // None without anchors.
  std::vector<std::size_t> ignores_for(const std::vector<std::size_t>& anchors, std::size_t line) const;

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
