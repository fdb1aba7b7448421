#pragma once

#include <string>
#include <string_view>

namespace pgapply::ddl {

// A possibly schema-qualified object name, folded as PostgreSQL folds names:
// unquoted names lower-cased (ASCII letters only), quoted names kept exactly
// (lexer::Token::value already holds them that way).
struct QualifiedName {
  std::string schema;  // empty when unqualified
  std::string name;

  bool empty() const { return name.empty(); }
  // As PostgreSQL prints it (regclass, format_type): each part quoted only
  // when it needs quotes ("User", "order"), the schema only when given;
  // "" for an empty name.
  std::string to_string() const;
  friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

// Whether `name` must be double-quoted to be read back as itself: it is not
// all lower-case letters, digits and underscores (not starting with a digit),
// or it is a keyword PostgreSQL does not accept as a bare name (the server's
// quote_identifier() rule).
bool needs_quotes(std::string_view name);

// `name`, double-quoted (with " doubled) when needs_quotes().
std::string quote_identifier(std::string_view name);

}  // namespace pgapply::ddl
