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

TEST_CASE("pgapply new follows the directory's format: timestamps, golang-migrate pairs, Flyway") {
  TempDir dir;
  ProcessOptions options;
  options.cwd = dir.path();
  auto result = run_pgapply({"new", "--timestamp", "--dir", "ts", "Grüße"}, options);
  CHECK(result.status == 0);
  REQUIRE(result.out.size() == std::string("Created ts/YYYYMMDDHHMMSS_grusse.sql\n").size());
  CHECK(result.out.find("Created ts/20") == 0);
  CHECK(result.out.find("_grusse.sql\n") == 25);

  dir.write("go/000001_init.up.sql", "select 1;\n");
  dir.write("go/000001_init.down.sql", "select 1;\n");
  result = run_pgapply({"new", "--dir", "go", "add email"}, options);
  CHECK(result.out == "Created go/000002_add_email.up.sql\nCreated go/000002_add_email.down.sql\n");

  dir.write("fly/V1__init.sql", "select 1;\n");
  result = run_pgapply({"new", "--dir", "fly", "--down", "add email"}, options);
  CHECK(result.out == "Created fly/V2__add_email.sql\nCreated fly/U2__add_email.sql\n");

  dir.write("db/20240101120000_init.sql", "-- migrate:up\nselect 1;\n-- migrate:down\n");
  result = run_pgapply({"new", "--dir", "db", "second"}, options);
  CHECK(result.status == 0);
  CHECK(result.out.find("Created db/20") == 0);
  const auto created = result.out.substr(std::string("Created ").size(), result.out.size() - 9);
  CHECK(pgapply::io::read_file(dir.path() + "/" + created).find("-- migrate:up\n\n-- migrate:down\n") !=
        std::string::npos);

  result = run_pgapply({"new", "--dir", "go", "имя"}, options);
  CHECK(result.status == 1);
  CHECK(result.err.find("cannot write 'и' (U+0438)") != std::string::npos);
}

TEST_CASE("pgapply new --down in a Supabase project writes the rollback in down/, where the CLI does not read it") {
  TempDir dir;
  dir.write("supabase/migrations/20240101120000_init.sql", "select 1;\n");
  dir.write("pgapply.toml", "dir = \"supabase/migrations\"\nledger_format = \"supabase\"\n");
  ProcessOptions options;
  options.cwd = dir.path();
  auto result = run_pgapply({"new", "--down", "add email"}, options);
  INFO(result.err);
  CHECK(result.status == 0);
  // Created supabase/migrations/<14 digits>_add_email.sql, then supabase/migrations/down/<same>_add_email.down.sql.
  const std::string prefix = "Created supabase/migrations/";
  REQUIRE(result.out.starts_with(prefix));
  const std::string version = result.out.substr(prefix.size(), 14);
  CHECK(result.out == prefix + version + "_add_email.sql\n" + prefix + "down/" + version + "_add_email.down.sql\n");
  CHECK(pgapply::io::read_file(dir.path() + "/supabase/migrations/" + version + "_add_email.sql")
            .find("-- Rollback:  down/" + version + "_add_email.down.sql (pgapply down)") != std::string::npos);
  // Without a format that reads rollback files as migrations, beside the migration as before.
  result = run_pgapply({"new", "--down", "--ledger-format", "pgapply", "more"}, options);
  CHECK(result.status == 0);
  CHECK(result.out.find("down/") == std::string::npos);
}
