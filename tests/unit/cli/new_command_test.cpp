// `pgapply new`, run as the real binary.
#include <doctest/doctest.h>

#include "io/files.hpp"
#include "support/run_process.hpp"

using namespace pgapply::test;

TEST_CASE("pgapply new creates the next file, keeping the width, with a down file") {
  TempDir dir;
  dir.write("migrations/001_a.sql", "select 1;\n");
  dir.write("migrations/002_b.sql", "select 2;\n");
  ProcessOptions options;
  options.cwd = dir.path();
  auto result = run_pgapply({"new", "add", "audit log", "--down"}, options);
  CHECK(result.status == 0);
  CHECK(result.out == "Created migrations/003_add_audit_log.sql\nCreated migrations/003_add_audit_log.down.sql\n");
  const auto text = pgapply::io::read_file(dir.path() + "/migrations/003_add_audit_log.sql");
  CHECK(text.find("-- Migration: 003_add_audit_log\n-- Purpose:   add audit log\n-- Date:      20") == 0);
  result = run_pgapply({"new", "second"}, options);
  CHECK(result.out == "Created migrations/004_second.sql\n");
  CHECK(run_pgapply({"new", "!!!"}, options).status == 1);
  CHECK(run_pgapply({"new"}, options).status == 1);
  result = run_pgapply({"new", "--dir", "elsewhere", "first one"}, options);
  CHECK(result.out == "Created elsewhere/001_first_one.sql\n");
}
