#pragma once

#include <exception>

#include "report/json_document.hpp"

namespace pgapply::cli {

// An exception as the JSON "error" object describes it: its kind, exit
// status, and the file, line, column and SQLSTATE when it has them (a
// located message starts with FILE:LINE[:COL]: ...).
report::ErrorReport describe_error(const std::exception& error);

}  // namespace pgapply::cli
