#include "ddl/do_statement.hpp"

#include <algorithm>
#include <string>

#include "ddl/builtin_volatility.hpp"
#include "ddl/line_index.hpp"
#include "ddl/plpgsql_block.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

// DO blocks inside DO blocks (possible through static SQL) beyond this are not analysed.
constexpr int kMaxDoNesting = 4;

// Where the body of a string token starts within the statement.
std::size_t body_offset(const lexer::Token& token) {
  if (token.kind == lexer::TokenKind::dollar_string) {
    return token.offset + (token.text.size() - token.value.size()) / 2;  // past $tag$
  }
  // '...' or E'...'. With '' inside, later offsets are a little off; lines are not.
  return token.offset + (token.text.empty() || token.text[0] == '\'' ? 1 : 2);
}

// Whether the block runs SQL that may change rows outside its statements:
// PERFORM, a FOR loop over a query, or a call of anything but PostgreSQL's own
// stable functions in a condition, an assignment or a RAISE.
bool runs_sql_outside_statements(std::string_view body, const BlockScan& scan) {
  std::string rest(body);
  for (const auto& embedded : scan.statements) {
    rest.replace(embedded.offset, embedded.text.size(), embedded.text.size(), ' ');
  }
  const auto tokens = lexer::tokenize(rest);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].is_word("perform") || calls_other_than_stable_builtin(tokens, i)) return true;
    if (tokens[i].is_word("in") && i + 1 < tokens.size()) {
      const auto& next = tokens[i + 1];
      if (next.is_word("select") || next.is_word("with") || next.is_word("update") || next.is_word("insert") ||
          next.is_word("delete") || next.is_word("values") || next.is_word("execute")) {
        return true;
      }
    }
  }
  return false;
}

// Whether the block calls a function of the user's outside its statements
// (PERFORM f(), x := f(), IF f() THEN).
bool calls_users_function_outside_statements(std::string_view body, const BlockScan& scan) {
  std::string rest(body);
  for (const auto& embedded : scan.statements) {
    rest.replace(embedded.offset, embedded.text.size(), embedded.text.size(), ' ');
  }
  return calls_users_function(rest);
}

}  // namespace

void analyse_do(TokenCursor& c, FactsBuilder& out, int nesting) {
  std::string language = "plpgsql";
  const lexer::Token* body = nullptr;
  while (!c.done()) {
    if (c.accept_word("language")) {
      if (c.peek() != nullptr) language = c.peek()->value;
      c.advance();
    } else if (c.peek()->kind == lexer::TokenKind::dollar_string || c.peek()->kind == lexer::TokenKind::string) {
      body = c.peek();
      c.advance();
    } else {
      c.advance();
    }
  }
  std::transform(language.begin(), language.end(), language.begin(),
                 [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; });
  StatementFacts& facts = out.facts();
  if (body != nullptr && language != "plpgsql") facts.changes_rows = true;  // (another language's body is not read)
  if (body == nullptr || language != "plpgsql") return;
  if (nesting >= kMaxDoNesting) {
    facts.incomplete = true;
    return;
  }

  const std::size_t base = body_offset(*body);
  const LineIndex body_lines(body->value);
  const BlockScan scan = scan_plpgsql_block(body->value);
  facts.dynamic_sql = facts.dynamic_sql || scan.dynamic_sql;
  facts.dynamic_sql_varies =
      facts.dynamic_sql_varies || (scan.dynamic_sql && (scan.varies || scan.incomplete));
  facts.incomplete = facts.incomplete || scan.incomplete;
  if (scan.dynamic_sql) {
    out.statement_hazard(HazardKind::note, "the DO block runs dynamic SQL (EXECUTE) that is not analysed");
  }
  facts.changes_rows = facts.changes_rows || scan.dynamic_sql || runs_sql_outside_statements(body->value, scan);
  // (a function of the user's it calls, PERFORM make_partition(...), may make objects: as dynamic SQL)
  facts.dynamic_sql = facts.dynamic_sql || calls_users_function_outside_statements(body->value, scan);
  for (const auto& embedded : scan.statements) {
    StatementFacts inner = analyse_statement(embedded.text, nesting + 1);
    facts.changes_rows = facts.changes_rows || !inner.recognised || inner.changes_rows;
    const std::size_t offset = base + embedded.offset;
    // the body's first line within the statement, plus the lines before the embedded statement
    const std::size_t first_line = out.line_at(base) + body_lines.line_of(embedded.offset) - 1;
    // where the embedded statement is in the DO statement, and how surely it runs
    auto place = [&](Location& location) {
      location.line += first_line - 1;
      location.offset += offset;
      location.from_do_block = true;
      location.conditional = location.conditional || embedded.conditional;
      location.exception_guarded = location.exception_guarded || embedded.exception_guarded;
      location.data_dependent = location.data_dependent || embedded.data_dependent;
    };
    for (auto& declaration : inner.declarations) {
      place(declaration.location);
      facts.declarations.push_back(std::move(declaration));
    }
    for (auto& change : inner.cluster_changes) {
      place(change.location);
      facts.cluster_changes.push_back(std::move(change));
    }
    for (auto& requirement : inner.requirements) {
      requirement.line += first_line - 1;
      const bool known = std::any_of(facts.requirements.begin(), facts.requirements.end(),
                                     [&](const VersionRequirement& r) { return r.feature == requirement.feature; });
      if (!known) facts.requirements.push_back(std::move(requirement));
    }
    for (const auto& lock : inner.locks) merge_lock(facts.locks, lock);
    facts.hazards.insert(facts.hazards.end(), inner.hazards.begin(), inner.hazards.end());
    facts.dynamic_sql = facts.dynamic_sql || inner.dynamic_sql;
    facts.sets_default_privileges = facts.sets_default_privileges || inner.sets_default_privileges;
    // (a DO block within one that varies runs as the outer one decides)
    facts.dynamic_sql_varies = facts.dynamic_sql_varies || (inner.dynamic_sql && (inner.dynamic_sql_varies || scan.varies));
    facts.incomplete = facts.incomplete || inner.incomplete;
  }
}

}  // namespace pgapply::ddl
