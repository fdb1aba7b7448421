#include "pg/result.hpp"

#include <libpq-fe.h>

#include <stdexcept>
#include <utility>

#include "pg/notice_state.hpp"

namespace pgapply::pg {

std::string_view to_string(ResultStatus status) {
  switch (status) {
    case ResultStatus::empty_query: return "empty query";
    case ResultStatus::command_ok: return "command ok";
    case ResultStatus::tuples_ok: return "tuples ok";
    case ResultStatus::copy_out: return "copy out";
    case ResultStatus::copy_in: return "copy in";
    case ResultStatus::copy_both: return "copy both";
    case ResultStatus::bad_response: return "bad response";
    case ResultStatus::nonfatal_error: return "nonfatal error";
    case ResultStatus::fatal_error: return "fatal error";
    case ResultStatus::single_tuple: return "single tuple";
    case ResultStatus::pipeline_sync: return "pipeline sync";
    case ResultStatus::pipeline_aborted: return "pipeline aborted";
  }
  return "unknown";
}

Result::Result(pg_result* result, std::shared_ptr<NoticeState> notices) noexcept
    : result_(result), notices_(std::move(notices)) {}

Result::~Result() {
  if (result_) PQclear(result_);
}

Result::Result(Result&& other) noexcept
    : result_(std::exchange(other.result_, nullptr)), notices_(std::move(other.notices_)) {}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
    notices_ = std::move(other.notices_);
  }
  return *this;
}

ResultStatus Result::status() const {
  if (!result_) return ResultStatus::fatal_error;
  switch (PQresultStatus(result_)) {
    case PGRES_EMPTY_QUERY: return ResultStatus::empty_query;
    case PGRES_COMMAND_OK: return ResultStatus::command_ok;
    case PGRES_TUPLES_OK: return ResultStatus::tuples_ok;
    case PGRES_COPY_OUT: return ResultStatus::copy_out;
    case PGRES_COPY_IN: return ResultStatus::copy_in;
    case PGRES_BAD_RESPONSE: return ResultStatus::bad_response;
    case PGRES_NONFATAL_ERROR: return ResultStatus::nonfatal_error;
    case PGRES_FATAL_ERROR: return ResultStatus::fatal_error;
    case PGRES_COPY_BOTH: return ResultStatus::copy_both;
    case PGRES_SINGLE_TUPLE: return ResultStatus::single_tuple;
    case PGRES_PIPELINE_SYNC: return ResultStatus::pipeline_sync;
    case PGRES_PIPELINE_ABORTED: return ResultStatus::pipeline_aborted;
  }
  return ResultStatus::bad_response;
}

int Result::rows() const { return result_ ? PQntuples(result_) : 0; }

int Result::columns() const { return result_ ? PQnfields(result_) : 0; }

int Result::column_index(std::string_view name) const {
  for (int column = 0; column < columns(); ++column) {
    if (column_name(column) == name) return column;
  }
  return -1;
}

std::string_view Result::column_name(int column) const {
  if (column < 0 || column >= columns()) {
    throw std::out_of_range("pg::Result: no column " + std::to_string(column));
  }
  return PQfname(result_, column);
}

// libpq reports an index outside the result through the notice hooks and
// returns NULL; checking first gives the caller an exception instead.
void Result::check_cell(int row, int column) const {
  if (row < 0 || row >= rows() || column < 0 || column >= columns()) {
    throw std::out_of_range("pg::Result: no field at row " + std::to_string(row) + ", column " +
                            std::to_string(column) + " (" + std::to_string(rows()) + " rows, " +
                            std::to_string(columns()) + " columns)");
  }
}

std::string_view Result::value(int row, int column) const {
  check_cell(row, column);
  return std::string_view(PQgetvalue(result_, row, column),
                          static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

bool Result::is_null(int row, int column) const {
  check_cell(row, column);
  return PQgetisnull(result_, row, column) != 0;
}

std::optional<std::string_view> Result::get(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return value(row, column);
}

std::string Result::value_or(int row, int column, std::string_view fallback) const {
  return std::string(is_null(row, column) ? fallback : value(row, column));
}

std::string Result::command_status() const { return result_ ? PQcmdStatus(result_) : ""; }

std::uint64_t Result::affected_rows() const {
  if (!result_) return 0;
  const char* text = PQcmdTuples(result_);
  return text && *text ? std::stoull(text) : 0;
}

}  // namespace pgapply::pg
