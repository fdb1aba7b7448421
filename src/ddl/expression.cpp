#include "ddl/expression.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "ddl/literals.hpp"
#include "ddl/token_cursor.hpp"
#include "ddl/types.hpp"
#include "lexer/tokenizer.hpp"

namespace pgapply::ddl {

namespace {

using lexer::Token;
using lexer::TokenKind;

constexpr int kMaxDepth = 32;

// CURRENT_TIMESTAMP and friends: keywords, not function calls.
bool is_sql_value_word(std::string_view word) {
  static constexpr std::array<std::string_view, 11> words = {
      "current_catalog", "current_date", "current_role", "current_schema", "current_time",
      "current_timestamp", "current_user", "localtime", "localtimestamp", "session_user", "user"};
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool takes_precision(std::string_view word) {
  return word == "current_time" || word == "current_timestamp" || word == "localtime" ||
         word == "localtimestamp";
}

// Words that, written before a string, make a typed literal (interval '1 day').
bool is_literal_type_word(std::string_view word) {
  static constexpr std::array<std::string_view, 27> words = {
      "bigint", "bool", "boolean", "bytea", "char", "character", "cidr", "date", "decimal",
      "inet", "int", "integer", "interval", "json", "jsonb", "money", "numeric", "real",
      "smallint", "text", "time", "timestamp", "timestamptz", "timetz", "uuid", "varchar", "xml"};
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool is_string(const Token& t) { return t.kind == TokenKind::string; }

bool is_escape_string(const Token& t) {
  return is_string(t) && !t.text.empty() && (t.text[0] == 'e' || t.text[0] == 'E');
}

// The value of a string token, decoded; nullopt if undecodable.
std::optional<std::string> string_value(const Token& t) {
  if (is_escape_string(t)) return decode_escape_string(t.value);
  return t.value;
}

class TermParser {
 public:
  explicit TermParser(std::string_view text) : text_(text), tokens_(lexer::tokenize(text)), c_(text_, tokens_) {}
  TermParser(const TermParser&) = delete;
  TermParser& operator=(const TermParser&) = delete;

  Term parse() { return parse_range({0, tokens_.size()}, 0); }

 private:
  const Token& at(std::size_t i) const { return tokens_[i]; }

  // The index of the bracket closing the one at `open` (before `end`), or nullopt.
  std::optional<std::size_t> close_of(std::size_t open, std::size_t end) const {
    std::size_t depth = 0;
    for (std::size_t i = open; i < end; ++i) {
      const Token& t = at(i);
      if (t.opens_bracket()) {
        ++depth;
      } else if (t.closes_bracket()) {
        if (depth == 0) return std::nullopt;
        if (--depth == 0) return i;
      }
    }
    return std::nullopt;
  }

  TokenRange strip_parens(TokenRange r) const {
    while (r.end - r.begin >= 2 && at(r.begin).is_punct("(")) {
      const auto close = close_of(r.begin, r.end);
      if (!close || *close != r.end - 1) break;
      r = {r.begin + 1, r.end - 1};
    }
    return r;
  }

  // Index of the last '::' at depth 0 in r.
  std::optional<std::size_t> last_cast(TokenRange r) const {
    std::optional<std::size_t> out;
    lexer::BracketDepth brackets;
    for (std::size_t i = r.begin; i < r.end; ++i) {
      const Token& t = at(i);
      if (!brackets.step(t) && brackets.at_top() && t.is_punct("::")) out = i;
    }
    return out;
  }

  // name ( ... ) or schema.name ( ... ) covering r: the index of '('.
  std::optional<std::size_t> call_paren(TokenRange r) const {
    std::size_t i = r.begin;
    if (i >= r.end || !at(i).is_name()) return std::nullopt;
    ++i;
    while (i + 1 < r.end && at(i).is_punct(".") && at(i + 1).is_name()) i += 2;
    if (i >= r.end || !at(i).is_punct("(")) return std::nullopt;
    const auto close = close_of(i, r.end);
    if (!close || *close != r.end - 1) return std::nullopt;
    return i;
  }

  bool is_type(TokenRange r) const { return !r.empty() && analyse_type(c_.text(r)).recognised; }

  // A typed literal: type 'string'.
  bool is_typed_literal(TokenRange r) const {
    return r.end - r.begin >= 2 && is_string(at(r.end - 1)) && is_type({r.begin, r.end - 1});
  }

  bool is_primary(TokenRange r, int depth) const {
    if (depth > kMaxDepth) return false;
    const TokenRange stripped = strip_parens(r);
    if (stripped.begin != r.begin) return true;
    const std::size_t n = r.end - r.begin;
    if (n == 1) return true;
    if (n == 2 && at(r.begin).kind == TokenKind::op && at(r.begin + 1).kind == TokenKind::number) return true;
    if (call_paren(r)) return true;
    if (at(r.begin).is_word("array") && at(r.begin + 1).is_punct("[") && close_of(r.begin + 1, r.end) == r.end - 1) {
      return true;
    }
    if (is_typed_literal(r)) return true;
    if (const auto cast = last_cast(r)) {
      return is_primary({r.begin, *cast}, depth + 1) && is_type({*cast + 1, r.end});
    }
    return false;
  }

  Term parse_range(TokenRange r, int depth) {
    r = strip_parens(r);
    Term term;
    if (r.empty()) return term;
    if (depth > kMaxDepth) return expression(r);
    const std::size_t n = r.end - r.begin;
    const Token& first = at(r.begin);

    // CAST(x AS type)
    if (first.is_word("cast") && n >= 4 && at(r.begin + 1).is_punct("(") &&
        close_of(r.begin + 1, r.end) == r.end - 1) {
      const TokenRange inside{r.begin + 2, r.end - 1};
      std::optional<std::size_t> as;
      TokenCursor cursor = c_.sub(inside);
      while (true) {
        const std::size_t found = cursor.find_at_depth0([](const Token& t) { return t.is_word("as"); });
        if (found >= inside.end) break;
        as = found;
        cursor.seek(found + 1);
      }
      if (as) {
        Term inner = parse_range({inside.begin, *as}, depth + 1);
        inner.cast = normalize_type(c_.text({*as + 1, inside.end}));
        return inner;
      }
    }
    // x::type
    if (const auto cast = last_cast(r)) {
      const TokenRange left{r.begin, *cast};
      const TokenRange type{*cast + 1, r.end};
      if (is_primary(left, depth) && is_type(type)) {
        Term inner = parse_range(left, depth + 1);
        inner.cast = normalize_type(c_.text(type));
        return inner;
      }
      return expression(r);
    }
    if (n == 1) {
      if (is_string(first)) return string_literal(first);
      if (first.kind == TokenKind::dollar_string) return literal(first.value, true);  // ($$...$$: its body)
      if (first.kind == TokenKind::number) return literal(first.text, false);
      if (first.is_word("true") || first.is_word("false")) return literal(first.value, false);
      if (first.is_word("null")) {
        term.kind = Term::Kind::null;
        return term;
      }
      if (first.kind == TokenKind::word && is_sql_value_word(first.value)) return sql_value(first.value);
    }
    if (n == 2 && first.kind == TokenKind::op && (first.text == "-" || first.text == "+") &&
        at(r.begin + 1).kind == TokenKind::number) {
      std::string number(at(r.begin + 1).text);
      if (first.text == "-") number.insert(0, 1, '-');
      return literal(number, false);
    }
    // CURRENT_TIMESTAMP(3)
    if (n == 4 && first.kind == TokenKind::word && takes_precision(first.value) &&
        at(r.begin + 1).is_punct("(") && at(r.begin + 2).kind == TokenKind::number &&
        at(r.begin + 3).is_punct(")")) {
      return sql_value(first.value + "(" + std::string(at(r.begin + 2).text) + ")");
    }
    if (is_typed_literal(r)) {
      Term inner = string_literal(at(r.end - 1));
      const std::string type_text = c_.text({r.begin, r.end - 1});
      inner.cast = normalize_type(type_text);
      return inner;
    }
    if (const auto paren = call_paren(r)) return function(r, *paren, depth);
    return expression(r);
  }

  Term literal(std::string_view value, bool quoted) const {
    Term term;
    term.kind = Term::Kind::literal;
    term.value = std::string(value);
    term.quoted = quoted;
    return term;
  }

  Term string_literal(const Token& t) const {
    const auto value = string_value(t);
    Term term = literal(value ? *value : std::string(t.value), true);
    term.undecodable = !value;
    return term;
  }

  Term sql_value(std::string_view lower) const {
    Term term;
    term.kind = Term::Kind::sql_value;
    term.value = to_upper(lower);
    return term;
  }

  Term function(TokenRange r, std::size_t paren, int depth) {
    TokenCursor name_cursor = c_.sub({r.begin, paren});
    const auto name = name_cursor.accept_qualified_name();
    Term term;
    term.kind = Term::Kind::function;
    term.value = name->schema.empty() || name->schema == "pg_catalog" ? name->name
                                                                       : name->schema + "." + name->name;
    const TokenRange inside{paren + 1, r.end - 1};
    if (!inside.empty()) {
      for (const auto& arg : c_.split_commas(inside)) term.args.push_back(parse_range(arg, depth + 1));
    }
    // now() and transaction_timestamp() are CURRENT_TIMESTAMP; the server
    // prints each as written, but they are the same value.
    if (term.args.empty() && (term.value == "now" || term.value == "transaction_timestamp")) {
      return sql_value("current_timestamp");
    }
    if (term.args.empty() && term.value == "current_schema") return sql_value("current_schema");
    return term;
  }

  // Canonical tokens of an arbitrary expression.
  Term expression(TokenRange r) const {
    Term term;
    term.kind = Term::Kind::expression;
    std::vector<std::string> strict;
    std::vector<std::string> loose;
    std::vector<bool> grouping;  // per open '(': whether it only groups
    int operators = 0;
    auto emit = [&](const std::string& item, bool in_loose) {
      strict.push_back(item);
      if (in_loose) loose.push_back(item);
    };
    for (std::size_t i = r.begin; i < r.end; ++i) {
      const Token& t = at(i);
      // pg_catalog. before a name
      if (t.is_word("pg_catalog") && i + 2 < r.end && at(i + 1).is_punct(".")) {
        ++i;
        continue;
      }
      if (t.is_punct("::")) {
        const std::size_t type_end = cast_type_end(i + 1, r.end);
        const std::string type = normalize_type(c_.text({i + 1, type_end}));
        const bool after_constant = !loose.empty() && is_constant_item(loose.back());
        if (after_constant) {
          // A cast of a constant: dropped; a quoted number cast to a number
          // type reads as the number ('-1'::integer is -1).
          if (is_numeric_type(type) && loose.back().front() == '\'') {
            const auto number = canonical_decimal(loose.back().substr(1, loose.back().size() - 2));
            if (number) loose.back() = "#" + *number;
          }
          if (!strict.empty() && is_constant_item(strict.back())) strict.back() = loose.back();
        } else {
          emit("::" + type, true);
        }
        i = type_end - 1;
        continue;
      }
      if (t.kind == TokenKind::word && is_literal_type_word(t.value) && i + 1 < r.end && is_string(at(i + 1))) {
        continue;  // interval '1 day' reads as '1 day'
      }
      if (is_string(t)) {
        const auto value = string_value(t);
        emit("'" + (value ? *value : std::string(t.text)) + "'", true);
        continue;
      }
      if (t.kind == TokenKind::number) {
        const auto number = canonical_decimal(t.text);
        emit(number ? "#" + *number : std::string(t.text), true);
        continue;
      }
      if (t.kind == TokenKind::op && (t.text == "-" || t.text == "+") && i + 1 < r.end &&
          at(i + 1).kind == TokenKind::number && starts_operand(loose)) {
        const auto number = canonical_decimal(std::string(t.text == "-" ? "-" : "") + std::string(at(i + 1).text));
        emit(number ? "#" + *number : std::string(t.text) + std::string(at(i + 1).text), true);
        ++i;
        continue;
      }
      if (t.is_punct("(")) {
        const bool groups = i == r.begin || !(at(i - 1).is_name() && !is_operator_word(at(i - 1)));
        grouping.push_back(groups);
        emit("(", !groups);
        continue;
      }
      if (t.is_punct(")")) {
        const bool groups = !grouping.empty() && grouping.back();
        if (!grouping.empty()) grouping.pop_back();
        emit(")", !groups);
        continue;
      }
      if (t.kind == TokenKind::op || is_operator_word(t)) ++operators;
      emit(t.kind == TokenKind::word || t.kind == TokenKind::quoted_identifier ? t.value : std::string(t.text), true);
    }
    term.value = join(strict);
    term.loose = join(loose);
    term.operators = operators;
    return term;
  }

  static bool is_operator_word(const Token& t) {
    return t.is_word("and") || t.is_word("or") || t.is_word("not") || t.is_word("is") ||
           t.is_word("like") || t.is_word("ilike") || t.is_word("in") || t.is_word("between");
  }

  static bool is_constant_item(const std::string& item) {
    return !item.empty() && (item.front() == '\'' || item.front() == '#');
  }

  // A sign here starts a number rather than subtracting.
  static bool starts_operand(const std::vector<std::string>& emitted) {
    if (emitted.empty()) return true;
    const std::string& last = emitted.back();
    if (last == "(" || last == "," || last == "[") return true;
    return std::none_of(last.begin(), last.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '\'' || ch == '#' || ch == ')' ||
             ch == ']' || ch == '_';
    });
  }

  // The end of a type name after '::': name[.name], multi-word spellings,
  // (typmods) and [].
  std::size_t cast_type_end(std::size_t i, std::size_t end) const {
    if (i >= end || !at(i).is_name()) return std::min(i, end);
    ++i;
    while (i + 1 < end && at(i).is_punct(".") && at(i + 1).is_name()) i += 2;
    while (i < end) {
      const Token& t = at(i);
      if (t.is_word("precision") || t.is_word("varying") || t.is_word("with") || t.is_word("without") ||
          t.is_word("time") || t.is_word("zone")) {
        ++i;
      } else if (t.opens_bracket()) {
        i = c_.sub({i, end}).group_end(i);
      } else {
        break;
      }
    }
    return i;
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
      if (!out.empty()) out += ' ';
      out += item;
    }
    return out;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  TokenCursor c_;
};

}  // namespace

Term parse_term(std::string_view text) { return TermParser(text).parse(); }

bool is_numeric_type(std::string_view normalized_type) {
  const std::string base = without_typmod(normalized_type);
  return base == "smallint" || base == "integer" || base == "bigint" || base == "numeric" || base == "real" ||
         base == "double precision";
}

std::string not_null_check_column(std::string_view expression) {
  const auto tokens = lexer::tokenize(expression);
  std::vector<const lexer::Token*> meaningful;
  for (const auto& token : tokens) {
    if (!token.is_punct("(") && !token.is_punct(")")) meaningful.push_back(&token);
  }
  if (meaningful.size() == 4 && meaningful[0]->is_name() && meaningful[1]->is_word("is") &&
      meaningful[2]->is_word("not") && meaningful[3]->is_word("null")) {
    return meaningful[0]->value;
  }
  return {};
}

std::string not_null_check_column_of_definition(std::string_view definition) {
  // "CHECK (" expression ")" then NOT VALID, NO INHERIT...: the expression is
  // up to the parenthesis that closes the first (a NOT NULL check has no quotes).
  constexpr std::string_view kCheck = "CHECK (";
  if (!definition.starts_with(kCheck)) return {};
  int depth = 1;
  for (std::size_t i = kCheck.size(); i < definition.size(); ++i) {
    if (definition[i] == '(') ++depth;
    if (definition[i] == ')' && --depth == 0) {
      return not_null_check_column(definition.substr(kCheck.size(), i - kCheck.size()));
    }
  }
  return {};
}

}  // namespace pgapply::ddl
