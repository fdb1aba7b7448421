#pragma once

// SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html)
// by the names PostgreSQL's errcodes.txt gives them, and predicates for the
// classes of error pgapply treats alike. Compare a ServerMessage's sqlstate
// with these instead of with string literals:
//
//   if (pg::sqlstate::is_retryable_conflict(error.server.sqlstate)) ...
//   CHECK(error.sqlstate == pg::sqlstate::undefined_table);
//
// A code is five characters: the first two are its class ("08" connection
// exception), "000" ends the code of a whole class ("08000"). An empty code
// (an error raised by libpq itself) is in no class.

#include <string_view>

namespace pgapply::pg::sqlstate {

using Code = std::string_view;

// Class 00, 01: not errors (notices carry them).
inline constexpr Code successful_completion = "00000";
inline constexpr Code warning = "01000";

// Class 08: connection exception.
inline constexpr Code connection_exception = "08000";
inline constexpr Code connection_does_not_exist = "08003";
inline constexpr Code connection_failure = "08006";
inline constexpr Code sqlclient_unable_to_establish_sqlconnection = "08001";
inline constexpr Code sqlserver_rejected_establishment_of_sqlconnection = "08004";
inline constexpr Code protocol_violation = "08P01";

// Class 0A: feature not supported.
inline constexpr Code feature_not_supported = "0A000";

// Class 22: data exception.
inline constexpr Code data_exception = "22000";
inline constexpr Code division_by_zero = "22012";
inline constexpr Code invalid_parameter_value = "22023";
inline constexpr Code invalid_text_representation = "22P02";

// Class 23: integrity constraint violation.
inline constexpr Code integrity_constraint_violation = "23000";
inline constexpr Code not_null_violation = "23502";
inline constexpr Code foreign_key_violation = "23503";
inline constexpr Code unique_violation = "23505";
inline constexpr Code check_violation = "23514";

// Class 25: invalid transaction state.
inline constexpr Code invalid_transaction_state = "25000";
inline constexpr Code active_sql_transaction = "25001";
inline constexpr Code read_only_sql_transaction = "25006";
inline constexpr Code no_active_sql_transaction = "25P01";
inline constexpr Code in_failed_sql_transaction = "25P02";

// Class 2D: invalid transaction termination (a COMMIT where it cannot run).
inline constexpr Code invalid_transaction_termination = "2D000";

// Class 28: invalid authorization specification (at connection time).
inline constexpr Code invalid_authorization_specification = "28000";
inline constexpr Code invalid_password = "28P01";

// Class 3D, 3F: invalid catalog (database) name, invalid schema name.
inline constexpr Code invalid_catalog_name = "3D000";
inline constexpr Code invalid_schema_name = "3F000";

// Class 40: transaction rollback.
inline constexpr Code transaction_rollback = "40000";
inline constexpr Code serialization_failure = "40001";
inline constexpr Code deadlock_detected = "40P01";

// Class 42: syntax error or access rule violation.
inline constexpr Code syntax_error_or_access_rule_violation = "42000";
inline constexpr Code insufficient_privilege = "42501";
inline constexpr Code syntax_error = "42601";
inline constexpr Code undefined_column = "42703";
inline constexpr Code undefined_object = "42704";
inline constexpr Code undefined_function = "42883";
inline constexpr Code undefined_table = "42P01";
inline constexpr Code duplicate_column = "42701";
inline constexpr Code duplicate_object = "42710";
inline constexpr Code duplicate_function = "42723";
inline constexpr Code duplicate_schema = "42P06";
inline constexpr Code duplicate_table = "42P07";

// Class 55: object not in prerequisite state.
inline constexpr Code object_not_in_prerequisite_state = "55000";
inline constexpr Code lock_not_available = "55P03";
inline constexpr Code unsafe_new_enum_value_usage = "55P04";

// Class 57: operator intervention.
inline constexpr Code operator_intervention = "57000";
inline constexpr Code query_canceled = "57014";
inline constexpr Code admin_shutdown = "57P01";
inline constexpr Code crash_shutdown = "57P02";
inline constexpr Code cannot_connect_now = "57P03";

// Class P0: PL/pgSQL.
inline constexpr Code raise_exception = "P0001";

// The class of a code: its first two characters ("" for a malformed code).
constexpr std::string_view class_of(std::string_view code) {
  return code.size() == 5 ? code.substr(0, 2) : std::string_view();
}

constexpr bool in_class(std::string_view code, std::string_view class_code) {
  return !class_code.empty() && class_of(code) == class_code;
}

// Another session won: the lock_timeout expired waiting for its lock, or the
// server broke a deadlock by canceling this statement. A transactional file
// that fails so rolls back whole and can run again as it is (README "The
// ledger": up retries it). serialization_failure is left out, as up leaves
// it out: it comes mostly from REPEATABLE READ or SERIALIZABLE, which a file
// chooses for itself along with its own retry policy.
constexpr bool is_retryable_conflict(std::string_view code) {
  return code == lock_not_available || code == deadlock_detected;
}

// The session is gone or never was (class 08), or the server is ending it
// (admin or crash shutdown, or still starting up).
constexpr bool is_connection_failure(std::string_view code) {
  return in_class(code, "08") || code == admin_shutdown || code == crash_shutdown || code == cannot_connect_now;
}

// The server could not parse the statement.
constexpr bool is_syntax_error(std::string_view code) { return code == syntax_error; }

// The role lacks a privilege on an object (GRANT would fix it).
constexpr bool is_permission_denied(std::string_view code) { return code == insufficient_privilege; }

// A cancel request (pg::Connection::cancel) or statement_timeout ended the statement.
constexpr bool is_query_canceled(std::string_view code) { return code == query_canceled; }

// What the rows a statement reads may cause: a constraint they break (class
// 23), a value they hold that an expression refuses (class 22: a division by
// a count of zero, a cast), more or fewer rows than a subquery or SELECT INTO
// may return (21, P0002, P0003), a PL/pgSQL RAISE or ASSERT on what it found
// (P0001, P0004).
constexpr bool may_depend_on_rows(std::string_view code) {
  return in_class(code, "23") || in_class(code, "22") || in_class(code, "21") || in_class(code, "P0");
}

// The statement does not fit the transaction's state (class 25): inside or
// outside a transaction block, a failed transaction, a read-only one.
constexpr bool is_transaction_state_error(std::string_view code) { return in_class(code, "25"); }

// A transaction rolled back by the server (class 40): serialization failure,
// deadlock, ...
constexpr bool is_transaction_rollback(std::string_view code) { return in_class(code, "40"); }

// The object named does not exist: a table, column, function, type or other
// object, a schema, a database.
constexpr bool is_undefined_object(std::string_view code) {
  return code == undefined_table || code == undefined_column || code == undefined_function ||
         code == undefined_object || code == invalid_schema_name || code == invalid_catalog_name;
}

// The object to create exists already.
constexpr bool is_duplicate_object(std::string_view code) {
  return code == duplicate_table || code == duplicate_column || code == duplicate_function ||
         code == duplicate_object || code == duplicate_schema;
}

// The data broke a constraint (class 23) or was not valid for its type (class 22).
constexpr bool is_integrity_violation(std::string_view code) { return in_class(code, "23"); }
constexpr bool is_data_exception(std::string_view code) { return in_class(code, "22"); }

}  // namespace pgapply::pg::sqlstate
