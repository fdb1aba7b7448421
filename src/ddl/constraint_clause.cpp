#include "ddl/constraint_clause.hpp"

namespace pgapply::ddl {

namespace {

// ON DELETE / ON UPDATE action: NO ACTION, RESTRICT, CASCADE, SET NULL
// [(cols)], SET DEFAULT [(cols)].
std::string parse_referential_action(TokenCursor& c) {
  if (c.accept_words({"no", "action"})) return "NO ACTION";
  if (c.accept_word("restrict")) return "RESTRICT";
  if (c.accept_word("cascade")) return "CASCADE";
  if (c.accept_words({"set", "null"})) {
    c.skip_group();
    return "SET NULL";
  }
  if (c.accept_words({"set", "default"})) {
    c.skip_group();
    return "SET DEFAULT";
  }
  return "";
}

// UNIQUE / PRIMARY KEY body: [NULLS [NOT] DISTINCT] (columns) | USING INDEX name.
void parse_key(TokenCursor& c, ParsedConstraint& out) {
  if (c.accept_word("nulls")) {
    out.spec.nulls_not_distinct = c.accept_word("not");
    c.accept_word("distinct");
    if (out.spec.nulls_not_distinct) out.features.push_back(Feature::nulls_not_distinct);
  }
  if (c.at_punct("(")) {
    out.spec.columns = parse_name_list(c);
  } else if (c.accept_words({"using", "index"})) {
    out.spec.using_index = c.accept_name().value_or("");
  }
}

}  // namespace

std::vector<std::string> parse_name_list(TokenCursor& c) {
  std::vector<std::string> out;
  const auto inside = c.accept_parenthesised();
  if (!inside) return out;
  for (const auto& piece : c.split_commas(*inside)) {
    TokenCursor item = c.sub(piece);
    // A key column may carry an operator class or ordering: keep its name.
    if (item.at_name()) out.push_back(item.peek()->value);
    else out.push_back(c.collapsed_text(piece));
  }
  return out;
}

bool at_table_constraint(const TokenCursor& c) {
  if (c.at_any_word({"constraint", "check", "unique"})) return true;
  if (c.at_word("primary") && c.at_word("key", 1)) return true;
  if (c.at_word("foreign") && c.at_word("key", 1)) return true;
  if (c.at_word("exclude") && (c.at_word("using", 1) || c.at_punct("(", 1))) return true;
  return false;
}

void parse_references(TokenCursor& c, ConstraintSpec& spec) {
  if (auto table = c.accept_qualified_name()) spec.references = *table;
  if (c.at_punct("(")) spec.referenced_columns = parse_name_list(c);
  while (!c.done()) {
    if (c.accept_word("match")) {
      if (c.accept_word("full")) spec.match_full = true;
      else c.advance();  // PARTIAL, SIMPLE
    } else if (c.accept_words({"on", "delete"})) {
      spec.on_delete = parse_referential_action(c);
    } else if (c.accept_words({"on", "update"})) {
      spec.on_update = parse_referential_action(c);
    } else {
      break;
    }
  }
}

bool parse_constraint_attributes(TokenCursor& c, ParsedConstraint& constraint) {
  bool any = false;
  while (!c.done()) {
    if (c.accept_word("deferrable")) {
      constraint.spec.deferrable = true;
    } else if (c.accept_words({"not", "deferrable"})) {
      constraint.spec.deferrable = false;
    } else if (c.accept_words({"initially", "deferred"})) {
      constraint.spec.initially_deferred = true;
    } else if (c.accept_words({"initially", "immediate"})) {
      constraint.spec.initially_deferred = false;
    } else if (c.accept_words({"not", "valid"})) {
      constraint.spec.not_valid = true;
      constraint.features.push_back(constraint.spec.kind == ConstraintKind::foreign_key
                                        ? Feature::foreign_key_not_valid
                                        : Feature::check_not_valid);
    } else if (c.accept_words({"not", "enforced"})) {
      constraint.spec.not_enforced = true;
    } else if (c.accept_word("enforced")) {
      constraint.spec.not_enforced = false;
    } else if (c.accept_words({"no", "inherit"})) {
      constraint.spec.no_inherit = true;
    } else if (c.accept_word("include")) {
      constraint.spec.include = parse_name_list(c);
      constraint.features.push_back(Feature::index_include);
    } else if (c.accept_word("with")) {
      c.skip_group();
    } else if (c.accept_words({"using", "index", "tablespace"})) {
      c.accept_name();
    } else {
      break;
    }
    any = true;
  }
  return any;
}

std::optional<ParsedConstraint> parse_table_constraint(TokenCursor& c) {
  ParsedConstraint out;
  if (c.accept_word("constraint")) out.spec.name = c.accept_name().value_or("");
  if (c.accept_word("check")) {
    out.spec.kind = ConstraintKind::check;
    if (const auto inside = c.accept_parenthesised()) out.spec.expression = c.text(*inside);
  } else if (c.accept_word("unique")) {
    out.spec.kind = ConstraintKind::unique;
    parse_key(c, out);
  } else if (c.accept_words({"primary", "key"})) {
    out.spec.kind = ConstraintKind::primary_key;
    parse_key(c, out);
  } else if (c.accept_words({"foreign", "key"})) {
    out.spec.kind = ConstraintKind::foreign_key;
    out.spec.columns = parse_name_list(c);
    if (c.accept_word("references")) parse_references(c, out.spec);
  } else if (c.accept_word("exclude")) {
    out.spec.kind = ConstraintKind::exclusion;
    if (c.accept_word("using")) c.accept_name();
    if (const auto inside = c.accept_parenthesised()) out.spec.expression = c.text(*inside);
  } else if (c.accept_words({"not", "null"})) {
    out.spec.kind = ConstraintKind::not_null;
    if (auto column = c.accept_name()) out.spec.columns.push_back(*column);
  } else {
    return std::nullopt;
  }
  while (!c.done()) {
    if (parse_constraint_attributes(c, out)) continue;
    if (out.spec.kind == ConstraintKind::exclusion && c.accept_word("where")) {
      if (const auto inside = c.accept_parenthesised()) out.spec.where = c.text(*inside);
      continue;
    }
    c.skip_element();  // anything this code does not model
  }
  return out;
}

}  // namespace pgapply::ddl
