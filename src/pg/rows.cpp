#include "pg/rows.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace pgapply::pg {

Rows::Rows(const Result& result) : result_(&result) {
  columns_.reserve(static_cast<std::size_t>(result.columns()));
  for (int column = 0; column < result.columns(); ++column) {
    const std::string_view name = result.column_name(column);
    const auto same = std::find_if(columns_.begin(), columns_.end(), [&](const auto& c) { return c.first == name; });
    if (same != columns_.end()) {
      same->second = kAmbiguous;
    } else {
      columns_.emplace_back(std::string(name), column);
    }
  }
}

Row Rows::operator[](int row) const& {
  if (row < 0 || row >= size()) {
    throw std::out_of_range("pg::Rows: no row " + std::to_string(row) + " (" + std::to_string(size()) + " rows)");
  }
  return Row(*this, row);
}

void Row::fail(std::string_view name, const std::string& problem) const {
  throw std::logic_error("pg::Row: column \"" + std::string(name) + "\" " + problem);
}

int Row::column(std::string_view name) const {
  const auto& columns = rows_->columns_;
  // From the column found last: the same column again (is_null, then its
  // value), or the next one, is found at once.
  auto found = columns.end();
  for (std::size_t tried = 0, at = rows_->last_found_; tried < columns.size(); ++tried, ++at) {
    if (at == columns.size()) at = 0;
    if (columns[at].first == name) {
      rows_->last_found_ = at;
      found = columns.begin() + static_cast<std::ptrdiff_t>(at);
      break;
    }
  }
  if (found == columns.end()) {
    std::string names;
    for (int index = 0; index < rows_->result_->columns(); ++index) {
      names += (names.empty() ? "" : ", ") + std::string(rows_->result_->column_name(index));
    }
    fail(name, "is not in the result (its columns: " + (names.empty() ? "none" : names) + ")");
  }
  if (found->second == Rows::kAmbiguous) fail(name, "appears more than once in the result: give each an alias");
  return found->second;
}

std::string_view Row::value(std::string_view name, const char* decoding) const {
  const int index = column(name);
  if (rows_->result_->is_null(row_, index)) fail(name, std::string("is NULL in row ") + std::to_string(row_) + ", " + decoding + " expected");
  return rows_->result_->value(row_, index);
}

bool Row::is_null(std::string_view name) const { return rows_->result_->is_null(row_, column(name)); }

std::string Row::text(std::string_view name) const {
  return std::string(rows_->result_->value(row_, column(name)));
}

std::optional<std::string> Row::optional_text(std::string_view name) const {
  const auto field = rows_->result_->get(row_, column(name));
  return field ? std::optional<std::string>(*field) : std::nullopt;
}

bool Row::flag(std::string_view name) const {
  const int index = column(name);
  const std::string_view field = rows_->result_->value(row_, index);
  if (field == "t") return true;
  if (field == "f" || rows_->result_->is_null(row_, index)) return false;
  fail(name, "is not a boolean: \"" + std::string(field) + "\"");
}

std::int64_t Row::integer(std::string_view name) const {
  const std::string_view field = value(name, "an integer");
  std::int64_t out = 0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), out);
  if (error != std::errc() || end != field.data() + field.size()) {
    fail(name, "is not an integer: \"" + std::string(field) + "\"");
  }
  return out;
}

std::optional<std::int64_t> Row::optional_integer(std::string_view name) const {
  if (is_null(name)) return std::nullopt;
  return integer(name);
}

double Row::real(std::string_view name) const {
  const std::string_view field = value(name, "a number");
  double out = 0;  // from_chars reads "Infinity" and "NaN" too, whatever the locale
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), out);
  if (error != std::errc() || end != field.data() + field.size()) {
    fail(name, "is not a number: \"" + std::string(field) + "\"");
  }
  return out;
}

}  // namespace pgapply::pg
