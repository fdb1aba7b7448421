// pgapply-docs: writes pgapply's man page or a shell completion to standard
// output, from the same tables as --help (CMake runs it at build time; it is
// not installed).
#include <iostream>
#include <string>

#include "cli/completion_scripts.hpp"
#include "cli/man_page.hpp"

int main(int argc, char** argv) {
  const std::string what = argc == 2 ? argv[1] : "";
  if (what == "man") {
    std::cout << pgapply::cli::render_man_page();
  } else if (what == "bash") {
    std::cout << pgapply::cli::render_bash_completion();
  } else if (what == "zsh") {
    std::cout << pgapply::cli::render_zsh_completion();
  } else if (what == "fish") {
    std::cout << pgapply::cli::render_fish_completion();
  } else {
    std::cerr << "usage: pgapply-docs man|bash|zsh|fish\n";
    return 1;
  }
  return std::cout.good() ? 0 : 1;
}
