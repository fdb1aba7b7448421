#include "schema/partition_bounds.hpp"

#include <cctype>
#include <vector>

#include "lexer/tokenizer.hpp"

namespace pgapply::schema {

namespace {

struct PartitionKey {
  std::string strategy;            // "range", "list", "hash"
  std::vector<std::string> parts;  // each key column or expression, as written
};

// "RANGE (a, lower(b))" read; nullopt for a part with a COLLATE or an
// operator class after it (pg_get_partkeydef writes either after the
// column or expression), or anything else it does not expect.
std::optional<PartitionKey> read_key(const std::string& text) {
  const auto tokens = lexer::tokenize(text);
  if (tokens.size() < 4 || tokens[0].kind != lexer::TokenKind::word || !tokens[1].is_punct("(") ||
      !tokens.back().is_punct(")")) {
    return std::nullopt;
  }
  PartitionKey key{tokens[0].value, {}};
  lexer::BracketDepth depth;
  std::size_t part_begin = 2;
  std::size_t words_at_depth0 = 0;  // names of the part outside brackets: more than one is a COLLATE or opclass
  for (std::size_t i = 2; i + 1 < tokens.size(); ++i) {
    const lexer::Token& token = tokens[i];
    const bool bracket = depth.step(token);
    if (depth.depth == 0 && !bracket) {
      if (token.is_punct(",")) {
        if (i == part_begin || words_at_depth0 > 1) return std::nullopt;
        key.parts.emplace_back(text.substr(tokens[part_begin].offset, token.offset - tokens[part_begin].offset));
        part_begin = i + 1;
        words_at_depth0 = 0;
        continue;
      }
      if (token.is_name()) ++words_at_depth0;
      else if (!token.closes_bracket()) return std::nullopt;  // an operator outside brackets: not as written by it
    }
  }
  const lexer::Token& last = tokens[tokens.size() - 1];
  if (part_begin >= tokens.size() - 1 || words_at_depth0 > 1) return std::nullopt;
  key.parts.emplace_back(text.substr(tokens[part_begin].offset, last.offset - tokens[part_begin].offset));
  for (auto& part : key.parts) {
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (part.empty()) return std::nullopt;
  }
  return key;
}

// Whether an expression key casts to a type with a typmod ("(k)::numeric(10,1)",
// "(k)::character varying(3)"): the bound is converted to it, rounded or cut.
bool casts_with_typmod(const std::string& part) {
  const auto tokens = lexer::tokenize(part);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].is_punct("::")) continue;
    std::size_t j = i + 1;
    while (j < tokens.size() && tokens[j].is_name()) ++j;
    if (j < tokens.size() && tokens[j].is_punct("(")) return true;
  }
  return false;
}

bool is_word(const std::string& value, std::string_view word) {
  if (value.size() != word.size()) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != word[i]) return false;
  }
  return true;
}

// `value` as PostgreSQL takes it for a bound of a key of `type`; nullopt
// for a value it cannot say that of (an expression key's, not quoted).
std::optional<std::string> converted(const std::string& value, const std::string& type) {
  if (!type.empty()) return "CAST(" + value + " AS " + type + ")";
  // (a quoted literal is converted to the expression's type by the comparison too; so is a
  // whole number, which no type rounds)
  const auto tokens = lexer::tokenize(value);
  if (tokens.size() != 1) return std::nullopt;
  const bool whole = tokens[0].kind == lexer::TokenKind::number &&
                     tokens[0].text.find_first_not_of("0123456789") == std::string_view::npos;
  if (tokens[0].kind != lexer::TokenKind::string && !whole) return std::nullopt;
  return value;
}

std::string row_of(const std::vector<std::string>& values, std::size_t count) {
  if (count == 1) return "(" + values[0] + ")";
  std::string out = "ROW(";
  for (std::size_t i = 0; i < count; ++i) out += (i == 0 ? "" : ", ") + values[i];
  return out + ")";
}

