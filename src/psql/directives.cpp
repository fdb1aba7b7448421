#include "psql/directives.hpp"

#include <string>

#include "core/error.hpp"
#include "core/diagnostic.hpp"

namespace pgapply::psql {

namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

bool is_lint_ignore(std::string_view directive) {
  constexpr std::string_view word = "lint-ignore";
  return directive.substr(0, word.size()) == word &&
         (directive.size() == word.size() || directive[word.size()] == ' ' || directive[word.size()] == '\t');
}

}  // namespace

Directives parse_directives(std::string_view header, std::string_view file_name, std::size_t first_line) {
  Directives directives;
  std::size_t line_number = first_line - 1;
  std::size_t start = 0;
  while (start <= header.size()) {
    ++line_number;
    const auto end = std::min(header.find('\n', start), header.size());
    const std::string_view line = trim(header.substr(start, end - start));
    start = end + 1;
    if (line.substr(0, 2) != "--") continue;
    const std::string_view comment = trim(line.substr(2));
    constexpr std::string_view prefix = "pgapply:";
    if (comment.substr(0, prefix.size()) != prefix) continue;
    const std::string_view directive = trim(comment.substr(prefix.size()));
    if (directive == "no-transaction") {
      directives.transaction = false;
    } else if (directive == "transaction") {
      directives.transaction = true;
    } else if (is_lint_ignore(directive)) {
      // `pgapply lint` reads these wherever they are (lint/source_text.hpp)
    } else {
      throw located_input_error(
                  diagnostic(file_name, line_number, 0, "error",
                                     "unknown directive '-- pgapply: " + std::string(directive) +
                                         "' (known: no-transaction, transaction, lint-ignore)"));
    }
  }
  return directives;
}

}  // namespace pgapply::psql
