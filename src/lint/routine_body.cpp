#include "lint/routine_body.hpp"

#include <algorithm>
#include <exception>

#include "ddl/literals.hpp"
#include "ddl/plpgsql_block.hpp"
#include "split/splitter.hpp"

namespace pgapply::lint {

namespace {

using lexer::Token;
using lexer::TokenKind;

bool is_string(const Token& token) {
  return token.kind == TokenKind::string || token.kind == TokenKind::dollar_string;
}

// Where the value of a string token starts within the statement. For '...'
// bodies with '' inside, later offsets are a little off; lines are not.
std::size_t value_offset(const Token& token) {
  if (token.kind == TokenKind::dollar_string) return token.offset + (token.text.size() - token.value.size()) / 2;
  return token.offset + (!token.text.empty() && token.text[0] == '\'' ? 1 : 2);
}

// The value of an EXECUTE's command string that is a constant: string
// literals joined by || (brackets around them change nothing); nullopt for
// anything else (format(), a variable, a cast). Its value is at `value_offset`
// of the expression, and `exact` when it is one literal written as its value
// reads (no '' or escapes), so that offsets in the value are offsets there.
struct ConstantString {
  std::string value;
  std::size_t value_offset = 0;
  bool exact = false;
};

std::optional<ConstantString> constant_string(std::string_view expression) {
  ConstantString out;
  std::size_t literals = 0;
  bool want_literal = true;
  for (const Token& t : lexer::tokenize(expression)) {
    if (t.is_punct("(") || t.is_punct(")")) continue;
    if (!want_literal) {
      if (t.kind != TokenKind::op || t.text != "||") return std::nullopt;
      want_literal = true;
      continue;
    }
    if (t.kind == TokenKind::dollar_string) {
      out.value += t.value;
      if (literals == 0) {
        out.value_offset = value_offset(t);
        out.exact = true;
      }
    } else if (t.kind == TokenKind::string && !t.text.empty() && t.text[0] == '\'') {
      out.value += t.value;
      if (literals == 0) {
        out.value_offset = value_offset(t);
        out.exact = t.text.size() == t.value.size() + 2;  // no '' inside
      }
    } else if (t.kind == TokenKind::string && (t.text[0] == 'e' || t.text[0] == 'E')) {
      const auto value = ddl::decode_escape_string(t.value);
      if (!value) return std::nullopt;
      out.value += *value;
      if (literals == 0) out.value_offset = value_offset(t);
    } else {
      return std::nullopt;  // B'...', X'...', a name, a function call...
    }
    ++literals;
    want_literal = false;
  }
  if (literals == 0 || want_literal) return std::nullopt;
  if (literals > 1) out.exact = false;
  return out;
}

// The statements of `text` (a SQL body, an EXECUTE's string); nullopt when
// the splitter cannot read it (the server will say so when it runs).
std::optional<std::vector<split::Item>> split_sql(std::string_view text) {
  try {
    return split::split(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

}  // namespace

std::optional<RoutineBody> routine_body(const std::vector<Token>& tokens, std::string_view routine_name) {
  if (tokens.empty() || tokens[0].kind != TokenKind::word) return std::nullopt;
  RoutineBody body;
  std::size_t i = 1;
  if (tokens[0].is_word("do")) {
    body.do_block = true;
    body.label = "DO block";
    body.language = "plpgsql";
  } else if (tokens[0].is_word("create")) {
    if (i + 1 < tokens.size() && tokens[i].is_word("or") && tokens[i + 1].is_word("replace")) i += 2;
    if (i >= tokens.size() || !(tokens[i].is_word("function") || tokens[i].is_word("procedure"))) return std::nullopt;
    body.label = tokens[i].value + " " + std::string(routine_name);
    body.language = "sql";  // PostgreSQL's default when LANGUAGE is left out
  } else {
    return std::nullopt;
  }
  const Token* text = nullptr;
  lexer::BracketDepth brackets;
  for (; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (brackets.step(t) || !brackets.at_top()) continue;
    if (t.is_word("language") && i + 1 < tokens.size()) {
      body.language = lower(tokens[i + 1].value);
      ++i;
    } else if (body.do_block && is_string(t)) {
      text = &t;
    } else if (!body.do_block && t.is_word("as") && i + 1 < tokens.size() && is_string(tokens[i + 1])) {
      text = &tokens[i + 1];
      ++i;
    } else if (!body.do_block && t.is_word("begin") && i + 1 < tokens.size() && tokens[i + 1].is_word("atomic")) {
      // A SQL-standard body (PostgreSQL 14+): BEGIN ATOMIC statements; ... END,
      // the statement's last word (a ';' may follow it).
      std::size_t last = tokens.size() - 1;
      if (last > i + 1 && tokens[last].is_punct(";")) --last;
      if (last <= i + 1 || !tokens[last].is_word("end")) return std::nullopt;
      const Token& atomic = tokens[i + 1];
      const std::size_t start = atomic.offset + atomic.text.size();
      body.language = "sql";
      body.offset = start;
      body.text = std::string_view(atomic.text.data() + atomic.text.size(), tokens[last].offset - start);
      return body;
    }
  }
  if (text == nullptr) return std::nullopt;
  body.text = text->value;
  body.offset = value_offset(*text);
  return body;
}

BodyScan body_statements(const RoutineBody& body) {
  BodyScan out;
  if (body.language == "plpgsql") {
    const ddl::BlockScan scan = ddl::scan_plpgsql_block(body.text);
    for (const auto& statement : scan.statements) {
      out.statements.push_back(
          {std::string(statement.text), statement.offset, statement.conditional || statement.exception_guarded, true});
    }
    for (const auto& execute : scan.executes) {
      const auto constant = constant_string(execute.expression);
      const auto items = constant ? split_sql(constant->value) : std::nullopt;
      if (!items) {
        if (!out.unread_execute) out.unread_execute = execute.offset;
        continue;
      }
      const std::size_t at = execute.offset + constant->value_offset;
      for (const auto& item : *items) {
        if (item.kind != split::ItemKind::sql) continue;
        out.statements.push_back({constant->value.substr(item.start, item.end - item.start),
                                  constant->exact ? at + item.start : at,
                                  execute.conditional || execute.exception_guarded, constant->exact});
      }
    }
    // The run state follows the body's order: CREATE TABLE t, then EXECUTE 'CREATE INDEX ON t ...'.
    std::stable_sort(out.statements.begin(), out.statements.end(),
                     [](const BodyStatement& a, const BodyStatement& b) { return a.offset < b.offset; });
  } else if (body.language == "sql") {
    if (const auto items = split_sql(body.text)) {
      for (const auto& item : *items) {
        if (item.kind != split::ItemKind::sql) continue;
        out.statements.push_back({std::string(body.text.substr(item.start, item.end - item.start)), item.start});
      }
    }
    // A body the splitter cannot read: the server will say so when the
    // CREATE FUNCTION runs; there is nothing to lint in it.
  }
  return out;
}

}  // namespace pgapply::lint
