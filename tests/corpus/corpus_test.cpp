// The splitter over PostgreSQL's regression scripts
// (../shared/corpus/postgres_regress/*.sql, next to the repository).
//
// (a) Every file splits, or fails with exactly the error that
//     expected_errors.txt lists for it (message, line and column); the split
//     invariants of tests/fuzz/split_invariants.hpp hold, in chunks too.
// (b) Where PostgreSQL's own parser (libpg_query's pg_query_split_with_parser)
//     accepts a file, our sql items are exactly its statements. Most scripts
//     hold psql meta-commands, :variables and COPY data, which the parser
//     rejects; those are blanked first (see blank_psql()), and the file is
//     compared when the parser then accepts it.
//
// Usage: corpus_test CORPUS_DIR EXPECTED_ERRORS [-v]
// Exits 77 (SKIP_RETURN_CODE in CTest) when CORPUS_DIR does not exist.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "split_invariants.hpp"

#ifdef PGAPPLY_HAVE_PG_QUERY
extern "C" {
#include <pg_query.h>
}
#endif

namespace fs = std::filesystem;
using namespace pgapply::split;

namespace {

constexpr int skip_return_code = 77;

struct ExpectedError {
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;
  std::string why;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// expected_errors.txt: "file<TAB>line:column<TAB>message<TAB>why"; '#' starts a comment line.
std::map<std::string, ExpectedError> read_expected(const fs::path& path) {
  std::map<std::string, ExpectedError> expected;
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t from = 0;
    for (std::size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1) {
      fields.push_back(line.substr(from, tab - from));
    }
    fields.push_back(line.substr(from));
    if (fields.size() < 3) {
      std::cerr << path.string() << ": bad line: " << line << "\n";
      std::exit(2);
    }
    ExpectedError error;
    std::sscanf(fields[1].c_str(), "%zu:%zu", &error.line, &error.column);
    error.message = fields[2];
    if (fields.size() > 3) error.why = fields[3];
    expected[fields[0]] = error;
  }
  return expected;
}

// The first line of `text` from `offset`, shortened, for messages.
std::string excerpt(std::string_view text, std::size_t offset) {
  std::string out(text.substr(offset, 60));
  const std::size_t newline = out.find('\n');
  if (newline != std::string::npos) out.resize(newline);
  return "\"" + out + "\"";
}

#ifdef PGAPPLY_HAVE_PG_QUERY

// The name of a meta-command: the letters after the backslash.
std::string meta_command_name(std::string_view meta) {
  std::size_t end = 1;
  while (end < meta.size() && std::isalnum(static_cast<unsigned char>(meta[end]))) ++end;
  return std::string(meta.substr(1, end - 1));
}

// What psql would send instead of the psql-only parts, so that the parser can
// read the file, keeping every byte offset:
//  * a meta item becomes ';' and spaces: psql sends (\g, \gset, ...) or keeps
//    the query buffer at a meta-command, and our splitter ends the statement
//    before it either way; the ';' makes the parser end it there too (after
//    a statement ended by its own ';' it is just an empty statement);
//  * \r (\reset) discards the query buffer: the unterminated statement just
//    before it becomes spaces, and is marked in `discarded`;
//  * copy_data and the \. line after it become spaces (newlines kept): psql
//    sends the data apart;
//  * \; and \: become " ;" and " :", which is what psql sends;
//  * :name, :'name', :"name", :{?name} become `fill` repeated (an identifier
//    or a number), a string literal, a quoted identifier and TRUE, all of the
//    same length, like the values psql would put there. But not :name in an
//    array slice (a[1:n], next to '[', ']' or a single ':'): psql leaves an
//    undefined variable as it is, and the parser reads a slice.
// Returns whether anything was blanked.
bool blank_psql(std::string& text, const std::vector<Item>& items, char fill_variable,
                std::vector<bool>& discarded) {
  bool changed = false;
  discarded.assign(items.size(), false);
  auto fill = [&](std::size_t start, std::size_t end, char with) {
    for (std::size_t i = start; i < end; ++i) {
      if (text[i] != '\n') text[i] = with;
    }
    changed = true;
  };
  auto is_colon = [&](std::size_t i) { return i < text.size() && text[i] == ':'; };
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Item& item = items[k];
    switch (item.kind) {
      case ItemKind::meta: {
        const std::string command = meta_command_name(std::string_view(text).substr(item.start, item.end - item.start));
        fill(item.start, item.end, ' ');
        text[item.start] = ';';
        if ((command == "r" || command == "reset") && k > 0 && items[k - 1].kind == ItemKind::sql &&
            !items[k - 1].terminated) {
          fill(items[k - 1].start, items[k - 1].end, ' ');
          discarded[k - 1] = true;
        }
        break;
      }
      case ItemKind::copy_data:
        fill(item.start, item.end, ' ');
        fill(item.end, std::min(text.find('\n', item.end), text.size()), ' ');  // the \. line
        break;
      case ItemKind::sql:
        for (const Substitution& s : item.substitutions) {
          const std::size_t length = s.end - s.start;
          switch (s.kind) {
            case Substitution::Kind::escaped_char:
              text[s.start] = ' ';
              changed = true;
              break;
            case Substitution::Kind::variable: {
              const bool slice = text[s.start - 1] == '[' || (s.end < text.size() && text[s.end] == ']') ||
                                 (is_colon(s.start - 1) && !is_colon(s.start - 2)) ||
                                 (is_colon(s.end) && !is_colon(s.end + 1));
              if (!slice) fill(s.start, s.end, fill_variable);
              break;
            }
            case Substitution::Kind::variable_literal:
              fill(s.start, s.end, 'v');
              text[s.start] = text[s.end - 1] = '\'';
              break;
            case Substitution::Kind::variable_identifier:
              fill(s.start, s.end, 'v');
              text[s.start] = text[s.end - 1] = '"';
              break;
            case Substitution::Kind::variable_test:
              fill(s.start, s.end, ' ');
              if (length >= 4) std::copy_n("TRUE", 4, text.begin() + static_cast<std::ptrdiff_t>(s.start));
              break;
          }
        }
        break;
    }
  }
  return changed;
}

