#pragma once

#include <string>

#include "cli/terminal.hpp"

namespace pgapply::cli {

// The end of a command that reports what it found (verify, diff, check,
// preflight, status --exit-code, lint, baseline --from): prints `report`
// (a text report, painted by its renderer on a terminal, or the JSON document) and returns
// exit_ok when `failure` is empty. Otherwise the command exits 4: in text
// the report's verdict says why; with `json` the document gets the "error"
// object (kind check) of `failure`, whose message also goes to standard
// error, as with every failure in JSON (DocumentedFailure). `file`: the
// file the failure is about, for the error object ("" when none is).
int finish_report(Terminal& terminal, bool json, const std::string& report, const std::string& failure,
                  const std::string& file = "");

}  // namespace pgapply::cli
