#include "ddl/types.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <vector>

#include "ddl/qualified_name.hpp"
#include "ddl/token_cursor.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

using lexer::TokenKind;

// A type name resolved to PostgreSQL's internal name (int4, varchar...) or
// kept as a user type, with what follows it.
struct ResolvedType {
  std::string schema;      // only for user types
  std::string name;        // internal name for builtins
  bool builtin = false;
  bool sql_char = false;   // CHAR / CHARACTER keyword: no length means (1)
  bool sql_bit = false;    // BIT keyword: no length means (1)
  bool serial = false;
  std::optional<int> float_precision;  // FLOAT(p)
  std::vector<std::string> typmods;
  std::string with_time_zone;  // "with" or "without" when written
  std::string interval_fields; // "day to second"...
};

bool parse_int(std::string_view text, int& out) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// Internal names of the builtin types format_type() prints specially, and
// their SQL spellings.
std::string_view internal_from_keyword(std::string_view word) {
  if (word == "int" || word == "integer" || word == "int4") return "int4";
  if (word == "smallint" || word == "int2") return "int2";
  if (word == "bigint" || word == "int8") return "int8";
  if (word == "real" || word == "float4") return "float4";
  if (word == "float8") return "float8";
  if (word == "boolean" || word == "bool") return "bool";
  if (word == "decimal" || word == "dec" || word == "numeric") return "numeric";
  if (word == "varchar") return "varchar";
  if (word == "bpchar") return "bpchar";
  if (word == "varbit") return "varbit";
  if (word == "timestamptz") return "timestamptz";
  if (word == "timetz") return "timetz";
  return {};
}

