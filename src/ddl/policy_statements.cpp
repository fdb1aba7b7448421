// CREATE POLICY name ON table [AS PERMISSIVE|RESTRICTIVE] [FOR command] [TO roles]
//   [USING (expr)] [WITH CHECK (expr)]
// ALTER POLICY name ON table RENAME TO new | [TO roles] [USING (expr)] [WITH CHECK (expr)]

#include "ddl/lock_facts.hpp"
#include "ddl/statement_parsers.hpp"

namespace pgapply::ddl {

namespace {

// TO roles: up to the next clause.
std::vector<std::string> parse_roles(TokenCursor& c) {
  std::vector<std::string> roles;
  const std::size_t end = c.find_at_depth0([](const lexer::Token& t) { return t.is_word("using") || t.is_word("with"); });
  for (const auto& piece : c.split_commas({c.pos(), end})) roles.push_back(c.collapsed_text(piece));
  c.seek(end);
  return roles;
}

void parse_policy_clauses(TokenCursor& c, PolicySpec& policy) {
  while (!c.done()) {
    if (c.accept_word("as")) {
      policy.permissive = !c.accept_word("restrictive");
      if (policy.permissive) c.accept_word("permissive");
    } else if (c.accept_word("for")) {
      if (c.peek() != nullptr) policy.command = to_upper(c.peek()->value);
      c.advance();
    } else if (c.accept_word("to")) {
      policy.roles = parse_roles(c);
    } else if (c.accept_word("using")) {
      if (const auto inside = c.accept_parenthesised()) policy.using_expression = c.text(*inside);
    } else if (c.accept_words({"with", "check"})) {
      if (const auto inside = c.accept_parenthesised()) policy.check_expression = c.text(*inside);
    } else {
      c.skip_element();
    }
  }
}

// name ON table
bool parse_policy_target(TokenCursor& c, Declaration& d) {
  const auto name = c.accept_name();
  if (!name || !c.accept_word("on")) return false;
  const auto table = c.accept_qualified_name();
  if (!table) return false;
  d.parent = *table;
  d.name = QualifiedName{table->schema, *name};  // a policy lives in its table's schema
  return true;
}

}  // namespace

void parse_create_policy(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::policy, Action::create, start);
  out.require(Feature::row_level_security, start);
  if (!parse_policy_target(c, d)) return;
  PolicySpec policy;
  policy.command = "ALL";
  parse_policy_clauses(c, policy);
  d.policy = std::move(policy);
  assess_policy(d);
  out.add(std::move(d));
}

void parse_alter_policy(TokenCursor& c, FactsBuilder& out, std::size_t start) {
  Declaration d = out.make(ObjectKind::policy, Action::alter, start);
  out.require(Feature::row_level_security, start);
  if (!parse_policy_target(c, d)) return;
  if (c.accept_words({"rename", "to"})) {
    d.change = Change::rename;
    d.new_name = c.accept_name().value_or("");
  } else {
    d.change = Change::other;
    PolicySpec policy;
    parse_policy_clauses(c, policy);
    d.policy = std::move(policy);
  }
  assess_policy(d);
  out.add(std::move(d));
}

}  // namespace pgapply::ddl