// One side of a range: the key against `bound` with `op` (">=" from,
// "<" to), MINVALUE and MAXVALUE cutting the comparison short as
// PostgreSQL's partition constraint does; "" when that side takes every row.
std::optional<std::string> range_side(const std::vector<std::string>& key, const std::vector<std::string>& bound,
                                      bool lower) {
  std::size_t finite = 0;
  while (finite < bound.size() && !is_word(bound[finite], "minvalue") && !is_word(bound[finite], "maxvalue")) {
    ++finite;
  }
  std::string op = lower ? ">=" : "<";
  if (finite < bound.size()) {
    const bool min = is_word(bound[finite], "minvalue");
    if (finite == 0) {
      if (lower == min) return std::string();  // FROM (MINVALUE), TO (MAXVALUE): no limit
      return std::string("false");               // FROM (MAXVALUE), TO (MINVALUE): nothing
    }
    // (a, MINVALUE) from: (k1) >= (a); (a, MAXVALUE) from: > ; to (a, MAXVALUE): <= ; to (a, MINVALUE): <
    op = lower ? (min ? ">=" : ">") : (min ? "<" : "<=");
  }
  return row_of(key, finite) + " " + op + " " + row_of(bound, finite);
}

}  // namespace

std::vector<std::string> partition_key_parts(const std::string& partition_key) {
  const auto key = read_key(partition_key);
  return key ? key->parts : std::vector<std::string>{};
}

std::optional<std::string> partition_condition(const std::string& partition_key,
                                               const std::vector<std::string>& key_types,
                                               const ddl::PartitionBound& bound) {
  const auto key = read_key(partition_key);
  if (!key || key_types.size() != key->parts.size()) return std::nullopt;
  for (std::size_t i = 0; i < key->parts.size(); ++i) {
    if (key_types[i].empty() && casts_with_typmod(key->parts[i])) return std::nullopt;
  }
  // each value converted to its key column's type (MINVALUE, MAXVALUE and NULL as they are)
  const auto values_of = [&](const std::vector<std::string>& values,
                             bool one_key) -> std::optional<std::vector<std::string>> {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string& value = values[i];
      if (is_word(value, "minvalue") || is_word(value, "maxvalue") || is_word(value, "null")) {
        out.push_back(value);
        continue;
      }
      const auto as_key = converted(value, key_types[one_key ? 0 : i]);
      if (!as_key) return std::nullopt;
      out.push_back(*as_key);
    }
    return out;
  };
  using Kind = ddl::PartitionBound::Kind;
  if (bound.kind == Kind::range && key->strategy == "range") {
    if (bound.from.size() != key->parts.size() || bound.to.size() != key->parts.size()) return std::nullopt;
    const auto from = values_of(bound.from, false);
    const auto to = values_of(bound.to, false);
    if (!from || !to) return std::nullopt;
    std::string condition;
    for (const auto& part : key->parts) condition += (condition.empty() ? "(" : " AND (") + part + ") IS NOT NULL";
    for (const bool lower : {true, false}) {
      const auto side = range_side(key->parts, lower ? *from : *to, lower);
      if (!side) return std::nullopt;
      if (!side->empty()) condition += " AND " + *side;
    }
    return condition;
  }
  if (bound.kind == Kind::list && key->strategy == "list" && key->parts.size() == 1 && !bound.in.empty()) {
    const auto listed = values_of(bound.in, true);
    if (!listed) return std::nullopt;
    const std::string& part = key->parts.front();
    std::string values;
    bool null = false;
    for (const auto& value : *listed) {
      if (is_word(value, "null")) {
        null = true;
      } else {
        values += (values.empty() ? "" : ", ") + value;
      }
    }
    // (no NULL listed: a NULL key is not the partition's, and a bare IN would be NULL for it, not false)
    if (values.empty()) return "((" + part + ") IS NULL)";
    const std::string in = "(" + part + ") IN (" + values + ")";
    return null ? "(" + in + " OR (" + part + ") IS NULL)" : "((" + part + ") IS NOT NULL AND " + in + ")";
  }
  return std::nullopt;
}

}  // namespace pgapply::schema
