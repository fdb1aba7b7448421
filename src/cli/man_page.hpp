#pragma once

// pgapply.1, generated at build time (pgapply-docs man) from the same
// command and option tables as --help, so the two cannot drift.

#include <string>

namespace pgapply::cli {

std::string render_man_page();

}  // namespace pgapply::cli
