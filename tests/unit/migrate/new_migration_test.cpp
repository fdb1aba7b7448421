#include "migrate/new_migration.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace pgapply::migrate;

namespace {

std::string next(const std::vector<std::string>& files) { return next_version_text(discover(files), files); }

}  // namespace

TEST_CASE("names are lower case with underscores") {
  CHECK(migration_name("add audit log") == "add_audit_log");
  CHECK(migration_name("  Add  Audit-Log!  ") == "add_audit_log");
  CHECK(migration_name("v2 users") == "v2_users");
  CHECK_THROWS_AS(migration_name("  --  "), pgapply::Error);
}

TEST_CASE("the next version keeps the width of the existing files") {
  CHECK(next({}) == "001");
  CHECK(next({"001_a.sql", "002_b.sql", "003_c.sql"}) == "004");
  CHECK(next({"0009_a.sql", "0010_b.sql"}) == "0011");
  CHECK(next({"1_a.sql", "2_b.sql"}) == "3");
  CHECK(next({"098_a.sql", "099_b.sql"}) == "100");
  CHECK(next({"999_a.sql"}) == "1000");
  CHECK(next({"20240101120000_a.sql"}) == "20240101120001");
  CHECK(next({"001_a.sql", "002_b.sql", "003_c.down.sql"}) == "004");
  CHECK(next({"001_a.sql", "notes.sql"}) == "002");
}

TEST_CASE("a new migration has a header block, and a down file") {
  const auto files = std::vector<std::string>{"001_a.sql", "002_b.sql", "003_c.sql"};
  const auto created = new_migration(discover(files), files, "add audit log", "2026-11-21");
  CHECK(created.file_name == "004_add_audit_log.sql");
  CHECK(created.down_file_name == "004_add_audit_log.down.sql");
  CHECK(created.content.find("-- Migration: 004_add_audit_log\n-- Purpose:   add audit log\n-- Date:      2026-11-21\n-- Breaking:  none\n-- Rollback:  004_add_audit_log.down.sql") == 0);
  CHECK(created.down_content.find("004_add_audit_log.sql") != std::string::npos);
}
