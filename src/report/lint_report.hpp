#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lint/finding.hpp"
#include "lint/lint_settings.hpp"
#include "report/json_document.hpp"
#include "report/paint.hpp"

namespace pgapply::report {

enum class LintFormat { text, json, sarif, github };

// "text", "json", "sarif", "github"; nullopt for anything else.
std::optional<LintFormat> parse_lint_format(std::string_view name);

// What `pgapply lint` prints. Ignored findings (lint-ignore) appear only in
// json and sarif, with their reason.
//   text:   per finding, compiler style:
//             FILE:LINE:COL: error: MESSAGE [RULE]
//                 the statement's line
//                 ^
//               why: ...
//               safe way: ...
//           then a summary line ("2 errors, 1 warning in 3 files"). With
//           `paint` on, the label is painted: error red, warning yellow.
//   json:   {"format_version", "command": "lint", "counts": {"files",
//           "errors", "warnings", "ignored"}, "findings": [{"rule",
//           "severity", "file", "line", "column", "message", "why",
//           "safe_way", "source_line", "context", "ignored",
//           "ignore_reason" (null when not ignored)}]}
//   sarif:  SARIF 2.1.0, one run: tool.driver with every rule (id, short and
//           full description, help, default level), results with ruleId,
//           level, message, physicalLocation (uri, region startLine,
//           startColumn, snippet); ignored ones with an inSource suppression.
//   github: one workflow command per finding, ::error or ::warning
//           file=F,line=L,col=C,title=RULE::MESSAGE (why and safe way on
//           the lines below), then the summary.
std::string render_lint(const lint::LintResult& result, LintFormat format, Paint paint = {});

// `pgapply lint --format sarif` that could not lint (a file it cannot read,
// a usage error): a SARIF 2.1.0 log of one run with no results and one
// invocation, executionSuccessful false, its exit code and the error as a
// toolExecutionNotification (with its file and line when it has them), so
// that `> lint.sarif` is never an empty, invalid file.
std::string render_lint_failure_sarif(const ErrorReport& error);

// The summary line: "2 errors, 1 warning in 3 files (1 ignored)".
std::string lint_summary(const lint::LintResult& result);

// `pgapply lint --list-rules`: every rule with its id, default severity,
// whether it runs under `settings`, the versions it applies to, and its title.
std::string render_lint_rules(const lint::LintSettings& settings);
// The same as JSON: {"format_version", "command": "lint", "rules": [{"rule"
// (its id, as findings name it), "severity" (under the settings),
// "default_severity", "default_state" (on, opt_in, off, always), "runs",
// "postgresql", "title", "why", "safe_way", "example"}]}.
std::string render_lint_rules_json(const lint::LintSettings& settings);

}  // namespace pgapply::report
