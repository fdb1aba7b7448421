// libFuzzer target for the splitter: any input must give items or a
// SplitError, never a crash, a hang or a sanitizer report, and the properties
// of split_invariants.hpp must hold, in chunks as whole.
//
// Built with clang++ -fsanitize=fuzzer,address,undefined by tests/fuzz/run.
// Compiled with PGAPPLY_FUZZ_REPLAY instead, it is a plain program that runs
// the same check over files (tests/fuzz/regressions/: inputs the fuzzer once
// found failing), for the ordinary test suite.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "split_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // One line per buffer is the hardest case for chunking; a size taken from
  // the input varies where the cuts fall.
  const std::size_t chunk = 2 + (size > 0 ? data[size / 2] % 64 : 0);
  const std::string problem = split_check::check_split(input, {1, chunk});
  if (!problem.empty()) {
    std::fprintf(stderr, "split invariant broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}

#ifdef PGAPPLY_FUZZ_REPLAY

#include <filesystem>
#include <vector>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  std::size_t files = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::filesystem::path> paths;
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
        if (entry.is_regular_file()) paths.push_back(entry.path());
      }
    } else {
      paths.emplace_back(argv[i]);
    }
    for (const auto& path : paths) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      const std::string input = bytes.str();
      std::cerr << path.string() << "\n";
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
      ++files;
    }
  }
  std::cout << files << " inputs replayed\n";
  return 0;
}

#endif
