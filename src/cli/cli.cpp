#include "cli/cli.hpp"

namespace pgapply::cli {

int run(int, char**) { return 0; }

}  // namespace pgapply::cli
