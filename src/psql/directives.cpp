#include "psql/directives.hpp"

#include <optional>
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

std::optional<std::string_view> directive_in(std::string_view comment) {
  comment = trim(comment);
  if (comment.substr(0, 2) != "--") return std::nullopt;
  comment = trim(comment.substr(2));
  constexpr std::string_view prefix = "pgapply:";
  if (comment.substr(0, prefix.size()) != prefix) return std::nullopt;
  return trim(comment.substr(prefix.size()));
}

Directives parse_directives(std::string_view header, std::string_view file_name, std::size_t first_line) {
  Directives directives;
  // A byte order mark before the first line's comment is not part of it.
  if (first_line == 1 && header.starts_with("\xEF\xBB\xBF")) header.remove_prefix(3);
  std::size_t said_at = 0;  // the line of the transaction directive in force
  std::size_t line_number = first_line - 1;
  std::size_t start = 0;
  while (start <= header.size()) {
    ++line_number;
    const auto end = std::min(header.find('\n', start), header.size());
    const std::optional<std::string_view> directive = directive_in(header.substr(start, end - start));
    start = end + 1;
    if (!directive) continue;
    if (*directive == "no-transaction" || *directive == "transaction") {
      const bool transaction = *directive == "transaction";
      if (directives.transaction && *directives.transaction != transaction) {
        throw located_input_error(diagnostic(
            file_name, line_number, 0, "error",
            "'-- pgapply: " + std::string(*directive) + "' contradicts '-- pgapply: " +
                (transaction ? "no-transaction" : "transaction") + "' at line " + std::to_string(said_at) +
                ": keep the one the file needs"));
      }
      directives.transaction = transaction;
      said_at = line_number;
    } else if (is_lint_ignore(*directive)) {
      // `pgapply lint` reads these wherever they are (lint/source_text.hpp)
    } else {
      throw located_input_error(
                  diagnostic(file_name, line_number, 0, "error",
                                     "unknown directive '-- pgapply: " + std::string(*directive) +
                                         "' (known: no-transaction, transaction, lint-ignore)"));
    }
  }
  return directives;
}

std::string misplaced_directive(std::string_view directive, std::string_view file_name, std::size_t line) {
  if (is_lint_ignore(directive)) return "";
  return diagnostic(file_name, line, 0, "error",
                    "'-- pgapply: " + std::string(directive) +
                        "' after the first statement is not read: directives go in the header, before the first "
                        "statement (of the file, or of its dbmate or goose section): move it there");
}

}  // namespace pgapply::psql
