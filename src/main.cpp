#include "cli/cli.hpp"

int main(int argc, char** argv) { return pgapply::cli::run(argc, argv); }
