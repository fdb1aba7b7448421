#pragma once

// A result's rows read by column name, so that a query's columns can be
// reordered or added to without the code that reads them counting positions:
//
//   const pg::Result result = connection.exec("SELECT n.nspname AS schema_name, ...");
//   for (const pg::Row row : pg::Rows(result)) {
//     schema.name = row.text("schema_name");
//     schema.can_create = row.flag("can_create");
//   }
//
// The names are read once, when the Rows is made; each field is then a
// lookup in the short list of them, which starts where the last one was
// found (code reads a row's columns mostly in one order, row after row). Names are exact (as the server names the columns:
// give each selected expression an alias). A name the result lacks, or has
// twice, or a field that does not decode as asked, throws std::logic_error
// naming the column: the query and the code disagree, a bug in pgapply.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pg/result.hpp"

namespace pgapply::pg {

class Rows;

// One row of a Rows; a view, valid as long as the Rows and its Result.
class Row {
 public:
  // The field's text, "" for NULL.
  std::string text(std::string_view column) const;
  // The field's text, nullopt for NULL.
  std::optional<std::string> optional_text(std::string_view column) const;
  bool is_null(std::string_view column) const;
  // A boolean column: true for "t", false for "f" or NULL.
  bool flag(std::string_view column) const;
  // An integer column (int2, int4, int8, oid...). Throws for NULL.
  std::int64_t integer(std::string_view column) const;
  // The same, nullopt for NULL.
  std::optional<std::int64_t> optional_integer(std::string_view column) const;
  // A floating-point or numeric column. Throws for NULL.
  double real(std::string_view column) const;

  int index() const { return row_; }  // from 0

 private:
  friend class Rows;
  Row(const Rows& rows, int row) : rows_(&rows), row_(row) {}
  int column(std::string_view name) const;
  std::string_view value(std::string_view name, const char* decoding) const;  // throws for NULL
  [[noreturn]] void fail(std::string_view name, const std::string& problem) const;

  const Rows* rows_;
  int row_;
};

class Rows {
 public:
  explicit Rows(const Result& result);
  Rows(Result&&) = delete;  // the rows would outlive the result

  int size() const { return result_->rows(); }
  bool empty() const { return size() == 0; }
  // Throws std::out_of_range outside the result. Not on a temporary Rows:
  // the Row would outlive it (name the Rows, or loop over it).
  Row operator[](int row) const&;
  Row operator[](int row) && = delete;

  class Iterator {
   public:
    Row operator*() const { return Row(*rows_, row_); }
    Iterator& operator++() {
      ++row_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return row_ == other.row_; }

   private:
    friend class Rows;
    Iterator(const Rows& rows, int row) : rows_(&rows), row_(row) {}
    const Rows* rows_;
    int row_;
  };
  // (A range-for over a temporary Rows keeps it alive for the loop.)
  Iterator begin() const& { return Iterator(*this, 0); }
  Iterator end() const& { return Iterator(*this, size()); }
  Iterator begin() && = delete;
  Iterator end() && = delete;

 private:
  friend class Row;
  static constexpr int kAmbiguous = -1;  // the result has two columns of that name

  const Result* result_;
  std::vector<std::pair<std::string, int>> columns_;  // name -> index, in the result's order
  mutable std::size_t last_found_ = 0;                // in columns_
};

}  // namespace pgapply::pg
