#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ddl/qualified_name.hpp"
#include "lint/rules.hpp"

namespace pgapply::lint {

// One thing a rule found, where it is, and what to do about it.
struct Finding {
  std::string rule;            // the rule's id
  Severity severity = Severity::warning;
  std::string file;            // as shown to people
  std::size_t line = 1;        // 1-based
  std::size_t column = 1;      // 1-based, in characters
  std::string source_line;     // the file's line at `line` (without its line end); empty when unknown
  std::string message;         // what this statement does, specifically
  std::string why;             // why it hurts in production (the rule's, or more specific)
  std::string safe_way;        // what to write instead
  // Where in a statement's body it was found: "DO block", "function f"; empty at top level.
  std::string context;
  // The table the finding is about, as written (the table of the declaration
  // at its place, else the one table the statement locks); empty when none.
  // preflight looks up its size.
  ddl::QualifiedName table;
  // Set when a lint-ignore comment silences the finding: its reason.
  std::optional<std::string> ignored_reason;

  bool ignored() const { return ignored_reason.has_value(); }
};

struct LintResult {
  std::vector<Finding> findings;  // file order (the order files were linted), then line and column
  std::size_t files = 0;          // files linted
  std::size_t errors = 0;         // findings not ignored, by severity
  std::size_t warnings = 0;
  std::size_t ignored = 0;
};

}  // namespace pgapply::lint
