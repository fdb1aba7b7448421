#include "split/psql_meta.hpp"

#include <cstddef>
#include <vector>

#include "split/statement_tracker.hpp"

namespace pgapply::split {

namespace {

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_delimiter(char c) { return c == '.' || c == ',' || c == '(' || c == ')'; }

// psql's strtokx() for \copy, simplified: whitespace separates tokens, . , ( )
// are tokens of their own, and a token quoted with " or ' runs to its closing
// quote (a doubled quote does not close it).
std::vector<std::string_view> tokenize(std::string_view args) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (true) {
    while (i < args.size() && is_whitespace(args[i])) ++i;
    if (i == args.size()) break;
    const std::size_t start = i;
    if (is_delimiter(args[i])) {
      ++i;
    } else if (args[i] == '"' || args[i] == '\'') {
      const char quote = args[i++];
      while (i < args.size()) {
        if (args[i] == quote && (i + 1 == args.size() || args[i + 1] != quote)) {
          ++i;
          break;
        }
        i += args[i] == quote ? 2 : 1;
      }
    } else {
      while (i < args.size() && !is_whitespace(args[i]) && !is_delimiter(args[i]) &&
             args[i] != '"' && args[i] != '\'') {
        ++i;
      }
    }
    tokens.push_back(args.substr(start, i - start));
  }
  return tokens;
}

}  // namespace

bool is_slash_copy_from_stdin(std::string_view meta) {
  constexpr std::string_view command = "\\copy";
  if (meta.substr(0, command.size()) != command) return false;
  std::string_view args = meta.substr(command.size());
  if (!args.empty() && !is_whitespace(args[0])) return false;  // another command: \copyright
  const std::vector<std::string_view> tokens = tokenize(args);
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return k < tokens.size() ? tokens[k] : std::string_view(); };
  // Skips a parenthesised list starting at tokens[i], if there is one.
  auto skip_parens = [&]() {
    if (at(i) != "(") return;
    std::size_t depth = 0;
    for (; i < tokens.size(); ++i) {
      if (tokens[i] == "(") ++depth;
      if (tokens[i] == ")" && --depth == 0) {
        ++i;
        return;
      }
    }
  };
  if (equals_keyword(at(i), "binary")) ++i;
  if (at(i) == "(") {
    skip_parens();  // ( query ): only TO makes sense, but read on as psql does
  } else {
    ++i;                              // the table
    if (at(i) == ".") i += 2;         // schema . table
  }
  skip_parens();                      // the column list
  if (equals_keyword(at(i), "with")) i += 2;  // pre-7.3: with oids
  if (!equals_keyword(at(i), "from")) return false;
  const std::string_view file = at(i + 1);
  return equals_keyword(file, "stdin") || equals_keyword(file, "stdout");
}

bool sends_query_buffer(std::string_view meta) {
  for (const std::string_view command : {"\\g", "\\gx"}) {
    if (meta.substr(0, command.size()) == command &&
        (meta.size() == command.size() || is_whitespace(meta[command.size()]))) {
      return true;
    }
  }
  return false;
}

}  // namespace pgapply::split
