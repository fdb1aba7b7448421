#include "ddl/defaults.hpp"

#include "ddl/expression.hpp"
#include "ddl/literals.hpp"
#include "ddl/types.hpp"

namespace pgapply::ddl {

namespace {

using Kind = Term::Kind;

enum class Category { number, boolean, string, padded_string, uuid, other };

Category category_of(std::string_view type) {
  if (is_numeric_type(type)) return Category::number;
  const std::string base = without_typmod(type);
  if (base == "boolean") return Category::boolean;
  if (base == "text" || base == "character varying" || base == "name" || base == "citext") return Category::string;
  if (base == "character" || base == "bpchar") return Category::padded_string;
  if (base == "uuid") return Category::uuid;
  return Category::other;
}

// uuid input accepts upper case, braces and hyphens anywhere between digit groups.
std::string uuid_digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'F') out += static_cast<char>(c - 'A' + 'a');
    else if (c != '-' && c != '{' && c != '}') out += c;
  }
  return out;
}

std::string_view trim_trailing_spaces(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Two constants, as values of a column of `type`.
DefaultComparison compare_literals(const Term& a, const Term& b, Category category) {
  if (a.undecodable || b.undecodable) return a.value == b.value ? DefaultComparison::equal : DefaultComparison::unknown;
  // A constant's own cast decides when the column's type does not (function arguments).
  if (category == Category::other && !a.cast.empty()) category = category_of(a.cast);
  if (category == Category::other && !b.cast.empty()) category = category_of(b.cast);
  if (category == Category::other && !a.quoted && !b.quoted) {
    if (parse_bool(a.value) && (a.value == "true" || a.value == "false")) category = Category::boolean;
    else category = Category::number;
  }
  switch (category) {
    case Category::number: {
      const auto x = canonical_decimal(a.value);
      const auto y = canonical_decimal(b.value);
      if (x && y) return *x == *y ? DefaultComparison::equal : DefaultComparison::different;
      break;
    }
    case Category::boolean: {
      const auto x = parse_bool(a.value);
      const auto y = parse_bool(b.value);
      if (x && y) return *x == *y ? DefaultComparison::equal : DefaultComparison::different;
      break;
    }
    case Category::string:
      return a.value == b.value ? DefaultComparison::equal : DefaultComparison::different;
    case Category::padded_string:
      return trim_trailing_spaces(a.value) == trim_trailing_spaces(b.value) ? DefaultComparison::equal
                                                                              : DefaultComparison::different;
    case Category::uuid:
      return uuid_digits(a.value) == uuid_digits(b.value) ? DefaultComparison::equal : DefaultComparison::different;
    case Category::other:
      break;
  }
  // The server stores constants of other types in their canonical output
  // form ('2020-1-1' becomes '2020-01-01'): equal text is equal, other text
  // may still be the same value.
  return a.value == b.value ? DefaultComparison::equal : DefaultComparison::unknown;
}

// A sequence name as nextval() shows it: 'seq' or 'schema.seq' (the server
// drops a schema that is in the search path).
// Two names of an object, one of them perhaps schema-qualified: the server
// leaves the schema out where search_path finds the object (a sequence in
// nextval('s'), a function such as extensions.uuid_generate_v4()), and a
// migration may write it either way.
bool same_name(const std::string& a, const std::string& b) {
  if (a == b) return true;
  auto last = [](const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
  };
  auto qualified = [](const std::string& name) { return name.find('.') != std::string::npos; };
  return qualified(a) != qualified(b) && last(a) == last(b);
}

DefaultComparison compare_regclass(const Term& a, const Term& b) {
  return same_name(a.value, b.value) ? DefaultComparison::equal : DefaultComparison::different;
}

DefaultComparison compare_terms(const Term& a, const Term& b, std::string_view type, int depth);

// The casts of two terms, the column's type counting as no cast (the server
// shows a cast to the column's type that the migration may not have written).
bool casts_agree(const Term& a, const Term& b, std::string_view type) {
  auto effective = [type](const std::string& cast) {
    if (cast.empty() || types_match(cast, type) || without_typmod(cast) == without_typmod(type)) return std::string();
    return cast;
  };
  return effective(a.cast) == effective(b.cast);
}

DefaultComparison compare_functions(const Term& a, const Term& b, int depth) {
  if (!same_name(a.value, b.value)) return DefaultComparison::different;
  if (a.args.size() != b.args.size()) return DefaultComparison::different;
  DefaultComparison out = DefaultComparison::equal;
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    DefaultComparison arg;
    if (a.value == "nextval" && a.args[i].kind == Kind::literal && b.args[i].kind == Kind::literal) {
      arg = compare_regclass(a.args[i], b.args[i]);
    } else {
      arg = compare_terms(a.args[i], b.args[i], "", depth + 1);
    }
    if (arg == DefaultComparison::different) return arg;
    if (arg == DefaultComparison::unknown) out = arg;
  }
  return out;
}

