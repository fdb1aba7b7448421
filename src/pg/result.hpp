#pragma once

// A statement's result: an owning, move-only handle on a libpq PGresult.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct pg_result;

namespace pgapply::pg {

class NoticeState;

enum class ResultStatus {
  empty_query,       // the statement was empty
  command_ok,        // a command that returns no rows
  tuples_ok,         // a query that returns rows (maybe none)
  copy_out,          // COPY ... TO STDOUT started
  copy_in,           // COPY ... FROM STDIN started: send the data (Connection::put_copy_data)
  copy_both,         // replication only
  bad_response,      // the server's reply was not understood
  nonfatal_error,    // (notices are delivered to the notice handler, never as results)
  fatal_error,       // the statement failed (the pg layer throws ServerError instead)
  single_tuple,      // single-row mode (not used by the pg layer)
  pipeline_sync,     // a pipeline's sync point
  pipeline_aborted,  // not executed: an earlier statement of the pipeline failed
};

std::string_view to_string(ResultStatus status);

class Result {
 public:
  Result() = default;  // holds nothing: status() is fatal_error, no rows
  // Takes ownership of `result`. `notices` keeps the notice hooks' argument
  // alive as long as the result (see notice_state.hpp).
  Result(pg_result* result, std::shared_ptr<NoticeState> notices) noexcept;
  ~Result();
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  explicit operator bool() const { return result_ != nullptr; }
  ResultStatus status() const;

  int rows() const;
  int columns() const;
  // Throws std::out_of_range for a column that does not exist.
  std::string_view column_name(int column) const;
  // The index of the column named `name` (exactly, no case folding), or -1.
  // (main's ledger.cpp, migration_lock.cpp and migration_run.cpp still call
  // it after the merge of refactor; kept here until main settles that.)
  int column_index(std::string_view name) const;
  // Fields by column name: see pg/rows.hpp.

  // The text of a field; "" for NULL (see is_null). The view lives as long as
  // this Result. Throws std::out_of_range outside the result.
  std::string_view value(int row, int column) const;
  bool is_null(int row, int column) const;
  // The field, or nullopt for NULL.
  std::optional<std::string_view> get(int row, int column) const;
  // The field, or `fallback` for NULL.
  std::string value_or(int row, int column, std::string_view fallback) const;

  // The command tag, e.g. "INSERT 0 1", "CREATE TABLE", "SELECT 3".
  std::string command_status() const;
  // Rows inserted, updated, deleted, merged, selected, moved, fetched or
  // copied, as the command tag says; 0 for other commands.
  std::uint64_t affected_rows() const;

  // For code inside the pg layer; the Result keeps ownership.
  pg_result* native_handle() const { return result_; }

 private:
  void check_cell(int row, int column) const;

  pg_result* result_ = nullptr;
  std::shared_ptr<NoticeState> notices_;
};

}  // namespace pgapply::pg
