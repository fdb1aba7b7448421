// The ledger protocol's --ledger-format part: each format named as the
// option's choices name it, and the companion's statements as a dry run
// prints them (the integration tests run them: ledger_format_test.cpp).
#include "engine/ledger_protocol.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "cli/option_table.hpp"
#include "core/sql_template.hpp"

using namespace pgapply::engine;

TEST_CASE("every --ledger-format choice is a format, named back as the choice") {
  const auto* option = pgapply::cli::find_option("ledger-format");
  REQUIRE(option != nullptr);
  std::istringstream choices{std::string(option->choices)};
  int count = 0;
  for (std::string choice; choices >> choice; ++count) {
    const auto format = parse_ledger_format(choice);
    REQUIRE(format);
    CHECK(to_string(*format) == choice);
  }
  CHECK(count == 4);
  CHECK_FALSE(parse_ledger_format("golang_migrate"));
}

TEST_CASE("the companion's statements: dbmate's row by its version, golang-migrate's one row from the ledger") {
  LedgerName name;
  name.schema = "app";
  name.table = "pgapply_migrations";
  name.format = LedgerFormat::dbmate;
  name.companion_schema = "public";
  CHECK(name.quoted_companion() == "\"public\".\"schema_migrations\"");
  LedgerEntry entry;
  entry.version = "4";
  entry.file_name = "004_x.sql";
  entry.companion = pgapply::migrate::CompanionRow{"004", "", {}};
  const std::string applied = pgapply::bind_literals(LedgerProtocol(name).applied(entry));
  CHECK(applied.find("INSERT INTO \"public\".\"schema_migrations\" (version) VALUES ('004') ON CONFLICT (version) "
                     "DO NOTHING") != std::string::npos);
  const std::string removed = pgapply::bind_literals(LedgerProtocol(name).removed("4", "rolled-back", std::nullopt, "004"));
  CHECK(removed.find("DELETE FROM \"public\".\"schema_migrations\" WHERE version = '004'") != std::string::npos);

  name.format = LedgerFormat::golang_migrate;
  name.companion_schema = "";  // offline: as search_path finds it
  CHECK(name.quoted_companion() == "\"schema_migrations\"");
  const pgapply::SqlCall rollback = LedgerProtocol(name).removed("4", "rolled-back", std::nullopt, "4");
  CHECK(rollback.params.size() == 5);  // golang-migrate's row comes from the ledger: no parameter of its own
  CHECK(rollback.sql.find("FROM \"app\".\"pgapply_migrations\"") != std::string::npos);
  entry.companion->version = "4";
  const pgapply::SqlCall record = LedgerProtocol(name).applied(entry);
  CHECK(record.params.size() == 15);
  CHECK(record.params.back().value == "4");
  CHECK(record.sql.find("greatest($15::bigint,") != std::string::npos);

  name.format = LedgerFormat::pgapply;
  CHECK_FALSE(LedgerProtocol(name).companion_create());
  CHECK(LedgerProtocol(name).applied(entry).params.size() == 14);
}

TEST_CASE("the ledger's writes as the connecting user: in a transaction of their own, or after the SET LOCALs, or none") {
  const auto sql = [](const std::vector<pgapply::SqlCall>& calls) {
    std::string out;
    for (const auto& call : calls) out += call.sql + "\n";
    return out;
  };
  const std::vector<pgapply::SqlCall> writes{{"SELECT 1", {}}};
  CHECK(sql(LedgerProtocol::as_connecting_user(writes, false)) ==
        "BEGIN READ WRITE\nSET LOCAL SESSION AUTHORIZATION DEFAULT\nSET LOCAL ROLE NONE\nSELECT 1\nCOMMIT\n");
  CHECK(sql(LedgerProtocol::as_connecting_user(writes, true)) ==
        "SET LOCAL SESSION AUTHORIZATION DEFAULT\nSET LOCAL ROLE NONE\nSELECT 1\n");
  // exec records nothing: no empty transaction is sent for it.
  CHECK(LedgerProtocol::as_connecting_user({}, false).empty());
  CHECK(LedgerProtocol::as_connecting_user({}, true).empty());
}
