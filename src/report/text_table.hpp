#pragma once

// Small text-report helpers shared by the reports.

#include <string>
#include <string_view>
#include <vector>

namespace pgapply::report {

// Rows of cells, each column as wide as its widest cell, two spaces between
// columns, no trailing spaces; a painted cell (report/paint.hpp) is as wide
// as its text. A row may carry a note, printed on the next
// line under its first cell ("  ^ note").
class TextTable {
 public:
  TextTable() = default;
  explicit TextTable(std::vector<std::string> header) { add(std::move(header)); }
  void add(std::vector<std::string> row, std::string note = "");
  bool empty() const { return rows_.empty(); }
  std::string render(const std::string& indent) const;

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::string> notes_;
};

// The parts with `separator` between them.
std::string joined(const std::vector<std::string>& parts, std::string_view separator);

// ASCII upper case (for words that must stand out: MISSING, WILL FAIL).
std::string upper(std::string_view text);

}  // namespace pgapply::report
