// The ledger protocol's --ledger-format part: each format named as the
// option's choices name it, and the companion's statements as a dry run
// prints them (the integration tests run them: ledger_format_test.cpp).
#include "engine/ledger_protocol.hpp"
#include "engine/session_reset.hpp"

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
  const auto applied_calls = LedgerProtocol(name).applied(entry);
  REQUIRE(applied_calls.size() == 1);
  const std::string applied = pgapply::bind_literals(applied_calls.front());
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
  entry.new_row = true;  // a companion's row goes in the same statement: the upsert all the same
  const auto record_calls = LedgerProtocol(name).applied(entry);
  REQUIRE(record_calls.size() == 1);
  const pgapply::SqlCall& record = record_calls.front();
  CHECK(record.params.size() == 16);
  CHECK(record.params.back().value == "4");
  CHECK(record.sql.find("greatest($16::bigint,") != std::string::npos);

  name.format = LedgerFormat::pgapply;
  CHECK_FALSE(LedgerProtocol(name).companion_create());
  entry.new_row = false;
  REQUIRE(LedgerProtocol(name).applied(entry).size() == 1);
  CHECK(LedgerProtocol(name).applied(entry).front().params.size() == 15);
}

TEST_CASE("up's record of a version without a row: a plain INSERT returning the duration, then the history event") {
  LedgerName name;
  name.schema = "app";
  name.table = "pgapply_migrations";
  LedgerEntry entry;
  entry.version = "7";
  entry.name = "seven";
  entry.file_name = "007_seven.sql";
  entry.checksum = "abc";
  entry.new_row = true;
  const auto calls = LedgerProtocol(name).applied(entry);
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].returns_row);
  CHECK(calls[0].sql.find("ON CONFLICT") == std::string::npos);
  CHECK(calls[0].sql.find("pgapply.started") != std::string::npos);  // the clock the file's BEGIN set
  CHECK(pgapply::bind_literals(calls[1]).find("INSERT INTO \"app\".\"pgapply_migrations_history\"") != std::string::npos);
  CHECK(pgapply::bind_literals(calls[1]).find("'7', 'applied'") != std::string::npos);
  // baseline and repair replace what is there, and measure no duration
  entry.method = "baseline";
  REQUIRE(LedgerProtocol(name).applied(entry).size() == 1);
  CHECK(LedgerProtocol(name).applied(entry).front().sql.find("ON CONFLICT (version) DO UPDATE") != std::string::npos);
}

TEST_CASE("the ledger's writes as the connecting user: in a transaction of their own, or after the SET LOCALs, or none") {
  const auto sql = [](const std::vector<pgapply::SqlCall>& calls) {
    std::string out;
    for (const auto& call : calls) out += call.sql + "\n";
    return out;
  };
  const std::vector<pgapply::SqlCall> writes{{"SELECT 1", {}}};
  const std::vector<pgapply::SqlCall> limits{{"SET LOCAL lock_timeout = '5s'", {}}};
  CHECK(sql(LedgerProtocol::as_connecting_user(writes, false, limits)) ==
        "BEGIN READ WRITE\nSET LOCAL SESSION AUTHORIZATION DEFAULT\nSET LOCAL role TO DEFAULT\n"
        "SET LOCAL client_encoding = 'UTF8'\nSET LOCAL lock_timeout = '5s'\nSELECT 1\nCOMMIT\n");
  CHECK(sql(LedgerProtocol::as_connecting_user(writes, true, limits)) ==
        "SET LOCAL SESSION AUTHORIZATION DEFAULT\nSET LOCAL role TO DEFAULT\n"
        "SET LOCAL client_encoding = 'UTF8'\nSET LOCAL lock_timeout = '5s'\nSELECT 1\n");
  // exec records nothing: no empty transaction is sent for it.
  CHECK(LedgerProtocol::as_connecting_user({}, false, limits).empty());
  CHECK(LedgerProtocol::as_connecting_user({}, true, limits).empty());
}

TEST_CASE("the ledger's writes: pg_catalog first, and bounded by pgapply's time limits or the server's defaults, "
          "not the file's") {
  const auto sql = [](const std::vector<pgapply::SqlCall>& calls) {
    std::string out;
    for (const auto& call : calls) out += call.sql + "\n";
    return out;
  };
  CHECK(sql(ledger_write_settings({})) == "SET LOCAL search_path = pg_catalog, pg_temp\n"
                                          "SET LOCAL statement_timeout TO DEFAULT\nSET LOCAL lock_timeout TO DEFAULT\n");
  SessionSettings settings;
  settings.lock_timeout = "5000ms";
  settings.statement_timeout = "10min";
  CHECK(sql(ledger_write_settings(settings)) == "SET LOCAL search_path = pg_catalog, pg_temp\n"
                                                "SET LOCAL statement_timeout = '10min'\nSET LOCAL lock_timeout = '5000ms'\n");
  // A printed script's ledger named without its schema: the schema psql found it in.
  settings.ledger_schema_variable = "pgapply_ledger_schema";
  CHECK(sql(ledger_write_settings(settings)).starts_with(
      "SET LOCAL search_path = pg_catalog, :\"pgapply_ledger_schema\", pg_temp\n"));
}