// Our statements, from the sql items: a statement runs from its first token
// to its last, and `semicolon` is where the ';' that ends it is, if any. An
// item that psql's \; escape joins is several statements for the server
// (blank_psql() turned each \; into " ;").
struct Statement {
  std::size_t start;
  std::size_t end;
  std::size_t semicolon;  // npos: none
};

std::vector<Statement> our_statements(std::string_view text, const std::vector<Item>& items,
                                     const std::vector<bool>& discarded) {
  constexpr auto none = std::string_view::npos;
  std::vector<Statement> out;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Item& item = items[k];
    if (item.kind != ItemKind::sql || discarded[k]) continue;
    std::size_t start = item.start;
    for (const Substitution& s : item.substitutions) {
      if (s.kind != Substitution::Kind::escaped_char || text[s.start + 1] != ';') continue;
      // The piece before the \; (if it holds a token).
      if (split_check::skip_filler(text, start, s.start, false) < s.start) {
        out.push_back({start, s.start, s.start + 1});
      }
      start = split_check::skip_filler(text, s.end, item.end, false);
    }
    if (start < item.end) {
      out.push_back({start, item.end, item.terminated ? item.end - 1 : none});
    }
  }
  return out;
}

// libpg_query's statements are RawStmt locations (gram.y): the first starts at
// offset 0, each later one just after the ';' that ended the one before (so
// they include the whitespace and comments before their first token), and
// stmt_len runs up to the ';' that ends it, excluding it (so it includes the
// whitespace and comments before that ';'), or to the end of the input for
// the last. Empty statements (;;) have no RawStmt. So a parser statement
// [location, location + len) matches one of ours when:
//   - only whitespace and comments lie between location and our first token;
//   - our ';' is at location + len; or, where ours has none (the last
//     statement of the file, or one that a meta-command ended, which
//     blank_psql() turned into a ';'), only whitespace and comments lie
//     between our last token and location + len.
std::string compare_statements(std::string_view text, const std::vector<Item>& items,
                               const std::vector<bool>& discarded, const PgQuerySplitResult& parsed) {
  const std::vector<Statement> ours = our_statements(text, items, discarded);
  const std::size_t n = std::min<std::size_t>(ours.size(), static_cast<std::size_t>(parsed.n_stmts));
  for (std::size_t i = 0; i < n; ++i) {
    const Statement& statement = ours[i];
    const auto location = static_cast<std::size_t>(parsed.stmts[i]->stmt_location);
    const auto parsed_end = location + static_cast<std::size_t>(parsed.stmts[i]->stmt_len);
    const std::size_t parsed_start = split_check::skip_filler(text, location, text.size(), false);
    bool same = parsed_start == statement.start;
    if (same && statement.semicolon != std::string_view::npos) {
      same = statement.semicolon == parsed_end;
    } else if (same) {
      same = statement.end <= parsed_end &&
             split_check::skip_filler(text, statement.end, parsed_end, false) == parsed_end;
    }
    if (!same) {
      const auto [line, column] = split_check::line_and_column(text, statement.start);
      const auto [pline, pcolumn] = split_check::line_and_column(text, parsed_start);
      const auto [eline, ecolumn] = split_check::line_and_column(text, parsed_end);
      return "statement " + std::to_string(i + 1) + ": ours at " + std::to_string(line) + ":" +
             std::to_string(column) + " " + excerpt(text, statement.start) + " to offset " +
             std::to_string(statement.end) + ", the parser's at " + std::to_string(pline) + ":" +
             std::to_string(pcolumn) + " " + excerpt(text, parsed_start) + " to " +
             std::to_string(eline) + ":" + std::to_string(ecolumn);
    }
  }
  if (ours.size() != static_cast<std::size_t>(parsed.n_stmts)) {
    return std::to_string(ours.size()) + " statements, the parser finds " +
           std::to_string(parsed.n_stmts);
  }
  return "";
}