// Names PostgreSQL resolves by the catalog (quoted, or qualified with
// pg_catalog) that format_type() prints differently.
bool is_special_internal(std::string_view name) {
  static constexpr std::array<std::string_view, 16> names = {
      "bit", "bool", "bpchar", "float4", "float8", "int2", "int4", "int8", "interval", "numeric",
      "time", "timestamp", "timestamptz", "timetz", "varbit", "varchar"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Common pg_catalog types printed as their own name; enough to recognise
// `_name` as an array and pg_catalog.name as builtin.
bool is_plain_builtin(std::string_view name) {
  static constexpr std::array<std::string_view, 40> names = {
      "bytea", "char", "cidr", "circle", "date", "daterange", "box", "inet", "int4range",
      "int8range", "json", "jsonb", "jsonpath", "line", "lseg", "macaddr", "macaddr8", "money",
      "name", "numrange", "oid", "path", "pg_lsn", "point", "polygon", "regclass", "regproc",
      "regtype", "text", "tsquery", "tsrange", "tstzrange", "tsvector", "uuid", "xml", "xid",
      "xid8", "regnamespace", "regrole", "cstring"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Reads "(a, b)" after a type name into typmods.
bool read_typmods(TokenCursor& c, std::vector<std::string>& typmods) {
  const auto inside = c.accept_parenthesised();
  if (!inside) return true;
  if (inside->end >= c.end()) return false;  // unclosed
  for (const auto& piece : c.split_commas(*inside)) {
    if (piece.empty()) return false;
    typmods.push_back(c.collapsed_text(piece));
  }
  return true;
}

void read_time_zone(TokenCursor& c, ResolvedType& type) {
  if (c.accept_words({"with", "time", "zone"})) {
    type.with_time_zone = "with";
  } else if (c.accept_words({"without", "time", "zone"})) {
    type.with_time_zone = "without";
  }
}

bool is_interval_field(const TokenCursor& c, std::size_t ahead = 0) {
  return c.at_any_word({"year", "month", "day", "hour", "minute", "second"}, ahead);
}

// INTERVAL [fields] [(p)] / INTERVAL(p)
bool read_interval(TokenCursor& c, ResolvedType& type) {
  if (c.at_punct("(")) return read_typmods(c, type.typmods);
  if (!is_interval_field(c)) return true;
  type.interval_fields = c.peek()->value;
  c.advance();
  if (c.at_word("to") && is_interval_field(c, 1)) {
    type.interval_fields += " to " + c.peek(1)->value;
    c.advance(2);
  }
  // Only SECOND takes a precision: "interval day to second(3)".
  if (type.interval_fields.ends_with("second")) return read_typmods(c, type.typmods);
  return true;
}

// The SQL keyword spellings: only unquoted and unqualified.
bool resolve_keyword_type(TokenCursor& c, ResolvedType& type) {
  const std::string word = c.peek()->value;
  c.advance();
  type.builtin = true;
  if (word == "double") {
    if (!c.accept_word("precision")) return false;
    type.name = "float8";
    return true;
  }
  if (word == "serial" || word == "serial4" || word == "bigserial" || word == "serial8" ||
      word == "smallserial" || word == "serial2") {
    type.serial = true;
    type.name = word == "serial" || word == "serial4" ? "int4"
                : word == "smallserial" || word == "serial2" ? "int2"
                                                               : "int8";
    return true;
  }
  if (word == "float") {
    std::vector<std::string> precision;
    if (!read_typmods(c, precision) || precision.size() > 1) return false;
    type.name = "float8";
    if (precision.size() == 1) {
      int p = 0;
      if (!parse_int(precision[0], p) || p < 1 || p > 53) return false;
      type.name = p <= 24 ? "float4" : "float8";
    }
    return true;
  }
  if (word == "national" || word == "nchar" || word == "character" || word == "char") {
    if (word == "national" && !c.accept_word("character") && !c.accept_word("char")) return false;
    if (c.accept_word("varying")) {
      type.name = "varchar";
    } else {
      type.name = "bpchar";
      type.sql_char = true;
    }
    return read_typmods(c, type.typmods);
  }
  if (word == "bit") {
    if (c.accept_word("varying")) {
      type.name = "varbit";
    } else {
      type.name = "bit";
      type.sql_bit = true;
    }
    return read_typmods(c, type.typmods);
  }
  if (word == "timestamp" || word == "time") {
    type.name = word;
    if (!read_typmods(c, type.typmods)) return false;
    read_time_zone(c, type);
    if (type.with_time_zone == "with") type.name += "tz";
    return true;
  }
  if (word == "interval") {
    type.name = "interval";
    return read_interval(c, type);
  }
  const auto internal = internal_from_keyword(word);
  if (internal.empty()) {
    type.builtin = is_plain_builtin(word);
    type.name = word;
    return read_typmods(c, type.typmods);
  }
  type.name = std::string(internal);
  if (!read_typmods(c, type.typmods)) return false;
  if (type.name == "timestamptz" || type.name == "timetz") read_time_zone(c, type);
  return true;
}

// A name resolved through the catalog: quoted or schema-qualified.
bool resolve_catalog_type(TokenCursor& c, ResolvedType& type) {
  auto name = c.accept_qualified_name();
  if (!name) return false;
  if (name->schema == "pg_catalog") name->schema.clear();
  type.name = name->name;
  type.schema = name->schema;
  if (type.schema.empty()) type.builtin = is_special_internal(type.name) || is_plain_builtin(type.name);
  return read_typmods(c, type.typmods);
}

std::string with_typmods(std::string base, const std::vector<std::string>& typmods) {
  if (typmods.empty()) return base;
  base += '(';
  for (std::size_t i = 0; i < typmods.size(); ++i) {
    if (i > 0) base += ',';
    base += typmods[i];
  }
  base += ')';
  return base;
}

// format_type() of a resolved type, or nullopt when its typmods are invalid.
std::optional<std::string> format(const ResolvedType& type) {
  const auto& n = type.name;
  const auto& mods = type.typmods;
  if (type.schema.empty()) {
    if (n == "int2" || n == "int4" || n == "int8" || n == "float4" || n == "float8" || n == "bool") {
      if (!mods.empty()) return std::nullopt;
      if (n == "int2") return "smallint";
      if (n == "int4") return "integer";
      if (n == "int8") return "bigint";
      if (n == "float4") return "real";
      if (n == "float8") return "double precision";
      return "boolean";
    }
    if (n == "bpchar" || n == "varchar" || n == "bit" || n == "varbit") {
      if (mods.size() > 1) return std::nullopt;
      const std::string base = n == "bpchar" ? "character" : n == "varchar" ? "character varying"
                               : n == "bit"  ? "bit"       : "bit varying";
      if (!mods.empty()) return with_typmods(base, mods);
      // CHAR and BIT mean length 1; the bare internal names mean "no
      // length", which format_type prints under the catalog name.
      if (type.sql_char || type.sql_bit) return base + "(1)";
      if (n == "bpchar") return "bpchar";
      if (n == "bit") return "\"bit\"";
      return base;
    }
    if (n == "numeric") {
      if (mods.size() > 2) return std::nullopt;
      if (mods.size() == 1) return "numeric(" + mods[0] + ",0)";
      return with_typmods("numeric", mods);
    }
    if (n == "timestamp" || n == "timestamptz" || n == "time" || n == "timetz") {
      if (mods.size() > 1) return std::nullopt;
      const bool tz = n.ends_with("tz");
      const std::string base = n.starts_with("timestamp") ? "timestamp" : "time";
      return with_typmods(base, mods) + (tz ? " with time zone" : " without time zone");
    }
    if (n == "interval") {
      if (mods.size() > 1) return std::nullopt;
      std::string out = "interval";
      if (!type.interval_fields.empty()) out += " " + type.interval_fields;
      return with_typmods(out, mods);
    }
  }
  std::string out;
  if (!type.schema.empty()) out = quote_identifier(type.schema) + ".";
  out += quote_identifier(n);
  return with_typmods(out, mods);
}

// `_int4` names the array of int4, `_mood` the array of the user's mood
// (PostgreSQL names an array type so; a type of the user's named with a
// leading underscore itself is all but unheard of: its array is `__mood`).
void resolve_array_name(ResolvedType& type, bool& array) {
  if (type.name.size() < 2 || type.name[0] != '_') return;
  const std::string element = type.name.substr(1);
  const bool builtin = is_special_internal(element) || is_plain_builtin(element);
  if (builtin && !type.schema.empty()) return;
  type.name = element;
  type.builtin = builtin;
  array = true;
}

}  // namespace

TypeInfo analyse_type(std::string_view declared) {
  TypeInfo info;
  const auto tokens = lexer::tokenize(declared);
  TokenCursor c(declared, tokens);
  info.text = c.collapsed_text({0, tokens.size()});
  if (tokens.empty()) return info;

  ResolvedType type;
  const bool keyword = c.peek()->kind == TokenKind::word && !c.at_punct(".", 1);
  if (keyword ? !resolve_keyword_type(c, type) : !resolve_catalog_type(c, type)) return info;

  bool array = false;
  resolve_array_name(type, array);
  while (!c.done()) {
    if (c.at_punct("[")) {
      c.skip_group();
      array = true;
    } else if (c.accept_word("array")) {
      if (c.at_punct("[")) c.skip_group();
      array = true;
    } else {
      return info;  // something after the type: not a type name alone
    }
  }
  const auto text = format(type);
  if (!text) return info;
  info.text = *text + (array ? "[]" : "");
  info.recognised = true;
  info.builtin = type.builtin;
  info.array = array;
  info.serial = type.serial && !array;
  return info;
}

std::string normalize_type(std::string_view declared) { return analyse_type(declared).text; }

namespace {

// The type name without a leading "schema." (when there is one).
std::string_view unqualified(std::string_view type) {
  const auto tokens = lexer::tokenize(type);
  if (tokens.size() >= 3 && tokens[0].is_name() && tokens[1].is_punct(".") && tokens[2].is_name()) {
    return type.substr(tokens[2].offset);
  }
  return type;
}

}  // namespace

bool types_match(std::string_view normalized_declared, std::string_view server_type) {
  if (normalized_declared == server_type) return true;
  return unqualified(normalized_declared) == unqualified(server_type);
}

std::string without_typmod(std::string_view normalized) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (char ch : normalized) {
    if (ch == '"') quoted = !quoted;
    if (!quoted && ch == '(') {
      ++depth;
      continue;
    }
    if (!quoted && ch == ')' && depth > 0) {
      --depth;
      continue;
    }
    if (depth == 0) out += ch;
  }
  return out;
}

std::optional<QualifiedName> user_type_name(std::string_view normalized) {
  const TypeInfo info = analyse_type(normalized);
  if (!info.recognised || info.builtin || info.array) return std::nullopt;
  const auto tokens = lexer::tokenize(normalized);
  if (tokens.size() == 1 && tokens[0].is_name()) return QualifiedName{"", tokens[0].value};
  if (tokens.size() == 3 && tokens[0].is_name() && tokens[1].is_punct(".") && tokens[2].is_name()) {
    return QualifiedName{tokens[0].value, tokens[2].value};
  }
  return std::nullopt;
}

}  // namespace pgapply::ddl
