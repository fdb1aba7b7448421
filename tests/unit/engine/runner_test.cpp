#include "engine/runner.hpp"

#include <doctest/doctest.h>

#include <string>

using pgapply::engine::application_name_for;

TEST_CASE("a file's application_name is printable ASCII, whatever its name") {
  CHECK(application_name_for("migrations/001_init.sql") == "pgapply: migrations/001_init.sql");
  // One '?' per character, as the server would show it: a long name of
  // two-byte characters is never cut inside one (the query would not be UTF-8).
  std::string accents = "m/001_";
  for (int i = 0; i < 60; ++i) accents += "\xC3\xA9";  // é
  accents += ".sql";
  const std::string name = application_name_for(accents);
  CHECK(name == "pgapply: ..." + std::string(47, '?') + ".sql");
  // Bytes that are no UTF-8 at all, and control characters.
  CHECK(application_name_for("m/002_\xFF\t.sql") == "pgapply: m/002_??.sql");
}

TEST_CASE("a long path keeps its end, within the server's 63 bytes") {
  const std::string path = std::string(100, 'd') + "/001_the_file_that_runs.sql";
  const std::string name = application_name_for(path);
  CHECK(name.size() == 63);
  CHECK(name.rfind("pgapply: ...", 0) == 0);
  CHECK(name.substr(name.size() - 26) == "001_the_file_that_runs.sql");
}
