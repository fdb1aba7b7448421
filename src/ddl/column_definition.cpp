#include "ddl/column_definition.hpp"

#include "ddl/constraint_clause.hpp"
#include "ddl/types.hpp"

namespace pgapply::ddl {

namespace {

bool is_clause_word(const lexer::Token& t) {
  static constexpr std::string_view words[] = {
      "constraint", "not",      "null",      "default",     "primary", "unique",  "references", "check",
      "generated",  "collate",  "deferrable", "initially", "compression", "storage", "using"};
  if (t.kind != lexer::TokenKind::word) return false;
  for (auto word : words) {
    if (t.value == word) return true;
  }
  return false;
}

// DEFAULT's expression: at least one element, then up to the next
// depth-0 clause word (a default is a b_expr: no NOT, no COLLATE).
TokenRange default_range(TokenCursor& c) {
  const std::size_t begin = c.pos();
  c.skip_element();
  const std::size_t end = c.find_at_depth0(is_clause_word);
  c.seek(end);
  return {begin, end};
}

void parse_generated(TokenCursor& c, ParsedColumn& out) {
  if (c.accept_word("always")) {
    if (c.accept_words({"as", "identity"})) {
      out.spec.identity = IdentityKind::always;
      out.features.push_back(Feature::identity_column);
      c.skip_group();  // sequence options
      return;
    }
    if (c.accept_word("as")) {
      if (const auto inside = c.accept_parenthesised()) out.spec.generated_expression = c.text(*inside);
      out.spec.generated_virtual = !c.accept_word("stored");
      c.accept_word("virtual");
      out.features.push_back(Feature::generated_column);
    }
    return;
  }
  if (c.accept_words({"by", "default", "as", "identity"})) {
    out.spec.identity = IdentityKind::by_default;
    out.features.push_back(Feature::identity_column);
    c.skip_group();
  }
}

void add_constraint(ParsedColumn& out, ParsedConstraint constraint) {
  ConstraintSpec& spec = constraint.spec;
  spec.columns = {out.spec.name};
  if (spec.kind == ConstraintKind::primary_key) out.spec.primary_key = true;
  if (spec.kind == ConstraintKind::unique) out.spec.unique = true;
  if (spec.kind == ConstraintKind::foreign_key) out.spec.references = spec.references;
  out.features.insert(out.features.end(), constraint.features.begin(), constraint.features.end());
  out.spec.constraints.push_back(std::move(spec));
}

}  // namespace

std::size_t type_end(const TokenCursor& c) {
  return c.find_at_depth0([](const lexer::Token& t) { return is_clause_word(t) || t.is_punct(","); });
}

std::vector<Feature> type_features(const std::string& normalized_type) {
  const std::string base = without_typmod(normalized_type);
  if (base == "json" || base == "json[]") return {Feature::json_type};
  if (base == "jsonb" || base == "jsonb[]") return {Feature::jsonb_type};
  return {};
}

std::vector<Feature> expression_features(std::string_view expression) {
  const auto tokens = lexer::tokenize(expression);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].is_word("gen_random_uuid") || !tokens[i + 1].is_punct("(")) continue;
    // extensions.gen_random_uuid(): pgcrypto's, in the schema it was created in
    if (i >= 2 && tokens[i - 1].is_punct(".") && !tokens[i - 2].is_word("pg_catalog")) continue;
    return {Feature::gen_random_uuid};
  }
  return {};
}

std::optional<ParsedColumn> parse_column_definition(TokenCursor& c) {
  ParsedColumn out;
  out.name_token = c.pos();
  const auto name = c.accept_name();
  if (!name) return std::nullopt;
  out.spec.name = *name;

  // a typed table's column (CREATE TABLE t OF type (a WITH OPTIONS ...)): the type's
  const bool typed_table_column = c.accept_words({"with", "options"});
  const std::size_t type_begin = c.pos();
  const std::size_t type_stop = typed_table_column ? type_begin : type_end(c);
  if (type_stop > type_begin) {
    out.spec.declared_type = c.collapsed_text({type_begin, type_stop});
    const TypeInfo type = analyse_type(out.spec.declared_type);
    out.spec.type = type.text;
    out.spec.serial = type.serial;
    for (auto feature : type_features(type.text)) out.features.push_back(feature);
    c.seek(type_stop);
  }

  std::string pending_name;  // CONSTRAINT name before the next constraint
  while (!c.done()) {
    if (c.accept_word("constraint")) {
      pending_name = c.accept_name().value_or("");
      continue;
    }
    ParsedConstraint constraint;
    constraint.spec.name = pending_name;
    pending_name.clear();
    if (c.accept_words({"not", "null"})) {
      out.spec.declared_not_null = true;
    } else if (c.accept_word("null")) {
      out.spec.declared_not_null = false;
    } else if (c.accept_word("default")) {
      out.spec.default_expression = c.text(default_range(c));
      for (auto feature : expression_features(*out.spec.default_expression)) out.features.push_back(feature);
    } else if (c.accept_words({"primary", "key"})) {
      constraint.spec.kind = ConstraintKind::primary_key;
      parse_constraint_attributes(c, constraint);
      add_constraint(out, std::move(constraint));
    } else if (c.accept_word("unique")) {
      constraint.spec.kind = ConstraintKind::unique;
      if (c.accept_word("nulls")) {
        constraint.spec.nulls_not_distinct = c.accept_word("not");
        c.accept_word("distinct");
        if (constraint.spec.nulls_not_distinct) constraint.features.push_back(Feature::nulls_not_distinct);
      }
      parse_constraint_attributes(c, constraint);
      add_constraint(out, std::move(constraint));
    } else if (c.accept_word("references")) {
      constraint.spec.kind = ConstraintKind::foreign_key;
      parse_references(c, constraint.spec);
      parse_constraint_attributes(c, constraint);
      add_constraint(out, std::move(constraint));
    } else if (c.accept_word("check")) {
      constraint.spec.kind = ConstraintKind::check;
      if (const auto inside = c.accept_parenthesised()) constraint.spec.expression = c.text(*inside);
      parse_constraint_attributes(c, constraint);
      add_constraint(out, std::move(constraint));
    } else if (c.accept_word("generated")) {
      parse_generated(c, out);
    } else if (c.accept_word("collate")) {
      if (const auto collation = c.accept_qualified_name()) out.spec.collation = collation->to_string();
    } else if (c.accept_word("compression")) {
      c.accept_name();
      out.features.push_back(Feature::column_compression);
    } else if (c.accept_word("storage")) {
      c.accept_name();
    } else if (!parse_constraint_attributes(c, constraint)) {
      c.skip_element();  // anything this code does not model
    } else if (!out.spec.constraints.empty()) {
      // DEFERRABLE and friends after a constraint belong to it
      auto& last = out.spec.constraints.back();
      last.deferrable = last.deferrable || constraint.spec.deferrable;
      last.initially_deferred = last.initially_deferred || constraint.spec.initially_deferred;
    }
  }
  out.spec.not_null = out.spec.declared_not_null || out.spec.primary_key || out.spec.serial ||
                      out.spec.identity != IdentityKind::none;
  return out;
}

}  // namespace pgapply::ddl