// The byte offset of the 1-based character position PostgreSQL reports in
// an error (cursorpos counts characters of the UTF-8 text).
std::size_t byte_offset_of(std::string_view text, int cursorpos) {
  int characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++characters == cursorpos) return i;
  }
  return text.size();
}

struct Comparison {
  bool compared = false;
  bool blanked = false;
  std::string rejection;  // why not compared
  std::string mismatch;   // the first difference
  std::size_t statements = 0;
  std::size_t dropped = 0;
  std::string dropped_at;
};

// Compares our sql items with the parser's statements. The regression
// scripts test syntax errors on purpose, and the parser rejects a whole file
// for one: the statement of ours that holds the error's position is then
// blanked out on both sides (it is a syntax error for PostgreSQL, so no
// boundary of it can be checked) and the parser tries again, up to a limit.
Comparison compare_with_parser(std::string_view text, const std::vector<Item>& items) {
  Comparison result;
  constexpr int max_drops = 200;
  std::vector<bool> dropped(items.size(), false);
  for (int attempt = 0; attempt <= max_drops; ++attempt) {
    std::string parser_input;
    std::vector<bool> discarded;
    PgQuerySplitResult parsed{};
    // Variables blanked as identifiers first, then as numbers.
    for (const char fill : {'v', '1'}) {
      if (fill != 'v') pg_query_free_split_result(parsed);
      parser_input = std::string(text);
      result.blanked = blank_psql(parser_input, items, fill, discarded);
      for (std::size_t k = 0; k < items.size(); ++k) {
        if (!dropped[k]) continue;
        for (std::size_t i = items[k].start; i < items[k].end; ++i) {
          if (parser_input[i] != '\n') parser_input[i] = ' ';
        }
        discarded[k] = true;
      }
      parsed = pg_query_split_with_parser(parser_input.c_str());
      if (parsed.error == nullptr) break;
    }
    if (parsed.error == nullptr) {
      result.compared = true;
      result.mismatch = compare_statements(parser_input, items, discarded, parsed);
      result.statements = static_cast<std::size_t>(parsed.n_stmts);
      pg_query_free_split_result(parsed);
      return result;
    }
    result.rejection = parsed.error->message;
    const int cursorpos = parsed.error->cursorpos;
    pg_query_free_split_result(parsed);
    if (cursorpos <= 0) {
      result.rejection += " (no position)";
      return result;
    }
    // Our last sql item starting at or before the error.
    const std::size_t offset = byte_offset_of(parser_input, cursorpos);
    std::size_t found = items.size();
    for (std::size_t k = 0; k < items.size() && items[k].start <= offset; ++k) {
      if (items[k].kind == ItemKind::sql && !dropped[k]) found = k;
    }
    if (found == items.size()) {
      result.rejection += " (before any statement)";
      return result;
    }
    dropped[found] = true;
    ++result.dropped;
    result.dropped_at += ' ';
    result.dropped_at += std::to_string(items[found].line);
  }
  result.rejection = "more than " + std::to_string(max_drops) + " statements rejected";
  return result;
}

