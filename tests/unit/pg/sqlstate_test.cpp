#include "pg/sqlstate.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace pgapply::pg;

TEST_CASE("sqlstate: class_of and in_class read the first two characters of a five-character code") {
  CHECK(sqlstate::class_of("08006") == "08");
  CHECK(sqlstate::class_of("55P03") == "55");
  CHECK(sqlstate::class_of("") == "");
  CHECK(sqlstate::class_of("0800") == "");
  CHECK(sqlstate::in_class("25P02", "25"));
  CHECK_FALSE(sqlstate::in_class("", ""));
  CHECK_FALSE(sqlstate::in_class("42P01", "25"));
}

TEST_CASE("sqlstate: the constants are PostgreSQL's codes") {
  CHECK(sqlstate::lock_not_available == "55P03");
  CHECK(sqlstate::deadlock_detected == "40P01");
  CHECK(sqlstate::serialization_failure == "40001");
  CHECK(sqlstate::syntax_error == "42601");
  CHECK(sqlstate::insufficient_privilege == "42501");
  CHECK(sqlstate::query_canceled == "57014");
  CHECK(sqlstate::undefined_table == "42P01");
  CHECK(sqlstate::duplicate_table == "42P07");
  CHECK(sqlstate::invalid_catalog_name == "3D000");
  CHECK(sqlstate::in_failed_sql_transaction == "25P02");
  // a ServerMessage's sqlstate is a std::string
  const std::string code = "42P01";
  CHECK(code == sqlstate::undefined_table);
}

TEST_CASE("sqlstate: retryable conflicts are a lock timeout and a lost deadlock, nothing else") {
  CHECK(sqlstate::is_retryable_conflict(sqlstate::lock_not_available));
  CHECK(sqlstate::is_retryable_conflict(sqlstate::deadlock_detected));
  CHECK_FALSE(sqlstate::is_retryable_conflict(sqlstate::serialization_failure));
  CHECK_FALSE(sqlstate::is_retryable_conflict(sqlstate::query_canceled));  // statement_timeout: not retried
  CHECK_FALSE(sqlstate::is_retryable_conflict(sqlstate::object_not_in_prerequisite_state));
  CHECK_FALSE(sqlstate::is_retryable_conflict(""));
}

TEST_CASE("sqlstate: connection failures are class 08 and the shutdowns of class 57") {
  for (const auto code : {sqlstate::connection_exception, sqlstate::connection_failure,
                          sqlstate::sqlclient_unable_to_establish_sqlconnection, sqlstate::protocol_violation,
                          sqlstate::admin_shutdown, sqlstate::crash_shutdown, sqlstate::cannot_connect_now}) {
    CAPTURE(code);
    CHECK(sqlstate::is_connection_failure(code));
  }
  CHECK_FALSE(sqlstate::is_connection_failure(sqlstate::query_canceled));
  CHECK_FALSE(sqlstate::is_connection_failure(sqlstate::invalid_password));
  CHECK_FALSE(sqlstate::is_connection_failure(""));
}

TEST_CASE("sqlstate: one predicate per kind of error, and none claims another's code") {
  CHECK(sqlstate::is_syntax_error(sqlstate::syntax_error));
  CHECK_FALSE(sqlstate::is_syntax_error(sqlstate::insufficient_privilege));  // same class 42
  CHECK(sqlstate::is_permission_denied(sqlstate::insufficient_privilege));
  CHECK_FALSE(sqlstate::is_permission_denied(sqlstate::syntax_error));
  CHECK(sqlstate::is_query_canceled("57014"));
  CHECK_FALSE(sqlstate::is_query_canceled(sqlstate::admin_shutdown));

  CHECK(sqlstate::is_transaction_state_error(sqlstate::in_failed_sql_transaction));
  CHECK(sqlstate::is_transaction_state_error(sqlstate::active_sql_transaction));
  CHECK(sqlstate::is_transaction_state_error("25001"));
  CHECK_FALSE(sqlstate::is_transaction_state_error(sqlstate::transaction_rollback));
  CHECK(sqlstate::is_transaction_rollback(sqlstate::serialization_failure));
  CHECK(sqlstate::is_transaction_rollback(sqlstate::deadlock_detected));

  for (const auto code : {sqlstate::undefined_table, sqlstate::undefined_column, sqlstate::undefined_function,
                          sqlstate::undefined_object, sqlstate::invalid_schema_name, sqlstate::invalid_catalog_name}) {
    CAPTURE(code);
    CHECK(sqlstate::is_undefined_object(code));
    CHECK_FALSE(sqlstate::is_duplicate_object(code));
  }
  for (const auto code : {sqlstate::duplicate_table, sqlstate::duplicate_column, sqlstate::duplicate_function,
                          sqlstate::duplicate_object, sqlstate::duplicate_schema}) {
    CAPTURE(code);
    CHECK(sqlstate::is_duplicate_object(code));
    CHECK_FALSE(sqlstate::is_undefined_object(code));
  }

  CHECK(sqlstate::is_integrity_violation(sqlstate::unique_violation));
  CHECK(sqlstate::is_integrity_violation(sqlstate::not_null_violation));
  CHECK_FALSE(sqlstate::is_integrity_violation(sqlstate::invalid_text_representation));
  CHECK(sqlstate::is_data_exception(sqlstate::invalid_text_representation));
  CHECK(sqlstate::is_data_exception(sqlstate::division_by_zero));
  CHECK_FALSE(sqlstate::is_data_exception(sqlstate::unique_violation));
}

// Compile-time: the predicates are constexpr, usable in static_assert.
static_assert(sqlstate::is_retryable_conflict("55P03"));
static_assert(!sqlstate::is_retryable_conflict("40001"));
