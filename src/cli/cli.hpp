#pragma once

namespace pgapply::cli {

// Runs the command line: parses it, calls the core, prints, and returns the exit status.
int run(int argc, char** argv);

}  // namespace pgapply::cli