DefaultComparison compare_terms(const Term& a, const Term& b, std::string_view type, int depth) {
  if (depth > 32) return DefaultComparison::unknown;
  const bool a_empty = a.kind == Kind::empty || a.kind == Kind::null;
  const bool b_empty = b.kind == Kind::empty || b.kind == Kind::null;
  if (a_empty || b_empty) return a_empty == b_empty ? DefaultComparison::equal : DefaultComparison::different;

  if (a.kind == Kind::literal && b.kind == Kind::literal) return compare_literals(a, b, category_of(type));

  if (a.kind == Kind::expression || b.kind == Kind::expression) {
    if (a.kind != b.kind) return DefaultComparison::unknown;
    if (a.value == b.value && casts_agree(a, b, type)) return DefaultComparison::equal;
    // The server parenthesises every operation: without the parentheses the
    // token strings are the same expression only when precedence cannot
    // matter (one operator).
    if (a.loose == b.loose && a.operators <= 1 && b.operators <= 1 && casts_agree(a, b, type)) {
      return DefaultComparison::equal;
    }
    return DefaultComparison::unknown;
  }

  // Constants, SQL value functions and function calls: different kinds, or
  // different names, are different defaults.
  if (a.kind != b.kind) return DefaultComparison::different;
  DefaultComparison out = DefaultComparison::equal;
  if (a.kind == Kind::sql_value) {
    out = a.value == b.value ? DefaultComparison::equal : DefaultComparison::different;
  } else {
    out = compare_functions(a, b, depth);
  }
  if (out == DefaultComparison::equal && !casts_agree(a, b, type)) return DefaultComparison::unknown;
  return out;
}

}  // namespace

std::string_view to_string(DefaultComparison comparison) {
  switch (comparison) {
    case DefaultComparison::equal: return "equal";
    case DefaultComparison::different: return "different";
    case DefaultComparison::unknown: return "unknown";
  }
  return "?";
}

DefaultComparison compare_defaults(std::string_view declared_default, std::string_view server_default,
                                   std::string_view normalized_type) {
  return compare_terms(parse_term(declared_default), parse_term(server_default), normalized_type, 0);
}

DefaultComparison compare_column_default(const ColumnSpec& column, std::string_view server_default) {
  if (column.generated_expression) {
    return compare_defaults(*column.generated_expression, server_default, column.type);
  }
  if (column.serial) {
    const Term server = parse_term(server_default);
    if (server.kind == Kind::function && server.value == "nextval") return DefaultComparison::equal;
    return DefaultComparison::different;
  }
  if (column.identity != IdentityKind::none) {
    return parse_term(server_default).kind == Kind::empty ? DefaultComparison::equal : DefaultComparison::different;
  }
  return compare_defaults(column.default_expression.value_or(""), server_default, column.type);
}

}  // namespace pgapply::ddl
