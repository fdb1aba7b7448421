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

TEST_CASE("an application_name names a file whatever --dir the run was given, cut or masked") {
  using pgapply::engine::names_file;
  const auto running = [](const std::string& shown) { return application_name_for(shown).substr(9); };
  CHECK(names_file(running("migrations/002_b.sql"), "002_b.sql"));
  CHECK(names_file(running("./migrations/002_b.sql"), "002_b.sql"));
  CHECK(names_file(running("/home/ci/app/db/migrations/002_b.sql"), "002_b.sql"));
  CHECK(names_file(running("002_b.sql"), "002_b.sql"));
  CHECK_FALSE(names_file(running("migrations/1002_b.sql"), "002_b.sql"));
  CHECK_FALSE(names_file(running("migrations/002_b.sql"), "003_c.sql"));
  // a long name: cut inside it; one not ASCII: masked
  const std::string long_name = "001_add_an_index_on_orders_created_at_for_the_monthly_reports_caf\xC3\xA9.sql";
  CHECK(names_file(running("migrations/" + long_name), long_name));
  CHECK(names_file(running("/srv/" + std::string(80, 'x') + "/" + long_name), long_name));
  CHECK_FALSE(names_file(running("migrations/" + long_name), "001_other.sql"));
  CHECK(names_file(running("m/001_caf\xC3\xA9.sql"), "001_caf\xC3\xA9.sql"));
}
