#include "lint/routine_body.hpp"

#include <exception>

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
    out.dynamic_sql = scan.dynamic_sql;
    for (const auto& statement : scan.statements) {
      out.statements.push_back({statement.text, statement.offset, statement.conditional || statement.exception_guarded});
    }
  } else if (body.language == "sql") {
    try {
      for (const auto& item : split::split(body.text)) {
        if (item.kind != split::ItemKind::sql) continue;
        out.statements.push_back({body.text.substr(item.start, item.end - item.start), item.start, false});
      }
    } catch (const std::exception&) {
      // A body the splitter cannot read: the server will say so when the
      // CREATE FUNCTION runs; there is nothing to lint in it.
    }
  }
  return out;
}

}  // namespace pgapply::lint