#endif  // PGAPPLY_HAVE_PG_QUERY

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: corpus_test CORPUS_DIR EXPECTED_ERRORS [-v]\n";
    return 2;
  }
  const fs::path corpus = argv[1];
  const auto expected = read_expected(argv[2]);
  [[maybe_unused]] const bool verbose = argc > 3 && std::string(argv[3]) == "-v";
  if (!fs::is_directory(corpus)) {
    std::cout << "SKIPPED: no corpus at " << corpus.string() << "\n";
    return skip_return_code;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cout << "SKIPPED: no .sql files in " << corpus.string() << "\n";
    return skip_return_code;
  }

  int failures = 0;
  auto fail = [&](const std::string& file, const std::string& what) {
    std::cout << "FAIL " << file << ": " << what << "\n";
    ++failures;
  };
  std::size_t split_ok = 0, expected_errors = 0;
  [[maybe_unused]] std::size_t compared = 0, compared_blanked = 0, parser_rejected = 0,
                               statements_compared = 0, statements_dropped = 0;
  std::map<std::string, int> rejections;
  std::vector<std::string> seen;

  for (const fs::path& path : files) {
    const std::string name = path.filename().string();
    seen.push_back(name);
    const std::string text = read_file(path);

    const std::string problem = split_check::check_split(text, {1, 97, 4096});
    if (!problem.empty()) fail(name, "split invariant: " + problem);

    const split_check::Outcome outcome = split_check::split_whole(text);
    const auto wanted = expected.find(name);
    if (outcome.error) {
      const SplitError& error = *outcome.error;
      const std::string got = std::to_string(error.line) + ":" + std::to_string(error.column) +
                              " " + error.what();
      if (wanted == expected.end()) {
        fail(name, "unexpected error " + got);
      } else if (wanted->second.line != error.line || wanted->second.column != error.column ||
                 wanted->second.message != error.what()) {
        fail(name, "error " + got + ", expected " + std::to_string(wanted->second.line) + ":" +
                       std::to_string(wanted->second.column) + " " + wanted->second.message);
      } else {
        ++expected_errors;
      }
      continue;
    }
    if (wanted != expected.end()) {
      fail(name, "splits without the expected error " + wanted->second.message);
      continue;
    }
    ++split_ok;

#ifdef PGAPPLY_HAVE_PG_QUERY
    const Comparison comparison = compare_with_parser(text, outcome.items);
    if (!comparison.compared) {
      ++parser_rejected;
      ++rejections[comparison.rejection];
      if (verbose) std::cout << "not compared: " << name << ": " << comparison.rejection << "\n";
    } else {
      if (!comparison.mismatch.empty()) fail(name, "differs from the parser: " + comparison.mismatch);
      (comparison.blanked ? compared_blanked : compared) += 1;
      statements_compared += comparison.statements;
      statements_dropped += comparison.dropped;
      if (verbose && !comparison.dropped_at.empty()) {
        std::cout << name << ": left out statements the parser rejects, at" << comparison.dropped_at << "\n";
      }
    }
#endif
  }
  for (const auto& [name, error] : expected) {
    if (std::find(seen.begin(), seen.end(), name) == seen.end()) {
      fail(name, "listed in the expected errors but not in the corpus");
    }
  }

  std::cout << files.size() << " files: " << split_ok << " split, " << expected_errors
            << " fail to split as expected\n";
#ifdef PGAPPLY_HAVE_PG_QUERY
  std::cout << "compared with libpg_query " << PG_VERSION << ": " << compared + compared_blanked
            << " files (" << compared << " as they are, " << compared_blanked
            << " with psql parts blanked), " << statements_compared << " statements, leaving out "
            << statements_dropped << " that the parser rejects; " << parser_rejected
            << " files not compared\n";
  if (verbose) {
    for (const auto& [message, count] : rejections) std::cout << "  " << count << " x " << message << "\n";
  }
#else
  std::cout << "SKIPPED the comparison with PostgreSQL's parser: built without libpg_query\n";
#endif
  if (failures > 0) {
    std::cout << failures << " failures\n";
    return 1;
  }
  return 0;
}
